//! A database → a `schema.prisma`, as `prisma db pull` writes one: a model per table, a field per
//! column, relation fields on both ends of every foreign key, enums, `@map`/`@@map` where a name is
//! not a Prisma identifier, and `map:` wherever a key or index name is not Prisma's default, so
//! that [`super::to_database`] gives back the same database. Names an earlier schema chose for the
//! same tables, columns and enums are kept. What Prisma cannot say is listed in `warnings`.

mod blocks;
mod columns;
mod idents;
mod indexes;
mod relations;
mod types;
mod warnings;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::ast::{Arg, Expr, FieldType, KeyValueBlock, PrismaSchema};
use super::names::{default_name, Kind};
use crate::dialect::Dialect;
use crate::model::{
    mysql_enum_labels, Column, Database, ForeignKey, Identity, Index, IndexKey, ReferentialAction, Table, TableExtras,
};
use blocks::*;
use idents::*;
use relations::*;
use types::*;

/// A pulled schema: the text, and what it could not say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pulled {
    /// The `schema.prisma` text.
    pub schema: String,
    /// One line per object or property the schema leaves out or changes, naming it.
    pub warnings: Vec<String>,
}

/// Writes `db` as a Prisma schema. `previous`, the schema the file held, lends its names.
pub fn from_database(db: &Database, previous: Option<&PrismaSchema>) -> Pulled {
    let mut printer = Printer::new(db, previous);
    let text = printer.print();
    Pulled { schema: text, warnings: printer.warnings }
}

/// An enum as pulled: its Prisma name and the labels, each with a Prisma value name.
struct PulledEnum {
    name: String,
    db_name: String,
    schema: String,
    values: Vec<(String, String)>,
}

/// A relation field to print on a model.
struct RelationField {
    name: String,
    target: String,
    /// `?`, `[]` or nothing.
    arity: &'static str,
    /// The `@relation(…)` arguments, empty for a plain back-relation.
    args: Vec<String>,
}

/// Names an earlier schema gave: per table, its model name and its columns' field names.
#[derive(Default)]
struct Kept {
    models: BTreeMap<(String, String), String>,
    fields: BTreeMap<(String, String, String), String>,
    enums: BTreeMap<(String, String), String>,
}

struct Printer<'a> {
    db: &'a Database,
    dialect: Dialect,
    multi_schema: bool,
    home: String,
    /// (schema, table) → model name.
    models: BTreeMap<(String, String), String>,
    /// (schema, table, column) → field name.
    fields: BTreeMap<(String, String, String), String>,
    enums: Vec<PulledEnum>,
    /// (schema, table, column) → index into `enums`, for MySQL's inline enums.
    inline_enums: BTreeMap<(String, String, String), usize>,
    relations: BTreeMap<(String, String), Vec<RelationField>>,
    /// Tables of implicit many-to-many relations (`_CategoryToPost`): list fields, not models.
    join_tables: BTreeSet<TableKey>,
    /// The generator and datasource blocks of the schema pulled into, kept as they were.
    generators: Vec<KeyValueBlock>,
    datasource: Option<KeyValueBlock>,
    warnings: Vec<String>,
}

impl<'a> Printer<'a> {
    fn new(db: &'a Database, previous: Option<&PrismaSchema>) -> Self {
        let dialect = db.flavor.dialect();
        let used: Vec<&str> = db
            .schemas
            .iter()
            .filter(|s| !s.tables.is_empty() || !s.enums.is_empty())
            .map(|s| s.name.as_str())
            .collect();
        let home = if dialect == Dialect::Postgres {
            "public".to_owned()
        } else {
            db.schemas.first().map_or_else(|| "main".to_owned(), |s| s.name.clone())
        };
        let multi_schema = dialect == Dialect::Postgres && used.iter().any(|s| *s != "public");
        let mut printer = Printer {
            db,
            dialect,
            multi_schema,
            home,
            models: BTreeMap::new(),
            fields: BTreeMap::new(),
            enums: Vec::new(),
            inline_enums: BTreeMap::new(),
            relations: BTreeMap::new(),
            join_tables: BTreeSet::new(),
            generators: previous.map(|p| p.generators.clone()).unwrap_or_default(),
            datasource: previous.and_then(|p| p.datasources.first().cloned()),
            warnings: Vec::new(),
        };
        let kept = previous.map(|p| printer.kept(p)).unwrap_or_default();
        printer.name_everything(&kept);
        printer.relations();
        printer
    }

    /// The names `previous` gives the database's objects (by `@@map`/`@map` and `@@schema`).
    fn kept(&self, previous: &PrismaSchema) -> Kept {
        let mapped = |attrs: &[super::ast::Attribute], name: &str| -> String {
            attrs
                .iter()
                .find(|a| a.name == "map")
                .and_then(|a| a.arg("name", true))
                .and_then(|e| if let Expr::String(s) = e { Some(s.clone()) } else { None })
                .unwrap_or_else(|| name.to_owned())
        };
        let schema_of = |attrs: &[super::ast::Attribute]| -> String {
            attrs
                .iter()
                .find(|a| a.name == "schema" || a.name == "namespace")
                .and_then(|a| a.arg("name", true))
                .and_then(|e| if let Expr::String(s) = e { Some(s.clone()) } else { None })
                .filter(|_| self.dialect == Dialect::Postgres)
                .unwrap_or_else(|| self.home.clone())
        };
        let mut kept = Kept::default();
        for model in previous.models.iter().filter(|m| !m.view) {
            let key = (schema_of(&model.attributes), mapped(&model.attributes, &model.name));
            for field in &model.fields {
                if matches!(&field.field_type, FieldType::Named(t) if previous.models.iter().any(|m| &m.name == t)) {
                    continue;
                }
                let column = mapped(&field.attributes, &field.name);
                kept.fields.insert((key.0.clone(), key.1.clone(), column), field.name.clone());
            }
            kept.models.insert(key, model.name.clone());
        }
        for e in &previous.enums {
            kept.enums.insert((schema_of(&e.attributes), mapped(&e.attributes, &e.name)), e.name.clone());
        }
        kept
    }

    fn name_everything(&mut self, kept: &Kept) {
        // Models and enums share one namespace, with the scalar type names.
        let mut top: BTreeSet<String> = SCALARS.iter().chain(RESERVED.iter()).map(|s| (*s).to_owned()).collect();
        for schema in &self.db.schemas {
            for table in &schema.tables {
                let key = (schema.name.clone(), table.name.clone());
                let wanted = kept.models.get(&key).cloned().unwrap_or_else(|| identifier(&table.name));
                let name = unique_name(wanted, &mut top);
                let mut taken = BTreeSet::new();
                for column in &table.columns {
                    let ckey = (schema.name.clone(), table.name.clone(), column.name.clone());
                    let wanted = kept.fields.get(&ckey).cloned().unwrap_or_else(|| identifier(&column.name));
                    self.fields.insert(ckey, unique_name(wanted, &mut taken));
                }
                self.models.insert(key, name);
            }
        }
        for schema in &self.db.schemas {
            if self.dialect == Dialect::Postgres {
                for e in &schema.enums {
                    let key = (schema.name.clone(), e.name.clone());
                    let wanted = kept.enums.get(&key).cloned().unwrap_or_else(|| identifier(&e.name));
                    let values = enum_values(&e.labels);
                    self.enums.push(PulledEnum {
                        name: unique_name(wanted, &mut top),
                        db_name: e.name.clone(),
                        schema: schema.name.clone(),
                        values,
                    });
                }
            }
            if self.dialect == Dialect::Mysql {
                for table in &schema.tables {
                    for column in &table.columns {
                        let Some(labels) = mysql_enum_labels(&column.column_type.raw) else { continue };
                        // Prisma names a MySQL enum after its table and column.
                        let wanted = format!(
                            "{}_{}",
                            self.models[&(schema.name.clone(), table.name.clone())],
                            self.fields[&(schema.name.clone(), table.name.clone(), column.name.clone())]
                        );
                        let key = (schema.name.clone(), table.name.clone(), column.name.clone());
                        self.inline_enums.insert(key, self.enums.len());
                        self.enums.push(PulledEnum {
                            name: unique_name(wanted, &mut top),
                            db_name: String::new(),
                            schema: schema.name.clone(),
                            values: enum_values(&labels),
                        });
                    }
                }
            }
        }
    }

    fn print(&mut self) -> String {
        let mut out = String::new();
        let provider = match self.dialect {
            Dialect::Postgres => "postgresql",
            Dialect::Mysql => "mysql",
            Dialect::Sqlite => "sqlite",
        };
        // The file's own generators and datasource settings (url, previewFeatures, output…) are
        // kept; only the provider and the schemas come from the database.
        if self.generators.is_empty() {
            out.push_str("generator client {\n  provider = \"prisma-client-js\"\n}\n\n");
        }
        for generator in &self.generators {
            out.push_str(&block("generator", generator));
            out.push('\n');
        }
        let mut datasource = self.datasource.clone().unwrap_or_else(|| KeyValueBlock {
            name: "db".into(),
            entries: vec![(
                "url".into(),
                Expr::Call("env".into(), vec![Arg { name: None, value: Expr::String("DATABASE_URL".into()) }]),
            )],
            pos: super::ast::Pos { line: 1, column: 1 },
        });
        set_entry(&mut datasource, "provider", Some(Expr::String(provider.into())), true);
        let schemas = self.multi_schema.then(|| {
            Expr::Array(
                self.db
                    .schemas
                    .iter()
                    .filter(|s| !s.tables.is_empty() || !s.enums.is_empty() || s.name == "public")
                    .map(|s| Expr::String(s.name.clone()))
                    .collect(),
            )
        });
        datasource.entries.retain(|(key, _)| key != "namespaces");
        set_entry(&mut datasource, "schemas", schemas, false);
        out.push_str(&block("datasource", &datasource));
        self.warn_unmodelled();
        for schema in &self.db.schemas {
            for table in &schema.tables {
                if self.join_tables.contains(&(schema.name.clone(), table.name.clone())) {
                    continue;
                }
                out.push('\n');
                let model = self.model(&schema.name, table);
                out.push_str(&model);
            }
        }
        for e in &self.enums {
            out.push('\n');
            let _ = writeln!(out, "enum {} {{", e.name);
            for (value, label) in &e.values {
                if value == label {
                    let _ = writeln!(out, "  {value}");
                } else {
                    let _ = writeln!(out, "  {value} @map({})", string(label));
                }
            }
            let mut block = Vec::new();
            if !e.db_name.is_empty() && e.db_name != e.name {
                block.push(format!("@@map({})", string(&e.db_name)));
            }
            if self.multi_schema {
                block.push(format!("@@schema({})", string(&e.schema)));
            }
            close_block(&mut out, &block);
        }
        out
    }

    fn model(&mut self, schema: &str, table: &Table) -> String {
        let key = (schema.to_owned(), table.name.clone());
        let model_name = self.models[&key].clone();
        let mut lines: Vec<(String, String, Vec<String>)> = Vec::new();
        let single_pk = table.primary_key.as_ref().filter(|k| k.columns.len() == 1).map(|k| k.columns[0].clone());
        let mut single_unique: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut block: Vec<String> = Vec::new();
        self.uniques_and_indexes(schema, table, &mut single_unique, &mut block);
        for column in &table.columns {
            let field = self.fields[&(schema.to_owned(), table.name.clone(), column.name.clone())].clone();
            let (type_text, mut attrs) = self.field(schema, table, column);
            if single_pk.as_deref() == Some(column.name.as_str()) {
                let mut id = "@id".to_owned();
                if let Some(map) = self.pk_map(table) {
                    id = format!("@id(map: {})", string(&map));
                }
                attrs.insert(0, id);
            }
            if let Some(map) = single_unique.get(&column.name) {
                attrs.push(match map {
                    Some(name) => format!("@unique(map: {})", string(name)),
                    None => "@unique".to_owned(),
                });
            }
            if field != column.name {
                attrs.push(format!("@map({})", string(&column.name)));
            }
            // The order `prisma format` keeps.
            // `@db.X`, whatever the datasource is called, goes between `@map` and `@generated`.
            let rank = |a: &String| match a.split('(').next() {
                Some(name) if name.contains('.') => 4,
                _ => ["@id", "@default", "@unique", "@map"].iter().position(|p| a.starts_with(p)).unwrap_or(5),
            };
            attrs.sort_by_key(rank);
            lines.push((field, type_text, attrs));
        }
        for relation in self.relations.remove(&key).unwrap_or_default() {
            let attrs = if relation.args.is_empty() {
                Vec::new()
            } else {
                vec![format!("@relation({})", relation.args.join(", "))]
            };
            lines.push((relation.name, format!("{}{}", relation.target, relation.arity), attrs));
        }
        if let Some(key) = table.primary_key.as_ref().filter(|k| k.columns.len() > 1) {
            let fields: Vec<String> = key
                .columns
                .iter()
                .map(|c| self.fields[&(schema.to_owned(), table.name.clone(), c.clone())].clone())
                .collect();
            let map = self.pk_map(table).map(|m| format!(", map: {}", string(&m))).unwrap_or_default();
            block.insert(0, format!("@@id([{}]{map})", fields.join(", ")));
        }
        if table.primary_key.is_none() && single_unique.is_empty() && !block.iter().any(|b| b.starts_with("@@unique")) {
            self.warnings.push(format!(
                "{schema}.{}: no primary key or unique column, which Prisma Client needs: marked @@ignore",
                table.name
            ));
            block.push("@@ignore".to_owned());
        }
        if model_name != table.name {
            block.push(format!("@@map({})", string(&table.name)));
        }
        if self.multi_schema {
            block.push(format!("@@schema({})", string(schema)));
        }
        self.warn_table(schema, table);
        let mut out = String::new();
        if let Some(comment) = &table.comment {
            for line in comment.lines() {
                let _ = writeln!(out, "/// {line}");
            }
        }
        let _ = writeln!(out, "model {model_name} {{");
        let name_width = lines.iter().map(|l| l.0.len()).max().unwrap_or(0);
        let type_width = lines.iter().map(|l| l.1.len()).max().unwrap_or(0);
        for (name, type_text, attrs) in lines {
            let line = if attrs.is_empty() {
                format!("  {name:name_width$} {type_text}")
            } else {
                format!("  {name:name_width$} {type_text:type_width$} {}", attrs.join(" "))
            };
            let _ = writeln!(out, "{}", line.trim_end());
        }
        close_block(&mut out, &block);
        out
    }

    /// The PostgreSQL primary key name, when it is not Prisma's default.
    fn pk_map(&self, table: &Table) -> Option<String> {
        let name = table.primary_key.as_ref()?.name.as_ref()?;
        (self.dialect == Dialect::Postgres && *name != default_name(self.dialect, &table.name, &[], Kind::PrimaryKey))
            .then(|| name.clone())
    }
}
