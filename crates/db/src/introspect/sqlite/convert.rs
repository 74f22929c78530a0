//! Catalog rows and stored DDL → the schema model. Pure: literal rows in, model out.

use std::collections::BTreeMap;

use plumb_engine::dialect::{Flavor, ServerVersion};
use plumb_engine::model::{
    CheckConstraint, Column, ColumnType, Database, Deferrable, ForeignKey, Generated, GeneratedStorage, Identity,
    Index, IndexKey, IndexPart, MatchKind, PrimaryKey, ReferentialAction, Schema, Table, TableExtras, TableStats,
    Trigger, UniqueConstraint, UnsupportedObject, View,
};

use super::ddl::{self, TableDdl};
use super::normalize::type_kind;
use super::rows::{ColumnRow, ForeignKeyRow, IndexRow, ObjectRow, TableRow};
use crate::{Error, Result};

/// Everything the catalog queries returned, in one place.
#[derive(Debug, Default)]
pub(crate) struct CatalogRows {
    pub objects: Vec<ObjectRow>,
    pub tables: Vec<TableRow>,
    pub columns: Vec<ColumnRow>,
    pub indexes: Vec<IndexRow>,
    pub foreign_keys: Vec<ForeignKeyRow>,
    /// Row counts by table name.
    pub row_counts: BTreeMap<String, u64>,
}

/// The schema SQLite calls `main`: the database file itself.
pub(crate) const MAIN_SCHEMA: &str = "main";

fn definition_error(kind: &str, name: &str) -> impl FnOnce(String) -> Error {
    let object = format!("{kind} {name}");
    move |reason| Error::Definition { object, reason }
}

fn same_name(a: &str, b: &str) -> bool {
    // SQLite identifiers are case-insensitive for ASCII letters.
    a.eq_ignore_ascii_case(b)
}

fn same_names(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_name(x, y))
}

fn referential_action(text: &str, table: &str) -> Result<ReferentialAction> {
    Ok(match text.to_ascii_uppercase().as_str() {
        "NO ACTION" => ReferentialAction::NoAction,
        "RESTRICT" => ReferentialAction::Restrict,
        "CASCADE" => ReferentialAction::Cascade,
        "SET NULL" => ReferentialAction::SetNull,
        "SET DEFAULT" => ReferentialAction::SetDefault,
        other => return Err(definition_error("table", table)(format!("unknown foreign key action {other:?}"))),
    })
}

/// Builds the model of an SQLite database from its catalog rows.
pub(crate) fn build(rows: &CatalogRows, version: ServerVersion) -> Result<Database> {
    let sql_of = |kind: &str, name: &str| {
        rows.objects.iter().find(|o| o.kind == kind && o.name == name).and_then(|o| o.sql.as_deref())
    };
    let mut schema = Schema::new(MAIN_SCHEMA);
    let mut unsupported = Vec::new();
    for table_row in &rows.tables {
        if table_row.kind != "table" {
            // Virtual tables (FTS5, R*Tree…) and the shadow tables that store their data.
            unsupported.push(UnsupportedObject {
                kind: format!("{} table", table_row.kind),
                schema: Some(MAIN_SCHEMA.to_owned()),
                name: table_row.name.clone(),
            });
            continue;
        }
        let name = &table_row.name;
        let sql =
            sql_of("table", name).ok_or_else(|| definition_error("table", name)("no stored CREATE text".into()))?;
        let table_ddl = ddl::parse_table(sql).map_err(definition_error("table", name))?;
        schema.tables.push(build_table(rows, table_row, &table_ddl, &sql_of)?);
    }
    resolve_implicit_references(&mut schema.tables);
    for object in &rows.objects {
        let Some(sql) = object.sql.as_deref() else {
            continue;
        };
        match object.kind.as_str() {
            "view" => schema.views.push(View {
                name: object.name.clone(),
                definition: ddl::parse_view(sql).map_err(definition_error("view", &object.name))?,
                materialized: false,
                indexes: Vec::new(),
                comment: None,
            }),
            "trigger" => {
                let header = ddl::parse_trigger(sql).map_err(definition_error("trigger", &object.name))?;
                schema.triggers.push(Trigger {
                    name: object.name.clone(),
                    table: object.table_name.clone(),
                    timing: header.timing,
                    events: header.events,
                    update_columns: header.update_columns,
                    for_each_row: header.for_each_row,
                    condition: header.condition,
                    definition: sql.to_owned(),
                    comment: None,
                });
            }
            _ => {}
        }
    }
    let mut database = Database::new(Flavor::Sqlite, Some(version));
    database.schemas.push(schema);
    database.unsupported = unsupported;
    database.canonicalize();
    Ok(database)
}

fn build_table<'a>(
    rows: &CatalogRows,
    table_row: &TableRow,
    table_ddl: &TableDdl,
    sql_of: &impl Fn(&str, &str) -> Option<&'a str>,
) -> Result<Table> {
    let name = &table_row.name;
    let mut table = Table::new(name.clone());
    let column_rows: Vec<&ColumnRow> = rows.columns.iter().filter(|c| &c.table_name == name).collect();

    let mut pk_columns: Vec<&ColumnRow> = column_rows.iter().copied().filter(|c| c.pk_position > 0).collect();
    pk_columns.sort_by_key(|c| c.pk_position);
    // `INTEGER PRIMARY KEY` on a rowid table aliases the rowid, which is never NULL whatever the
    // declaration says (https://www.sqlite.org/lang_createtable.html#rowid).
    let rowid_alias = match pk_columns.as_slice() {
        [only] if !table_row.without_rowid && only.declared_type.eq_ignore_ascii_case("INTEGER") => {
            Some(only.name.as_str())
        }
        _ => None,
    };
    if !pk_columns.is_empty() {
        table.primary_key = Some(PrimaryKey {
            name: table_ddl.primary_key_name.clone(),
            columns: pk_columns.iter().map(|c| c.name.clone()).collect(),
            deferrable: Deferrable::NotDeferrable,
            comment: None,
        });
    }

    for row in column_rows {
        // hidden = 1 marks the hidden columns of virtual tables, which are not user columns.
        let generated_storage = match row.hidden {
            1 => continue,
            2 => Some(GeneratedStorage::Virtual),
            3 => Some(GeneratedStorage::Stored),
            _ => None,
        };
        let column_ddl = table_ddl.columns.iter().find(|c| same_name(&c.name, &row.name));
        let generated = match (generated_storage, column_ddl.and_then(|c| c.generated.clone())) {
            (Some(storage), Some(expression)) => Some(Generated { expression, storage }),
            (Some(_), None) => {
                return Err(definition_error("table", name)(format!("no expression for generated column {}", row.name)))
            }
            _ => None,
        };
        table.columns.push(Column {
            name: row.name.clone(),
            column_type: ColumnType::new(row.declared_type.clone(), type_kind(&row.declared_type)),
            nullable: !row.not_null && rowid_alias != Some(row.name.as_str()),
            default: row.default_value.clone(),
            identity: column_ddl.filter(|c| c.autoincrement).map(|_| Identity::AutoIncrement),
            generated,
            collation: column_ddl.and_then(|c| c.collation.clone()),
            comment: None,
            extras: None,
        });
    }

    let mut index_rows: BTreeMap<&str, Vec<&IndexRow>> = BTreeMap::new();
    for row in rows.indexes.iter().filter(|r| &r.table_name == name) {
        index_rows.entry(row.index_name.as_str()).or_default().push(row);
    }
    for (index_name, parts) in index_rows {
        let first = parts[0];
        match first.origin.as_str() {
            "u" => {
                let columns: Vec<String> = parts.iter().filter_map(|p| p.column_name.clone()).collect();
                let declared = table_ddl.uniques.iter().find(|u| same_names(&u.columns, &columns));
                table.unique_constraints.push(UniqueConstraint {
                    name: declared.and_then(|u| u.name.clone()),
                    columns,
                    nulls_not_distinct: false,
                    deferrable: Deferrable::NotDeferrable,
                    comment: None,
                });
            }
            "c" => {
                let sql = sql_of("index", index_name)
                    .ok_or_else(|| definition_error("index", index_name)("no stored CREATE text".into()))?;
                let index_ddl = ddl::parse_index(sql).map_err(definition_error("index", index_name))?;
                if index_ddl.parts.len() != parts.len() {
                    return Err(definition_error("index", index_name)("key parts disagree with the catalog".into()));
                }
                let parts = parts
                    .iter()
                    .zip(&index_ddl.parts)
                    .map(|(row, part)| IndexPart {
                        key: match &row.column_name {
                            Some(column) if row.cid >= 0 => IndexKey::Column(column.clone()),
                            _ => IndexKey::Expression(part.expression.clone()),
                        },
                        descending: row.descending,
                        collation: part.collation.clone(),
                        nulls_first: None,
                        opclass: None,
                        prefix_length: None,
                    })
                    .collect();
                table.indexes.push(Index {
                    name: index_name.to_owned(),
                    unique: first.is_unique,
                    parts,
                    predicate: if first.partial { index_ddl.predicate } else { None },
                    method: None,
                    include: Vec::new(),
                    nulls_not_distinct: false,
                    comment: None,
                });
            }
            // "pk": the primary key's own index, already described by `primary_key`.
            _ => {}
        }
    }

    let mut fk_rows: BTreeMap<i64, Vec<&ForeignKeyRow>> = BTreeMap::new();
    for row in rows.foreign_keys.iter().filter(|r| &r.table_name == name) {
        fk_rows.entry(row.id).or_default().push(row);
    }
    for mut pairs in fk_rows.into_values() {
        pairs.sort_by_key(|p| p.seq);
        let first = pairs[0];
        let columns: Vec<String> = pairs.iter().map(|p| p.column_name.clone()).collect();
        let declared = table_ddl
            .foreign_keys
            .iter()
            .find(|fk| same_names(&fk.columns, &columns) && same_name(&fk.referenced_table, &first.referenced_table));
        table.foreign_keys.push(ForeignKey {
            name: declared.and_then(|fk| fk.name.clone()),
            columns,
            referenced_schema: None,
            referenced_table: first.referenced_table.clone(),
            // Filled in from the parent's primary key by `resolve_implicit_references` when the
            // clause names no columns.
            referenced_columns: pairs.iter().filter_map(|p| p.referenced_column.clone()).collect(),
            on_delete: referential_action(&first.on_delete, name)?,
            on_update: referential_action(&first.on_update, name)?,
            // SQLite parses MATCH clauses but ignores them (https://www.sqlite.org/foreignkeys.html).
            match_kind: MatchKind::Simple,
            deferrable: declared.map_or(Deferrable::NotDeferrable, |fk| fk.deferrable),
            not_valid: false,
            comment: None,
        });
    }

    table.checks = table_ddl
        .checks
        .iter()
        .map(|(name, expression)| CheckConstraint {
            name: name.clone(),
            expression: expression.clone(),
            not_valid: false,
            comment: None,
        })
        .collect();
    table.extras = Some(TableExtras::Sqlite { without_rowid: table_row.without_rowid, strict: table_row.strict });
    table.stats = rows.row_counts.get(name).map(|&row_count| TableStats {
        row_count,
        estimated: false,
        total_bytes: None,
        next_auto_increment: None,
    });
    Ok(table)
}

/// `REFERENCES parent` without columns means the parent's primary key
/// (<https://www.sqlite.org/foreignkeys.html#fk_indexes>).
fn resolve_implicit_references(tables: &mut [Table]) {
    let primary_keys: BTreeMap<String, Vec<String>> = tables
        .iter()
        .filter_map(|t| t.primary_key.as_ref().map(|pk| (t.name.to_ascii_lowercase(), pk.columns.clone())))
        .collect();
    for fk in tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
        if fk.referenced_columns.is_empty() {
            if let Some(pk) = primary_keys.get(&fk.referenced_table.to_ascii_lowercase()) {
                fk.referenced_columns = pk.clone();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_row(name: &str) -> TableRow {
        TableRow { name: name.into(), kind: "table".into(), without_rowid: false, strict: false }
    }

    fn object(kind: &str, name: &str, table: &str, sql: &str) -> ObjectRow {
        ObjectRow { kind: kind.into(), name: name.into(), table_name: table.into(), sql: Some(sql.into()) }
    }

    fn column(table: &str, name: &str, declared: &str, pk_position: i64) -> ColumnRow {
        ColumnRow {
            table_name: table.into(),
            name: name.into(),
            declared_type: declared.into(),
            not_null: false,
            default_value: None,
            pk_position,
            hidden: 0,
        }
    }

    fn fk_row(table: &str, column: &str, parent: &str, referenced: Option<&str>, on_delete: &str) -> ForeignKeyRow {
        ForeignKeyRow {
            table_name: table.into(),
            id: 0,
            seq: 0,
            referenced_table: parent.into(),
            column_name: column.into(),
            referenced_column: referenced.map(Into::into),
            on_update: "NO ACTION".into(),
            on_delete: on_delete.into(),
        }
    }

    fn version() -> ServerVersion {
        ServerVersion::new(3, 46, 0)
    }

    #[test]
    fn only_integer_primary_keys_of_rowid_tables_are_never_null() {
        let rows = CatalogRows {
            objects: vec![
                object("table", "a", "a", "CREATE TABLE a (id INTEGER PRIMARY KEY)"),
                object("table", "b", "b", "CREATE TABLE b (id INT PRIMARY KEY)"),
                object("table", "c", "c", "CREATE TABLE c (id INTEGER PRIMARY KEY) WITHOUT ROWID"),
            ],
            tables: vec![table_row("a"), table_row("b"), TableRow { without_rowid: true, ..table_row("c") }],
            columns: vec![
                column("a", "id", "INTEGER", 1),
                column("b", "id", "INT", 1),
                column("c", "id", "INTEGER", 1),
            ],
            ..CatalogRows::default()
        };
        let db = build(&rows, version()).unwrap();
        let nullable = |t: &str| db.schemas[0].table(t).unwrap().columns[0].nullable;
        assert!(!nullable("a"), "INTEGER PRIMARY KEY aliases the rowid");
        assert!(nullable("b"), "INT PRIMARY KEY is not a rowid alias and SQLite lets it hold NULL");
        assert!(nullable("c"), "WITHOUT ROWID reports NOT NULL itself; the declaration here has none");
    }

    #[test]
    fn references_without_columns_point_at_the_parent_primary_key() {
        let rows = CatalogRows {
            objects: vec![
                object("table", "parent", "parent", "CREATE TABLE parent (a INT, b INT, PRIMARY KEY (a, b))"),
                object("table", "child", "child", "CREATE TABLE child (x INT REFERENCES parent)"),
            ],
            tables: vec![table_row("child"), table_row("parent")],
            columns: vec![
                column("parent", "a", "INT", 1),
                column("parent", "b", "INT", 2),
                column("child", "x", "INT", 0),
            ],
            foreign_keys: vec![fk_row("child", "x", "parent", None, "CASCADE")],
            ..CatalogRows::default()
        };
        let db = build(&rows, version()).unwrap();
        let fk = &db.schemas[0].table("child").unwrap().foreign_keys[0];
        assert_eq!(fk.referenced_columns, ["a", "b"]);
        assert_eq!(fk.on_delete, ReferentialAction::Cascade);
    }

    #[test]
    fn unreadable_catalog_facts_are_errors_naming_the_object() {
        let base = CatalogRows {
            objects: vec![object("table", "t", "t", "CREATE TABLE t (x INT)")],
            tables: vec![table_row("t")],
            columns: vec![column("t", "x", "INT", 0)],
            ..CatalogRows::default()
        };
        let unknown_action = CatalogRows { foreign_keys: vec![fk_row("t", "x", "p", Some("id"), "EXPLODE")], ..base };
        let err = build(&unknown_action, version()).unwrap_err().to_string();
        assert!(err.contains("table t") && err.contains("EXPLODE"), "{err}");

        let no_text = CatalogRows {
            objects: vec![],
            tables: vec![table_row("t")],
            columns: vec![column("t", "x", "INT", 0)],
            ..CatalogRows::default()
        };
        assert!(build(&no_text, version()).unwrap_err().to_string().contains("table t"));

        let bad_view = CatalogRows {
            objects: vec![object("view", "v", "v", "CREATE VIEW v AS SELEC 1")],
            ..CatalogRows::default()
        };
        let err = build(&bad_view, version()).unwrap_err().to_string();
        assert!(err.contains("view v"), "{err}");
    }

    #[test]
    fn generated_columns_without_an_expression_are_refused() {
        let rows = CatalogRows {
            objects: vec![object("table", "t", "t", "CREATE TABLE t (x INT)")],
            tables: vec![table_row("t")],
            columns: vec![ColumnRow { hidden: 2, ..column("t", "x", "INT", 0) }],
            ..CatalogRows::default()
        };
        let err = build(&rows, version()).unwrap_err().to_string();
        assert!(err.contains("generated column x"), "{err}");
    }

    #[test]
    fn hidden_virtual_table_columns_are_not_user_columns() {
        let rows = CatalogRows {
            objects: vec![object("table", "t", "t", "CREATE TABLE t (x INT)")],
            tables: vec![table_row("t")],
            columns: vec![column("t", "x", "INT", 0), ColumnRow { hidden: 1, ..column("t", "rank", "", 0) }],
            ..CatalogRows::default()
        };
        let db = build(&rows, version()).unwrap();
        assert_eq!(db.schemas[0].table("t").unwrap().columns.len(), 1);
    }
}
