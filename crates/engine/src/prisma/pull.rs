//! A database → a `schema.prisma`, as `prisma db pull` writes one: a model per table, a field per
//! column, relation fields on both ends of every foreign key, enums, `@map`/`@@map` where a name is
//! not a Prisma identifier, and `map:` wherever a key or index name is not Prisma's default, so
//! that [`super::to_database`] gives back the same database. Names an earlier schema chose for the
//! same tables, columns and enums are kept. What Prisma cannot say is listed in `warnings`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use super::ast::{Arg, Expr, FieldType, KeyValueBlock, PrismaSchema};
use super::names::{default_name, Kind};
use super::pull_types::{quoted_literal, scalar_default, scalar_type, string, PrismaDefault};
use crate::dialect::Dialect;
use crate::model::{Column, Database, ForeignKey, Identity, Index, IndexKey, ReferentialAction, Table, TableExtras};

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

const SCALARS: [&str; 9] = ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"];
const RESERVED: [&str; 6] = ["model", "enum", "type", "view", "datasource", "generator"];

/// A Prisma identifier for a database name: letters, digits and `_`, starting with a letter.
fn identifier(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let trimmed = cleaned.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    if trimmed.is_empty() {
        "unnamed".to_owned()
    } else {
        trimmed.to_owned()
    }
}

fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// `jsonb_path_ops` → `JsonbPathOps`.
fn pascal(name: &str) -> String {
    name.split('_')
        .map(|p| p.chars().next().map(|c| c.to_ascii_uppercase().to_string() + &p[1..]).unwrap_or_default())
        .collect()
}

/// A name not in `taken`, made from `wanted` with `_2`, `_3`… when needed; then taken.
fn unique_name(wanted: String, taken: &mut BTreeSet<String>) -> String {
    let mut name = wanted.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{wanted}_{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
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

    /// Relation fields for every foreign key, on both of its tables.
    /// The two ends of `table` when it is the table Prisma makes for an implicit many-to-many
    /// relation (columns `A` and `B` keyed together, `B` indexed, both cascading to the single-column
    /// keys of two models, `A` the first by name), and the relation's name.
    fn implicit_join(&self, schema: &str, table: &Table) -> Option<(TableKey, TableKey, String)> {
        let name = &table.name;
        let relation = name.strip_prefix('_')?;
        let columns: Vec<&str> = table.columns.iter().filter(|c| !c.nullable).map(|c| c.name.as_str()).collect();
        if columns != ["A", "B"] || table.columns.len() != 2 || !table.checks.is_empty() {
            return None;
        }
        let ab = ["A".to_owned(), "B".to_owned()];
        let index = |i: &Index, unique: bool, cols: &[&str]| {
            i.unique == unique
                && i.predicate.is_none()
                && i.parts
                    .iter()
                    .map(|p| match &p.key {
                        IndexKey::Column(c) => c.as_str(),
                        IndexKey::Expression(_) => "",
                    })
                    .eq(cols.iter().copied())
        };
        let b_index = |i: &Index| i.name == format!("{name}_B_index") && index(i, false, &["B"]);
        let ab_unique = format!("{name}_AB_unique");
        // MySQL reports a unique index as a unique constraint: either counts.
        let keyed = match (&table.primary_key, table.indexes.as_slice(), table.unique_constraints.as_slice()) {
            (Some(pk), [b], []) => {
                pk.columns == ab && pk.name.as_deref().is_none_or(|n| n == format!("{name}_AB_pkey")) && b_index(b)
            }
            (None, [x, y], []) => {
                let (u, b) = if x.unique { (x, y) } else { (y, x) };
                u.name == ab_unique && index(u, true, &["A", "B"]) && b_index(b)
            }
            (None, [b], [u]) => u.name.as_deref() == Some(ab_unique.as_str()) && u.columns == ab && b_index(b),
            _ => false,
        };
        let end = |column: &str| -> Option<TableKey> {
            let fk = table.foreign_keys.iter().find(|f| f.columns == [column.to_owned()])?;
            let target =
                (fk.referenced_schema.clone().unwrap_or_else(|| schema.to_owned()), fk.referenced_table.clone());
            let referenced = self.db.schema(&target.0)?.table(&target.1)?;
            let single_key = referenced
                .primary_key
                .as_ref()
                .is_some_and(|k| k.columns == fk.referenced_columns && k.columns.len() == 1);
            (single_key
                && fk.on_delete == ReferentialAction::Cascade
                && fk.on_update == ReferentialAction::Cascade
                && fk.name.as_deref().is_none_or(|n| n == format!("{name}_{column}_fkey")))
            .then_some(target)
        };
        let (a, b) = (end("A")?, end("B")?);
        let ordered = self.models.get(&a)? <= self.models.get(&b)?;
        (keyed && ordered && table.foreign_keys.len() == 2 && a.0 == schema).then(|| (a, b, relation.to_owned()))
    }

    fn relations(&mut self) {
        let mut joins = Vec::new();
        for schema in &self.db.schemas {
            for table in &schema.tables {
                if let Some((a, b, relation)) = self.implicit_join(&schema.name, table) {
                    joins.push((a, b, relation));
                    self.join_tables.insert((schema.name.clone(), table.name.clone()));
                }
            }
        }
        let mut fks: Vec<(&str, &Table, &ForeignKey)> = Vec::new();
        for schema in &self.db.schemas {
            for table in &schema.tables {
                if self.join_tables.contains(&(schema.name.clone(), table.name.clone())) {
                    continue;
                }
                for fk in &table.foreign_keys {
                    fks.push((&schema.name, table, fk));
                }
            }
        }
        // How many relations join each pair of models: more than one (or a model with itself)
        // needs relation names to tell them apart.
        let mut pairs: BTreeMap<(TableKey, TableKey), usize> = BTreeMap::new();
        let target_key = |schema: &str, fk: &ForeignKey| {
            (fk.referenced_schema.clone().unwrap_or_else(|| schema.to_owned()), fk.referenced_table.clone())
        };
        for (schema, table, fk) in &fks {
            let from = (schema.to_string(), table.name.clone());
            let to = target_key(schema, fk);
            if !self.models.contains_key(&to) {
                continue;
            }
            *pairs.entry(pair_key(&from, &to)).or_default() += 1;
        }
        let mut taken: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for ((schema, table, _), field) in &self.fields {
            taken.entry((schema.clone(), table.clone())).or_default().insert(field.clone());
        }
        for (schema, table, fk) in fks {
            let from = (schema.to_owned(), table.name.clone());
            let to = target_key(schema, fk);
            let Some(target_model) = self.models.get(&to).cloned() else {
                self.warnings.push(format!(
                    "{schema}.{}: foreign key {} references {}.{}, which is not pulled",
                    table.name,
                    fk.name.as_deref().unwrap_or("(unnamed)"),
                    to.0,
                    to.1
                ));
                continue;
            };
            let source_model = self.models[&from].clone();
            let named = pairs.get(&pair_key(&from, &to)).copied().unwrap_or(0) > 1 || from == to;
            let fk_name = fk.name.clone().unwrap_or_else(|| format!("{}_{}", table.name, fk.columns.join("_")));
            let field_names: Vec<String> = fk
                .columns
                .iter()
                .map(|c| self.fields[&(schema.to_owned(), table.name.clone(), c.clone())].clone())
                .collect();
            let target_fields: Vec<String> = fk
                .referenced_columns
                .iter()
                .map(|c| {
                    self.fields.get(&(to.0.clone(), to.1.clone(), c.clone())).cloned().unwrap_or_else(|| identifier(c))
                })
                .collect();
            let optional = fk.columns.iter().any(|c| table.column(c).is_some_and(|col| col.nullable));
            let mut args = Vec::new();
            if named {
                args.push(string(&fk_name));
            }
            args.push(format!("fields: [{}]", field_names.join(", ")));
            args.push(format!("references: [{}]", target_fields.join(", ")));
            let default_delete = if optional { ReferentialAction::SetNull } else { ReferentialAction::Restrict };
            if fk.on_delete != default_delete {
                args.push(format!("onDelete: {}", action(fk.on_delete)));
            }
            if fk.on_update != ReferentialAction::Cascade {
                args.push(format!("onUpdate: {}", action(fk.on_update)));
            }
            match &fk.name {
                Some(name) if *name != default_name(self.dialect, &table.name, &fk.columns, Kind::ForeignKey) => {
                    args.push(format!("map: {}", string(name)));
                }
                Some(_) => {}
                None => self.warnings.push(format!(
                    "{schema}.{}: the foreign key on ({}) has no name; Prisma names it {}",
                    table.name,
                    fk.columns.join(", "),
                    default_name(self.dialect, &table.name, &fk.columns, Kind::ForeignKey)
                )),
            }
            if fk.deferrable != crate::model::Deferrable::NotDeferrable
                || fk.not_valid
                || fk.match_kind != crate::model::MatchKind::Simple
            {
                self.warnings.push(format!(
                    "{schema}.{}: foreign key {fk_name} is deferrable, NOT VALID or MATCH FULL, which Prisma cannot say",
                    table.name
                ));
            }
            let forward_taken = taken.entry(from.clone()).or_default();
            // `author_id` → `author`; else the referenced model's name.
            let forward_wanted = match field_names.as_slice() {
                [one] if one.len() > 3 && one.ends_with("_id") => one[..one.len() - 3].to_owned(),
                [one] if one.len() > 2 && one.ends_with("Id") => one[..one.len() - 2].to_owned(),
                _ => lower_first(&target_model),
            };
            let forward = unique_name(forward_wanted, forward_taken);
            self.relations.entry(from.clone()).or_default().push(RelationField {
                name: forward.clone(),
                target: target_model.clone(),
                arity: if optional { "?" } else { "" },
                args,
            });
            // One-to-one when the referencing columns are unique themselves.
            let one_to_one = covered_by_unique(table, &fk.columns);
            let back_taken = taken.entry(to.clone()).or_default();
            let back_wanted = if named { format!("{}_{}", source_model, forward) } else { source_model.clone() };
            let back_name = unique_name(back_wanted, back_taken);
            self.relations.entry(to).or_default().push(RelationField {
                name: back_name,
                target: source_model,
                arity: if one_to_one { "?" } else { "[]" },
                args: if named { vec![string(&fk_name)] } else { Vec::new() },
            });
        }
        for (a, b, relation) in joins {
            let (model_a, model_b) = (self.models[&a].clone(), self.models[&b].clone());
            let named = relation != format!("{model_a}To{model_b}");
            let args = if named { vec![string(&relation)] } else { Vec::new() };
            let mut add = |on: &TableKey, wanted: String, target: &str| {
                let taken: BTreeSet<String> = self
                    .fields
                    .iter()
                    .filter(|((s, t, _), _)| (s, t) == (&on.0, &on.1))
                    .map(|(_, f)| f.clone())
                    .chain(self.relations.get(on).into_iter().flatten().map(|r| r.name.clone()))
                    .collect();
                let mut taken = taken;
                let name = unique_name(wanted, &mut taken);
                self.relations.entry(on.clone()).or_default().push(RelationField {
                    name,
                    target: target.to_owned(),
                    arity: "[]",
                    args: args.clone(),
                });
            };
            if a == b {
                add(&a, format!("{}_A", lower_first(&model_a)), &model_a);
                add(&a, format!("{}_B", lower_first(&model_a)), &model_a);
            } else {
                // Named after the other model, as back-relations are (and `prisma db pull` does).
                add(&a, model_b.clone(), &model_b);
                add(&b, model_a.clone(), &model_a);
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

    /// Objects Prisma has no words for: views, triggers, routines, domains, sequences of their own.
    fn warn_unmodelled(&mut self) {
        let mut warnings = Vec::new();
        for schema in &self.db.schemas {
            let s = &schema.name;
            for view in &schema.views {
                warnings.push(format!("{s}.{}: views are not created by Prisma Migrate; left out", view.name));
            }
            for trigger in &schema.triggers {
                warnings.push(format!("{s}.{}: trigger {} is not in schema.prisma", trigger.table, trigger.name));
            }
            for routine in &schema.routines {
                warnings.push(format!("{s}.{}: functions and procedures are not in schema.prisma", routine.name));
            }
            for domain in &schema.domains {
                warnings.push(format!("{s}.{}: domains are not in schema.prisma", domain.name));
            }
            for sequence in schema.sequences.iter().filter(|q| !self.is_serial(s, q)) {
                warnings.push(format!("{s}.{}: sequences of their own are not in schema.prisma", sequence.name));
            }
        }
        for object in &self.db.unsupported {
            warnings.push(format!("{} {}: not in schema.prisma", object.kind, object.name));
        }
        self.warnings.extend(warnings);
    }

    /// Whether a sequence is the one Prisma's `autoincrement()` makes for its column (SERIAL).
    fn is_serial(&self, schema: &str, sequence: &crate::model::Sequence) -> bool {
        let Some(owner) = &sequence.owned_by else { return false };
        let Some(table) = self.db.schema(schema).and_then(|s| s.table(&owner.table)) else { return false };
        table.column(&owner.column).is_some_and(|c| self.serial_column(schema, table, c))
    }

    /// Whether a column's default is `nextval` of the sequence SERIAL makes for it, with SERIAL's
    /// settings.
    fn serial_column(&self, schema: &str, table: &Table, column: &Column) -> bool {
        let Some(default) = &column.default else { return false };
        let expected = format!("{}_{}_seq", table.name, column.name);
        let Some(name) = default.strip_prefix("nextval('").and_then(|d| d.strip_suffix("'::regclass)")) else {
            return false;
        };
        let unqualified = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
        if unqualified != expected {
            return false;
        }
        let max = match column.column_type.kind {
            crate::model::TypeKind::SmallInt => i64::from(i16::MAX),
            crate::model::TypeKind::Integer => i64::from(i32::MAX),
            crate::model::TypeKind::BigInt => i64::MAX,
            _ => return false,
        };
        self.db.schema(schema).and_then(|s| s.sequences.iter().find(|q| q.name == expected)).is_some_and(|q| {
            q.owned_by.as_ref().is_some_and(|o| o.table == table.name && o.column == column.name)
                && (q.start, q.increment, q.min_value, q.max_value, q.cache, q.cycle) == (1, 1, 1, max, 1, false)
        })
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

    /// A column's type text and attributes (`@default`, `@db.*`).
    fn field(&mut self, schema: &str, table: &Table, column: &Column) -> (String, Vec<String>) {
        let at = format!("{schema}.{}.{}", table.name, column.name);
        let mut attrs = Vec::new();
        let raw = column.column_type.raw.as_str();
        let (element, list) = match raw.strip_suffix("[]") {
            Some(element) if self.dialect == Dialect::Postgres => (element, true),
            _ => (raw, false),
        };
        let enum_index = self.enum_of(schema, table, column, element);
        let (type_name, scalar) = match enum_index {
            Some(i) => (self.enums[i].name.clone(), None),
            None => {
                let element_column = Column {
                    column_type: crate::model::ColumnType::new(
                        element,
                        if list { crate::model::TypeKind::Other } else { column.column_type.kind.clone() },
                    ),
                    ..column.clone()
                };
                let kind_from_raw = list.then(|| crate::model::ColumnType::new(element, element_kind(element)));
                let probe = match kind_from_raw {
                    Some(t) => Column { column_type: t, ..element_column },
                    None => element_column,
                };
                match scalar_type(self.dialect, &probe) {
                    Some(t) => {
                        if let Some(native) = &t.native {
                            let prefix = self.datasource.as_ref().map_or("db", |d| d.name.as_str());
                            attrs.push(format!("@{prefix}.{native}"));
                        }
                        (t.scalar.clone(), Some(t.scalar))
                    }
                    None => (format!("Unsupported({})", string(element)), None),
                }
            }
        };
        let mut type_text = type_name;
        if list {
            type_text.push_str("[]");
        } else if column.nullable {
            type_text.push('?');
        }
        if list && !column.nullable {
            self.warnings.push(format!("{at}: a NOT NULL list, which Prisma declares nullable"));
        }
        if let Some(generated) = &column.generated {
            if generated.storage == crate::model::GeneratedStorage::Stored && self.dialect == Dialect::Postgres {
                attrs.push(format!("@generated({})", string(&generated.expression)));
            } else {
                self.warnings.push(format!("{at}: generated column ({}) left as a plain column", generated.expression));
            }
        }
        match column.identity {
            Some(Identity::AutoIncrement) => attrs.insert(0, "@default(autoincrement())".to_owned()),
            Some(Identity::Always | Identity::ByDefault) => {
                self.warnings.push(format!("{at}: an identity column, which Prisma writes as SERIAL"));
                attrs.insert(0, "@default(autoincrement())".to_owned());
            }
            None => {}
        }
        if let Some(default) = &column.default {
            let prisma = if self.dialect == Dialect::Postgres && self.serial_column(schema, table, column) {
                PrismaDefault::AutoIncrement
            } else if let Some(i) = enum_index.filter(|_| !list) {
                match quoted_literal(self.dialect, default)
                    .and_then(|l| self.enums[i].values.iter().find(|(_, label)| *label == l))
                {
                    Some((value, _)) => PrismaDefault::Literal(value.clone()),
                    None => PrismaDefault::DbGenerated(default.clone()),
                }
            } else {
                match scalar.as_deref() {
                    Some(scalar) if !list => scalar_default(self.dialect, column, scalar, default),
                    _ => PrismaDefault::DbGenerated(default.clone()),
                }
            };
            let text = match prisma {
                PrismaDefault::AutoIncrement => "@default(autoincrement())".to_owned(),
                PrismaDefault::Now => "@default(now())".to_owned(),
                PrismaDefault::Literal(value) => format!("@default({value})"),
                PrismaDefault::DbGenerated(expr) => format!("@default(dbgenerated({}))", string(&expr)),
            };
            attrs.insert(0, text);
        }
        if let Some(collation) = &column.collation {
            self.warnings.push(format!("{at}: collation {collation} is not in schema.prisma"));
        }
        if let Some(crate::model::ColumnExtras::Mysql { charset, on_update, invisible }) = &column.extras {
            if charset.is_some() || *invisible {
                self.warnings.push(format!("{at}: its character set or INVISIBLE is not in schema.prisma"));
            }
            if let Some(on_update) = on_update {
                self.warnings.push(format!(
                    "{at}: ON UPDATE {on_update} is not in schema.prisma (@updatedAt is set by Prisma Client)"
                ));
            }
        }
        if column.comment.is_some() {
            self.warnings.push(format!("{at}: its comment is not created by Prisma Migrate"));
        }
        (type_text, attrs)
    }

    /// The pulled enum a column's type names, if any.
    fn enum_of(&self, schema: &str, table: &Table, column: &Column, element: &str) -> Option<usize> {
        if self.dialect == Dialect::Mysql {
            return self.inline_enums.get(&(schema.to_owned(), table.name.clone(), column.name.clone())).copied();
        }
        if self.dialect != Dialect::Postgres {
            return None;
        }
        let (type_schema, name) = match element.rsplit_once('.') {
            Some((s, n)) if !n.contains('"') || n.starts_with('"') => (Some(s.trim_matches('"')), n),
            _ => (None, element),
        };
        let name = name.trim_matches('"');
        let found = |wanted: &str| self.enums.iter().position(|e| e.db_name == name && e.schema == wanted);
        match type_schema {
            Some(s) => found(s),
            // Unqualified: on the search path, `public` first.
            None => found("public").or_else(|| found(schema)),
        }
    }

    /// `@unique` per column (with its `map:`) and the `@@unique`, `@@index` and `@@fulltext` lines.
    fn uniques_and_indexes(
        &mut self,
        schema: &str,
        table: &Table,
        single: &mut BTreeMap<String, Option<String>>,
        block: &mut Vec<String>,
    ) {
        let field = |c: &str| self.fields[&(schema.to_owned(), table.name.clone(), c.to_owned())].clone();
        let mut warnings = Vec::new();
        let mut lines = Vec::new();
        for unique in &table.unique_constraints {
            if self.dialect != Dialect::Mysql {
                warnings.push(format!(
                    "{schema}.{}: unique constraint {} comes back as a unique index (Prisma makes indexes)",
                    table.name,
                    unique.name.as_deref().unwrap_or("(unnamed)")
                ));
            }
            let name = unique.name.clone();
            let default = default_name(self.dialect, &table.name, &unique.columns, Kind::Unique);
            let map = name.filter(|n| *n != default);
            if let [column] = unique.columns.as_slice() {
                single.insert(column.clone(), map);
            } else {
                let fields: Vec<String> = unique.columns.iter().map(|c| field(c)).collect();
                let map = map.map(|m| format!(", map: {}", string(&m))).unwrap_or_default();
                lines.push(format!("@@unique([{}]{map})", fields.join(", ")));
            }
        }
        for index in &table.indexes {
            match self.index_line(schema, table, index, &field) {
                Ok(IndexLine::Single(column, map)) => {
                    single.insert(column, map);
                }
                Ok(IndexLine::Block(line)) => lines.push(line),
                Err(why) => warnings.push(format!("{schema}.{}: index {}: {why}; left out", table.name, index.name)),
            }
        }
        block.extend(lines);
        self.warnings.extend(warnings);
    }

    fn index_line(
        &self,
        _schema: &str,
        table: &Table,
        index: &Index,
        field: &dyn Fn(&str) -> String,
    ) -> Result<IndexLine, String> {
        let mut parts = Vec::new();
        let mut columns = Vec::new();
        let mut plain = true;
        for part in &index.parts {
            let IndexKey::Column(column) = &part.key else {
                return Err("an expression, which Prisma cannot index".to_owned());
            };
            if part.collation.is_some() || part.nulls_first.is_some() {
                return Err("a collation or NULLS FIRST/LAST, which Prisma cannot say".to_owned());
            }
            let mut options = Vec::new();
            if part.descending {
                options.push("sort: Desc".to_owned());
            }
            if let Some(length) = part.prefix_length {
                options.push(format!("length: {length}"));
            }
            if let Some(ops) = &part.opclass {
                options.push(format!("ops: {}", pascal(ops)));
            }
            plain &= options.is_empty();
            parts.push(if options.is_empty() {
                field(column)
            } else {
                format!("{}({})", field(column), options.join(", "))
            });
            columns.push(column.clone());
        }
        if !index.include.is_empty() || index.nulls_not_distinct {
            return Err("INCLUDE or NULLS NOT DISTINCT, which Prisma cannot say".to_owned());
        }
        let fulltext = index.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("fulltext"));
        let method = match index.method.as_deref().map(str::to_ascii_lowercase).as_deref() {
            None | Some("btree") => None,
            Some("fulltext") => None,
            Some("hash") => Some("Hash"),
            Some("gin") => Some("Gin"),
            Some("gist") => Some("Gist"),
            Some("brin") => Some("Brin"),
            Some("spgist") => Some("SpGist"),
            Some(other) => return Err(format!("method {other}, which Prisma cannot say")),
        };
        let kind = if index.unique { Kind::Unique } else { Kind::Index };
        let map = (index.name != default_name(self.dialect, &table.name, &columns, kind)).then(|| index.name.clone());
        if index.unique && plain && method.is_none() && index.predicate.is_none() {
            if let [column] = columns.as_slice() {
                return Ok(IndexLine::Single(column.clone(), map));
            }
        }
        let mut args = vec![format!("[{}]", parts.join(", "))];
        if let Some(map) = map {
            args.push(format!("map: {}", string(&map)));
        }
        if let Some(method) = method {
            args.push(format!("type: {method}"));
        }
        if let Some(predicate) = &index.predicate {
            args.push(format!("where: {}", string(predicate)));
        }
        let attribute = if fulltext {
            "fulltext"
        } else if index.unique {
            "unique"
        } else {
            "index"
        };
        Ok(IndexLine::Block(format!("@@{attribute}({})", args.join(", "))))
    }

    fn warn_table(&mut self, schema: &str, table: &Table) {
        let at = format!("{schema}.{}", table.name);
        for check in &table.checks {
            self.warnings.push(format!(
                "{at}: check constraint {} is not in schema.prisma (Prisma has no CHECK)",
                check.name.as_deref().unwrap_or(&check.expression)
            ));
        }
        if table.comment.is_some() {
            self.warnings
                .push(format!("{at}: its comment becomes a /// comment, which Prisma Migrate does not create"));
        }
        let unsaid = match &table.extras {
            Some(TableExtras::Postgres {
                unlogged,
                partition_key,
                partition_of,
                row_level_security,
                policies,
                exclusion_constraints,
                ..
            }) => (*unlogged
                || partition_key.is_some()
                || partition_of.is_some()
                || *row_level_security
                || !policies.is_empty()
                || !exclusion_constraints.is_empty())
            .then(|| {
                "UNLOGGED, partitioning, row-level security or exclusion constraints are not in schema.prisma"
                    .to_owned()
            }),
            Some(TableExtras::Mysql { engine, collation }) => {
                (engine.as_deref().is_some_and(|e| !e.eq_ignore_ascii_case("innodb"))
                    || collation.as_deref().is_some_and(|c| c != "utf8mb4_unicode_ci"))
                .then(|| {
                    format!(
                        "engine {} and collation {}; Prisma Migrate creates InnoDB tables in utf8mb4_unicode_ci",
                        engine.as_deref().unwrap_or("default"),
                        collation.as_deref().unwrap_or("default")
                    )
                })
            }
            Some(TableExtras::Sqlite { without_rowid, strict }) => {
                (*without_rowid || *strict).then(|| "WITHOUT ROWID or STRICT is not in schema.prisma".to_owned())
            }
            None => None,
        };
        if let Some(unsaid) = unsaid {
            self.warnings.push(format!("{at}: {unsaid}"));
        }
        if self.dialect == Dialect::Sqlite {
            if let Some([key]) = table.primary_key.as_ref().map(|k| k.columns.as_slice()) {
                if let Some(column) = table
                    .column(key)
                    .filter(|c| c.column_type.raw.eq_ignore_ascii_case("integer") && c.identity.is_none())
                {
                    self.warnings.push(format!(
                        "{at}: {} is INTEGER PRIMARY KEY without AUTOINCREMENT; Prisma always declares AUTOINCREMENT",
                        column.name
                    ));
                }
            }
        }
    }
}

/// A `generator` or `datasource` block, its `=` aligned.
fn block(kind: &str, block: &KeyValueBlock) -> String {
    let width = block.entries.iter().map(|(key, _)| key.len()).max().unwrap_or(0);
    let mut out = format!("{kind} {} {{\n", block.name);
    for (key, value) in &block.entries {
        let _ = writeln!(out, "  {key:width$} = {}", expr(value));
    }
    out.push_str("}\n");
    out
}

/// Sets (or, with `None`, removes) a block's entry; a new one goes first or last.
fn set_entry(block: &mut KeyValueBlock, key: &str, value: Option<Expr>, first: bool) {
    let at = block.entries.iter().position(|(k, _)| k == key);
    match (at, value) {
        (Some(i), Some(value)) => block.entries[i].1 = value,
        (Some(i), None) => {
            block.entries.remove(i);
        }
        (None, Some(value)) if first => block.entries.insert(0, (key.to_owned(), value)),
        (None, Some(value)) => block.entries.push((key.to_owned(), value)),
        (None, None) => {}
    }
}

/// A value as Prisma writes it.
fn expr(value: &Expr) -> String {
    let args = |args: &[Arg]| {
        args.iter()
            .map(|a| match &a.name {
                Some(name) => format!("{name}: {}", expr(&a.value)),
                None => expr(&a.value),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match value {
        Expr::String(text) => string(text),
        Expr::Number(n) => n.clone(),
        Expr::Bool(b) => b.to_string(),
        Expr::Path(p) => p.clone(),
        Expr::Call(name, call_args) => format!("{name}({})", args(call_args)),
        Expr::Array(items) => format!("[{}]", items.iter().map(expr).collect::<Vec<_>>().join(", ")),
    }
}

/// Ends a model or enum: its `@@` lines after a blank line, then `}`.
fn close_block(out: &mut String, block: &[String]) {
    if !block.is_empty() {
        out.push('\n');
        for line in block {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push_str("}\n");
}

enum IndexLine {
    /// A one-column unique index: `@unique` on the field, with its `map:`.
    Single(String, Option<String>),
    /// A `@@unique`, `@@index` or `@@fulltext` line.
    Block(String),
}

/// The two tables of a relation, in an order that does not depend on which one references.
type TableKey = (String, String);
fn pair_key(a: &TableKey, b: &TableKey) -> (TableKey, TableKey) {
    if a <= b {
        (a.clone(), b.clone())
    } else {
        (b.clone(), a.clone())
    }
}

fn covered_by_unique(table: &Table, columns: &[String]) -> bool {
    let same = |other: &[String]| {
        let a: BTreeSet<&String> = other.iter().collect();
        let b: BTreeSet<&String> = columns.iter().collect();
        a == b
    };
    table.primary_key.as_ref().is_some_and(|k| same(&k.columns))
        || table.unique_constraints.iter().any(|u| same(&u.columns))
        || table.indexes.iter().any(|i| {
            i.unique
                && i.predicate.is_none()
                && same(
                    &i.parts
                        .iter()
                        .filter_map(|p| match &p.key {
                            IndexKey::Column(c) => Some(c.clone()),
                            IndexKey::Expression(_) => None,
                        })
                        .collect::<Vec<_>>(),
                )
        })
}

fn action(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "NoAction",
        ReferentialAction::Restrict => "Restrict",
        ReferentialAction::Cascade => "Cascade",
        ReferentialAction::SetNull => "SetNull",
        ReferentialAction::SetDefault => "SetDefault",
    }
}

/// Value names for enum labels: the label itself when it is an identifier, else a cleaned one
/// mapped to it.
fn enum_values(labels: &[String]) -> Vec<(String, String)> {
    let mut taken = BTreeSet::new();
    labels.iter().map(|l| (unique_name(identifier(l), &mut taken), l.clone())).collect()
}

/// The labels of a MySQL `enum('a','b')` type.
fn mysql_enum_labels(raw: &str) -> Option<Vec<String>> {
    let inner = raw.strip_prefix("enum(").or_else(|| raw.strip_prefix("ENUM("))?.strip_suffix(')')?;
    let mut labels = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let body = rest.strip_prefix('\'')?;
        let mut label = String::new();
        let mut chars = body.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' if chars.peek().map(|(_, c)| *c) == Some('\'') => {
                    chars.next();
                    label.push('\'');
                }
                '\'' => {
                    end = Some(i);
                    break;
                }
                other => label.push(other),
            }
        }
        labels.push(label);
        rest = body[end? + 1..].trim_start().trim_start_matches(',').trim_start();
    }
    Some(labels)
}

/// The kind of a PostgreSQL array's element type, from its name.
fn element_kind(element: &str) -> crate::model::TypeKind {
    use crate::model::TypeKind;
    let base = element.split('(').next().unwrap_or(element).trim();
    match base {
        "text" => TypeKind::Text,
        "character varying" | "varchar" => TypeKind::Varchar { length: None },
        "character" | "char" => TypeKind::Char { length: None },
        "integer" | "int4" => TypeKind::Integer,
        "smallint" => TypeKind::SmallInt,
        "bigint" => TypeKind::BigInt,
        "boolean" => TypeKind::Boolean,
        "double precision" => TypeKind::Double,
        "real" => TypeKind::Real,
        "numeric" | "decimal" => {
            let args = element.split_once('(').map(|(_, a)| a.trim_end_matches(')'));
            let mut nums = args.into_iter().flat_map(|a| a.split(',')).map(|n| n.trim().parse().ok());
            TypeKind::Decimal { precision: nums.next().flatten(), scale: nums.next().flatten() }
        }
        "timestamp without time zone" | "timestamp" => TypeKind::Timestamp { with_time_zone: false },
        "timestamp with time zone" | "timestamptz" => TypeKind::Timestamp { with_time_zone: true },
        "date" => TypeKind::Date,
        "uuid" => TypeKind::Uuid,
        "jsonb" | "json" => TypeKind::Json,
        "bytea" => TypeKind::Blob,
        _ => TypeKind::Other,
    }
}
