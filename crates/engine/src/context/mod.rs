//! The schema as context for people and LLMs (`plumb export`): a documented, versioned JSON
//! (`plumb-context`, its JSON Schema in [`JSON_SCHEMA`]) with every table's columns, types,
//! nullability, keys, indexes, checks, relations in both directions (`foreign_keys` and
//! `referenced_by`), enums, views, comments and row estimates — no data, no secrets, no time
//! stamps — and a Markdown rendering of the same.
//!
//! Deterministic: the model is canonical (sorted), `referenced_by` is sorted, and nothing depends
//! on the clock or the connection, so exporting an unchanged database gives the same bytes.

mod markdown;

use serde::{Deserialize, Serialize};

use crate::model::{Column, Database, ForeignKey, IndexKey, ReferentialAction, Table};

pub use markdown::markdown;

/// The `format` value of every export.
pub const CONTEXT_FORMAT: &str = "plumb-context";
/// The version of the export format this build writes. A new field is a minor change and keeps
/// the version; a removed or changed field raises it.
pub const CONTEXT_VERSION: u32 = 1;
/// The JSON Schema (draft 2020-12) the export follows.
pub const JSON_SCHEMA: &str = include_str!("plumb-context.schema.json");

/// A whole export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Context {
    /// Always [`CONTEXT_FORMAT`].
    pub format: String,
    /// [`CONTEXT_VERSION`].
    pub version: u32,
    /// `postgres`, `mysql` or `sqlite`.
    pub dialect: String,
    /// `postgres`, `mysql`, `mariadb` or `sqlite`.
    pub flavor: String,
    /// The server version, when known.
    pub server_version: Option<String>,
    /// Namespaces: PostgreSQL schemas, the MySQL database, SQLite's `main`.
    pub schemas: Vec<SchemaContext>,
}

/// One namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaContext {
    /// Its name.
    pub name: String,
    /// Its comment.
    pub comment: Option<String>,
    /// Its tables, by name.
    pub tables: Vec<TableContext>,
    /// Its views and materialized views, by name.
    pub views: Vec<ViewContext>,
    /// Its enum types (PostgreSQL), by name.
    pub enums: Vec<EnumContext>,
}

/// One table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableContext {
    /// Its name.
    pub name: String,
    /// `schema.table`, the name other entries refer to it by.
    pub qualified_name: String,
    /// Its comment.
    pub comment: Option<String>,
    /// The server's estimate of its rows (exact for SQLite), when known.
    pub row_estimate: Option<u64>,
    /// Its columns, in table order.
    pub columns: Vec<ColumnContext>,
    /// The primary key's columns (empty without one).
    pub primary_key: Vec<String>,
    /// Unique constraints.
    pub unique: Vec<KeyContext>,
    /// Indexes (expressions in parentheses).
    pub indexes: Vec<IndexContext>,
    /// Check constraints' expressions.
    pub checks: Vec<String>,
    /// Relations to other tables.
    pub foreign_keys: Vec<ForeignKeyContext>,
    /// Relations from other tables to this one.
    pub referenced_by: Vec<ReferenceContext>,
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnContext {
    /// Its name.
    pub name: String,
    /// Its type as the server spells it.
    #[serde(rename = "type")]
    pub column_type: String,
    /// Whether it accepts NULL.
    pub nullable: bool,
    /// Its default expression.
    pub default: Option<String>,
    /// Whether it is (part of) the primary key.
    pub primary_key: bool,
    /// How the database fills it: `auto_increment`, `always`, `by_default`.
    pub identity: Option<String>,
    /// The expression it is generated from.
    pub generated: Option<String>,
    /// Its comment.
    pub comment: Option<String>,
}

/// A unique key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyContext {
    /// Its name, when it has one.
    pub name: Option<String>,
    /// Its columns.
    pub columns: Vec<String>,
}

/// An index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexContext {
    /// Its name.
    pub name: String,
    /// Its columns, or expressions in parentheses.
    pub columns: Vec<String>,
    /// Whether it enforces uniqueness.
    pub unique: bool,
    /// The rows it covers, when partial.
    pub predicate: Option<String>,
}

/// A relation from this table to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignKeyContext {
    /// The constraint's name, when it has one.
    pub name: Option<String>,
    /// This table's columns.
    pub columns: Vec<String>,
    /// The table referenced, `schema.table`.
    pub references: String,
    /// Its columns.
    pub referenced_columns: Vec<String>,
    /// `no action`, `restrict`, `cascade`, `set null` or `set default`.
    pub on_delete: String,
    /// The same, on update.
    pub on_update: String,
}

/// A relation from another table to this one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferenceContext {
    /// The constraint's name, when it has one.
    pub name: Option<String>,
    /// The referencing table, `schema.table`.
    pub table: String,
    /// Its columns.
    pub columns: Vec<String>,
    /// This table's columns they point at.
    pub referenced_columns: Vec<String>,
}

/// A view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewContext {
    /// Its name.
    pub name: String,
    /// Whether it is materialized.
    pub materialized: bool,
    /// Its query as the server prints it.
    pub definition: String,
    /// Its comment.
    pub comment: Option<String>,
}

/// An enum type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumContext {
    /// Its name.
    pub name: String,
    /// Its labels, in order.
    pub values: Vec<String>,
    /// Its comment.
    pub comment: Option<String>,
}

fn action(action: ReferentialAction) -> String {
    match action {
        ReferentialAction::NoAction => "no action",
        ReferentialAction::Restrict => "restrict",
        ReferentialAction::Cascade => "cascade",
        ReferentialAction::SetNull => "set null",
        ReferentialAction::SetDefault => "set default",
    }
    .to_owned()
}

/// A unit enum's name as the model's JSON spells it (`by_default`, `mariadb`).
fn serde_name<T: Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn identity(column: &Column) -> Option<String> {
    column.identity.map(serde_name)
}

fn referenced(schema: &str, fk: &ForeignKey) -> String {
    format!("{}.{}", fk.target_schema(schema), fk.referenced_table)
}

fn table(db: &Database, schema: &str, t: &Table) -> TableContext {
    let qualified_name = format!("{schema}.{}", t.name);
    let key: &[String] = t.primary_key.as_ref().map_or(&[], |k| k.columns.as_slice());
    let mut referenced_by: Vec<ReferenceContext> = db
        .tables()
        .flat_map(|(s, other)| {
            other.foreign_keys.iter().filter(|fk| referenced(&s.name, fk) == qualified_name).map(|fk| {
                ReferenceContext {
                    name: fk.name.clone(),
                    table: format!("{}.{}", s.name, other.name),
                    columns: fk.columns.clone(),
                    referenced_columns: fk.referenced_columns.clone(),
                }
            })
        })
        .collect();
    referenced_by.sort_by(|a, b| (&a.table, &a.name, &a.columns).cmp(&(&b.table, &b.name, &b.columns)));
    TableContext {
        name: t.name.clone(),
        comment: t.comment.clone(),
        row_estimate: t.stats.as_ref().map(|s| s.row_count),
        columns: t
            .columns
            .iter()
            .map(|c| ColumnContext {
                name: c.name.clone(),
                column_type: c.column_type.raw.clone(),
                nullable: c.nullable,
                default: c.default.clone(),
                primary_key: key.contains(&c.name),
                identity: identity(c),
                generated: c.generated.as_ref().map(|g| g.expression.clone()),
                comment: c.comment.clone(),
            })
            .collect(),
        primary_key: key.to_vec(),
        unique: t
            .unique_constraints
            .iter()
            .map(|u| KeyContext { name: u.name.clone(), columns: u.columns.clone() })
            .collect(),
        indexes: t
            .indexes
            .iter()
            .map(|i| IndexContext {
                name: i.name.clone(),
                columns: i
                    .parts
                    .iter()
                    .map(|p| match &p.key {
                        IndexKey::Column(name) => name.clone(),
                        IndexKey::Expression(expr) => format!("({expr})"),
                    })
                    .collect(),
                unique: i.unique,
                predicate: i.predicate.clone(),
            })
            .collect(),
        checks: t.checks.iter().map(|c| c.expression.clone()).collect(),
        foreign_keys: t
            .foreign_keys
            .iter()
            .map(|fk| ForeignKeyContext {
                name: fk.name.clone(),
                columns: fk.columns.clone(),
                references: referenced(schema, fk),
                referenced_columns: fk.referenced_columns.clone(),
                on_delete: action(fk.on_delete),
                on_update: action(fk.on_update),
            })
            .collect(),
        referenced_by,
        qualified_name,
    }
}

/// The export of `db`.
pub fn context(db: &Database) -> Context {
    Context {
        format: CONTEXT_FORMAT.to_owned(),
        version: CONTEXT_VERSION,
        dialect: serde_name(db.flavor.dialect()),
        flavor: serde_name(db.flavor),
        server_version: db.server_version.map(|v| v.to_string()),
        schemas: db
            .schemas
            .iter()
            .map(|s| SchemaContext {
                name: s.name.clone(),
                comment: s.comment.clone(),
                tables: s.tables.iter().map(|t| table(db, &s.name, t)).collect(),
                views: s
                    .views
                    .iter()
                    .map(|v| ViewContext {
                        name: v.name.clone(),
                        materialized: v.materialized,
                        definition: v.definition.clone(),
                        comment: v.comment.clone(),
                    })
                    .collect(),
                enums: s
                    .enums
                    .iter()
                    .map(|e| EnumContext { name: e.name.clone(), values: e.labels.clone(), comment: e.comment.clone() })
                    .collect(),
            })
            .collect(),
    }
}

impl Context {
    /// The export as pretty JSON with a final newline: the bytes `plumb export` writes.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("an export serializes");
        text.push('\n');
        text
    }
}

#[cfg(test)]
mod tests;
