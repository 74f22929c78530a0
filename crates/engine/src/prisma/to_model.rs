//! A parsed `schema.prisma` → the database Prisma Migrate would create from it: tables and
//! columns with the provider's native types, keys and indexes with Prisma's names, foreign keys
//! with Prisma's default actions, implicit many-to-many join tables, enums and schemas.
//!
//! The model is the *desired* side of a plan; `plumb-db` renders it to SQL and replays that on a
//! scratch database, so what is compared is what the server made of it, spelled as the server
//! spells it (`SERIAL` becomes `integer` with its sequence, `now()` becomes `CURRENT_TIMESTAMP`).

use std::collections::{BTreeMap, BTreeSet};

use super::ast::{Attribute, Expr, Field, FieldType, Model, Pos, PrismaSchema};
use super::names::{default_name, Kind};
use super::types::{self, Native};
use super::PrismaError;
use crate::dialect::{quote_ident, quote_literal, Dialect, Flavor};
use crate::model::{
    Column, ColumnType, Database, EnumType, Extension, ForeignKey, Generated, GeneratedStorage, Identity, Index,
    IndexPart, PrimaryKey, ReferentialAction, Schema, Table, TableExtras, TypeKind,
};

/// The schema MySQL and SQLite models use: one namespace, whatever the database is called.
const SINGLE_SCHEMA: &str = "main";

fn error(pos: Pos, message: impl Into<String>) -> PrismaError {
    PrismaError { line: pos.line, column: pos.column, message: message.into() }
}

/// The database a Prisma schema describes, for the provider its `datasource` names.
pub fn to_database(schema: &PrismaSchema) -> Result<Database, PrismaError> {
    Mapper::new(schema)?.database()
}

/// The relations `schema` declares that its database does not enforce (`relationMode =
/// "prisma"`: Prisma's client emulates them), each as the foreign key Prisma Migrate would create
/// otherwise, with its table's schema and name. None when the database enforces them.
pub fn emulated_relations(schema: &PrismaSchema) -> Result<Vec<(String, String, ForeignKey)>, PrismaError> {
    let mut mapper = Mapper::new(schema)?;
    if mapper.foreign_keys {
        return Ok(Vec::new());
    }
    mapper.foreign_keys = true;
    let database = mapper.database()?;
    Ok(database
        .schemas
        .into_iter()
        .flat_map(|s| {
            let schema = s.name;
            s.tables.into_iter().flat_map(move |t| {
                let (schema, table) = (schema.clone(), t.name);
                t.foreign_keys.into_iter().map(move |fk| (schema.clone(), table.clone(), fk))
            })
        })
        .collect())
}

/// A model's place in the database.
struct Placed<'a> {
    model: &'a Model,
    table: String,
    schema: String,
}

/// An enum's name and labels in the database.
struct DbEnum {
    name: String,
    schema: String,
    /// The values as the schema names them, matched one to one with `labels`.
    values: Vec<String>,
    labels: Vec<String>,
}

struct Mapper<'a> {
    dialect: Dialect,
    /// `db.` for `datasource db`: the prefix of native type attributes.
    native_prefix: String,
    /// False under `relationMode = "prisma"`: relations are emulated, no foreign keys.
    foreign_keys: bool,
    default_schema: String,
    /// Schemas the datasource declares (`schemas = [...]`), created even when empty.
    declared_schemas: Vec<String>,
    /// Extensions the datasource declares (`extensions = [postgis, citext(schema: "ext")]`).
    extensions: Vec<Extension>,
    models: BTreeMap<&'a str, Placed<'a>>,
    enums: BTreeMap<&'a str, DbEnum>,
    /// Models in file order, for a stable result.
    order: Vec<&'a str>,
}

impl<'a> Mapper<'a> {
    fn new(schema: &'a PrismaSchema) -> Result<Self, PrismaError> {
        let source = schema.datasources.first().ok_or_else(|| {
            error(Pos { line: 1, column: 1 }, "no datasource block: add `datasource db { provider = \"postgresql\" }`")
        })?;
        let provider = match source.get("provider") {
            Some(Expr::String(p)) => p.as_str(),
            _ => return Err(error(source.pos, "the datasource has no `provider = \"…\"`")),
        };
        let dialect = match provider {
            "postgresql" | "postgres" => Dialect::Postgres,
            "mysql" => Dialect::Mysql,
            "sqlite" => Dialect::Sqlite,
            other => {
                return Err(error(
                    source.pos,
                    format!("provider \"{other}\" is not one Plumb reads: use postgresql, mysql or sqlite"),
                ))
            }
        };
        empty_names(schema)?;
        if let Some(composite) = schema.types.first() {
            return Err(error(
                composite.pos,
                format!("type `{}`: composite types exist only on MongoDB", composite.name),
            ));
        }
        let emulated = ["relationMode", "referentialIntegrity"]
            .iter()
            .any(|key| source.get(key) == Some(&Expr::String("prisma".into())));
        let declared_schemas = match source.get("schemas").or_else(|| source.get("namespaces")) {
            Some(Expr::Array(items)) => items.iter().filter_map(string).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        let default_schema = if dialect == Dialect::Postgres { "public".to_owned() } else { SINGLE_SCHEMA.to_owned() };
        let extensions = match source.get("extensions") {
            Some(Expr::Array(items)) if dialect == Dialect::Postgres => items
                .iter()
                .map(|item| {
                    extension(item, &default_schema)
                        .ok_or_else(|| error(source.pos, format!("extensions: {item:?} is not an extension name")))
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => Vec::new(),
        };
        let mut mapper = Mapper {
            dialect,
            native_prefix: format!("{}.", source.name),
            foreign_keys: !emulated,
            default_schema,
            declared_schemas,
            extensions,
            models: BTreeMap::new(),
            enums: BTreeMap::new(),
            order: Vec::new(),
        };
        for e in &schema.enums {
            let values = e.values.iter().map(|(name, _)| name.clone()).collect();
            let labels = e.values.iter().map(|(name, attrs)| mapped(attrs).unwrap_or(name).to_owned()).collect();
            let name = mapped(&e.attributes).unwrap_or(&e.name).to_owned();
            let schema = mapper.schema_of(&e.attributes);
            if mapper.enums.insert(&e.name, DbEnum { name, schema, values, labels }).is_some() {
                return Err(error(e.pos, format!("enum `{}` is declared twice", e.name)));
            }
        }
        // Views are not created by Prisma Migrate: they are the database's business.
        for model in schema.models.iter().filter(|m| !m.view) {
            let placed = Placed {
                model,
                table: mapped(&model.attributes).unwrap_or(&model.name).to_owned(),
                schema: mapper.schema_of(&model.attributes),
            };
            if mapper.models.insert(&model.name, placed).is_some() {
                return Err(error(model.pos, format!("model `{}` is declared twice", model.name)));
            }
            mapper.order.push(&model.name);
        }
        Ok(mapper)
    }

    /// The schema `@@schema("…")` (or the older `@@namespace`) names, else the default.
    fn schema_of(&self, attributes: &[Attribute]) -> String {
        attributes
            .iter()
            .find(|a| a.name == "schema" || a.name == "namespace")
            .and_then(|a| a.arg("name", true))
            .and_then(string)
            .filter(|_| self.dialect == Dialect::Postgres)
            .map_or_else(|| self.default_schema.clone(), str::to_owned)
    }

    fn database(&self) -> Result<Database, PrismaError> {
        let flavor = match self.dialect {
            Dialect::Postgres => Flavor::Postgres,
            Dialect::Mysql => Flavor::Mysql,
            Dialect::Sqlite => Flavor::Sqlite,
        };
        let mut schemas: BTreeMap<String, Schema> = BTreeMap::new();
        fn schema<'s>(schemas: &'s mut BTreeMap<String, Schema>, name: &str) -> &'s mut Schema {
            schemas.entry(name.to_owned()).or_insert_with(|| Schema::new(name))
        }
        schema(&mut schemas, &self.default_schema);
        for name in &self.declared_schemas {
            schema(&mut schemas, name);
        }
        if self.dialect == Dialect::Postgres {
            for e in self.enums.values() {
                let enum_type = EnumType { name: e.name.clone(), labels: e.labels.clone(), comment: None };
                schema(&mut schemas, &e.schema).enums.push(enum_type);
            }
        }
        for name in &self.order {
            let placed = &self.models[name];
            let table = self.table(placed)?;
            schema(&mut schemas, &placed.schema).tables.push(table);
        }
        for (schema_name, table) in self.join_tables()? {
            schema(&mut schemas, &schema_name).tables.push(table);
        }
        let mut database = Database::new(flavor, None);
        database.schemas = schemas.into_values().collect();
        database.extensions = self.extensions.clone();
        database.canonicalize();
        Ok(database)
    }

    fn table(&self, placed: &Placed<'_>) -> Result<Table, PrismaError> {
        let model = placed.model;
        let mut table = Table::new(&placed.table);
        for field in &model.fields {
            if let Some(column) = self.column(placed, field)? {
                table.columns.push(column);
            }
        }
        table.primary_key = self.primary_key(placed)?;
        if self.dialect == Dialect::Sqlite {
            // Prisma makes a one-column Int primary key AUTOINCREMENT on SQLite, declared or not
            // (its rowid fills it anyway).
            if let Some([key]) = table.primary_key.as_ref().map(|k| k.columns.as_slice()) {
                let int_field = model.fields.iter().any(|f| {
                    mapped(&f.attributes).unwrap_or(&f.name) == key
                        && f.field_type == FieldType::Named("Int".into())
                        && !f.list
                });
                if let Some(column) = table.columns.iter_mut().find(|c| &c.name == key).filter(|_| int_field) {
                    column.identity = Some(Identity::AutoIncrement);
                }
            }
        }
        table.indexes = self.indexes(placed)?;
        if self.foreign_keys {
            for field in &model.fields {
                if let Some(fk) = self.foreign_key(placed, field)? {
                    table.foreign_keys.push(fk);
                }
            }
        }
        if self.dialect == Dialect::Mysql {
            // What Prisma writes after every CREATE TABLE.
            table.extras = Some(TableExtras::Mysql {
                engine: None,
                collation: Some("utf8mb4_unicode_ci".to_owned()),
                partition: None,
            });
        }
        Ok(table)
    }

    /// The column of a scalar, enum or `Unsupported` field; `None` for a relation field.
    fn column(&self, placed: &Placed<'_>, field: &Field) -> Result<Option<Column>, PrismaError> {
        let mut column_type = match &field.field_type {
            FieldType::Unsupported(raw) => ColumnType::new(raw.clone(), TypeKind::Other),
            FieldType::Named(name) if self.models.contains_key(name.as_str()) => return Ok(None),
            FieldType::Named(name) => match self.enums.get(name.as_str()) {
                Some(e) => self.enum_type(e),
                None => {
                    let native = self.native(field)?;
                    match types::scalar(self.dialect, name, native.as_ref()) {
                        Some(found) => found.map_err(|message| error(field.pos, message))?,
                        None => {
                            return Err(error(
                                field.pos,
                                format!(
                                    "field `{}`: unknown type `{name}` (not a scalar, an enum or a model)",
                                    field.name
                                ),
                            ))
                        }
                    }
                }
            },
        };
        if field.list {
            if self.dialect != Dialect::Postgres {
                return Err(error(field.pos, format!("field `{}`: scalar lists exist only on PostgreSQL", field.name)));
            }
            column_type = ColumnType::new(format!("{}[]", column_type.raw), TypeKind::Other);
        }
        let name = mapped(&field.attributes).unwrap_or(&field.name);
        let mut column = Column::new(name, column_type);
        // Lists are nullable in the database whatever the schema says: an empty list is stored.
        column.nullable = field.optional || field.list;
        if let Some(attr) = find(&field.attributes, "generated") {
            let expression = attr
                .arg("expression", true)
                .and_then(string)
                .ok_or_else(|| error(attr.pos, "@generated needs the expression as a string: @generated(\"a + b\")"))?;
            column.generated = Some(Generated { expression: expression.to_owned(), storage: GeneratedStorage::Stored });
        }
        if let Some(attr) = find(&field.attributes, "default") {
            self.default(placed, field, attr, &mut column)?;
        }
        Ok(Some(column))
    }

    fn enum_type(&self, e: &DbEnum) -> ColumnType {
        let raw = match self.dialect {
            Dialect::Postgres if !self.declared_schemas.is_empty() => {
                format!("{}.{}", quote_ident(self.dialect, &e.schema), quote_ident(self.dialect, &e.name))
            }
            Dialect::Postgres => quote_ident(self.dialect, &e.name),
            Dialect::Mysql => format!(
                "enum({})",
                e.labels.iter().map(|l| quote_literal(self.dialect, l)).collect::<Vec<_>>().join(",")
            ),
            Dialect::Sqlite => "TEXT".to_owned(),
        };
        let kind = if self.dialect == Dialect::Sqlite { TypeKind::Text } else { TypeKind::Other };
        ColumnType::new(raw, kind)
    }

    /// The field's `@db.X(…)` attribute, when it has one.
    fn native<'f>(&self, field: &'f Field) -> Result<Option<Native<'f>>, PrismaError> {
        let Some(attr) = field.attributes.iter().find(|a| a.name.starts_with(&self.native_prefix)) else {
            return Ok(None);
        };
        let args = attr
            .args
            .iter()
            .map(|a| match &a.value {
                Expr::Number(n) => n.parse::<u32>().map_err(|_| error(attr.pos, format!("`{n}` is not a length"))),
                // `@db.VarChar(max)` and friends are SQL Server's.
                _ => Err(error(attr.pos, format!("@{}: arguments are numbers", attr.name))),
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Native { name: &attr.name[self.native_prefix.len()..], args }))
    }

    fn default(
        &self,
        placed: &Placed<'_>,
        field: &Field,
        attr: &Attribute,
        column: &mut Column,
    ) -> Result<(), PrismaError> {
        let value = attr.arg("value", true).ok_or_else(|| error(attr.pos, "@default needs a value"))?;
        column.default = match value {
            Expr::Call(function, args) => match function.as_str() {
                "autoincrement" => {
                    self.autoincrement(field, column)?;
                    None
                }
                "now" => Some(match (self.dialect, types::time_precision(&column.column_type)) {
                    (Dialect::Mysql, Some(p)) if p > 0 => format!("CURRENT_TIMESTAMP({p})"),
                    _ => "CURRENT_TIMESTAMP".to_owned(),
                }),
                // Filled in by Prisma Client, not by the database.
                "uuid" | "cuid" | "nanoid" | "ulid" => None,
                "dbgenerated" => args.first().and_then(|a| string(&a.value)).map(str::to_owned),
                other => {
                    return Err(error(
                        attr.pos,
                        format!(
                            "@default({other}()) on `{}.{}` is not a function Prisma has for {:?}",
                            placed.model.name, field.name, self.dialect
                        ),
                    ))
                }
            },
            Expr::Array(items) if field.list => {
                let values = items.iter().map(|v| self.literal(field, v)).collect::<Result<Vec<_>, _>>()?;
                Some(format!("ARRAY[{}]::{}", values.join(", "), column.column_type.raw))
            }
            other => Some(self.literal(field, other)?),
        };
        Ok(())
    }

    fn autoincrement(&self, field: &Field, column: &mut Column) -> Result<(), PrismaError> {
        if self.dialect != Dialect::Postgres {
            column.identity = Some(Identity::AutoIncrement);
            return Ok(());
        }
        // Prisma writes SERIAL: an integer column, a sequence it owns, and the default from it.
        let serial = match column.column_type.kind {
            TypeKind::SmallInt => "smallserial",
            TypeKind::Integer => "serial",
            TypeKind::BigInt => "bigserial",
            _ => return Err(error(field.pos, format!("`{}`: autoincrement() needs an integer field", field.name))),
        };
        column.column_type = ColumnType::new(serial, column.column_type.kind.clone());
        Ok(())
    }

    /// A default literal in SQL: strings and enum values quoted, enum values by their mapped label.
    fn literal(&self, field: &Field, value: &Expr) -> Result<String, PrismaError> {
        Ok(match value {
            Expr::String(s) => quote_literal(self.dialect, s),
            Expr::Number(n) => n.clone(),
            Expr::Bool(b) => b.to_string(),
            Expr::Path(label) => {
                let FieldType::Named(type_name) = &field.field_type else {
                    return Err(error(field.pos, format!("`{label}` is not a default for `{}`", field.name)));
                };
                let e = self.enums.get(type_name.as_str()).ok_or_else(|| {
                    error(
                        field.pos,
                        format!("`{label}` is not a default for `{}`: only enums take a bare name", field.name),
                    )
                })?;
                let position = e.values.iter().position(|v| v == label);
                let db_label = position
                    .map(|i| e.labels[i].clone())
                    .ok_or_else(|| error(field.pos, format!("`{label}` is not a value of enum `{type_name}`")))?;
                quote_literal(self.dialect, &db_label)
            }
            other => return Err(error(field.pos, format!("`{}`: {other:?} is not a default value", field.name))),
        })
    }

    fn primary_key(&self, placed: &Placed<'_>) -> Result<Option<PrimaryKey>, PrismaError> {
        let model = placed.model;
        let (columns, attr) = match find(&model.attributes, "id") {
            Some(attr) => (self.field_list(placed, attr)?.into_iter().map(|p| column_name(&p)).collect(), attr),
            None => match model.fields.iter().find_map(|f| find(&f.attributes, "id").map(|a| (f, a))) {
                Some((field, attr)) => (vec![self.column_of(placed, &field.name, attr.pos)?], attr),
                None => return Ok(None),
            },
        };
        let name = match self.dialect {
            // MySQL calls every primary key PRIMARY; SQLite keeps no name unless declared.
            Dialect::Mysql | Dialect::Sqlite => None,
            Dialect::Postgres => Some(
                attr.arg("map", false)
                    .and_then(string)
                    .map_or_else(|| default_name(self.dialect, &placed.table, &[], Kind::PrimaryKey), str::to_owned),
            ),
        };
        Ok(Some(PrimaryKey { name, ..PrimaryKey::new(columns) }))
    }

    /// Unique indexes (`@unique`, `@@unique`), indexes (`@@index`) and full-text indexes.
    fn indexes(&self, placed: &Placed<'_>) -> Result<Vec<Index>, PrismaError> {
        let mut indexes = Vec::new();
        for field in &placed.model.fields {
            if let Some(attr) = find(&field.attributes, "unique") {
                let mut part = IndexPart::column(self.column_of(placed, &field.name, attr.pos)?);
                part_options(&mut part, attr);
                indexes.push(self.index(placed, vec![part], attr, Kind::Unique)?);
            }
        }
        for attr in &placed.model.attributes {
            let kind = match attr.name.as_str() {
                "unique" => Kind::Unique,
                "index" | "fulltext" => Kind::Index,
                _ => continue,
            };
            let parts = self.field_list(placed, attr)?;
            let mut index = self.index(placed, parts, attr, kind)?;
            if attr.name == "fulltext" {
                index.method = Some("FULLTEXT".to_owned());
            }
            indexes.push(index);
        }
        Ok(indexes)
    }

    fn index(
        &self,
        placed: &Placed<'_>,
        parts: Vec<IndexPart>,
        attr: &Attribute,
        kind: Kind,
    ) -> Result<Index, PrismaError> {
        let columns: Vec<String> = parts.iter().map(column_name).collect();
        // `name:` on @@unique names the client's compound key; before Prisma 3 it named the index.
        let name = attr
            .arg("map", false)
            .or_else(|| if matches!(kind, Kind::Index) { attr.arg("name", false) } else { None })
            .and_then(string)
            .map_or_else(|| default_name(self.dialect, &placed.table, &columns, kind), str::to_owned);
        let mut index = Index::new(name, parts);
        index.unique = matches!(kind, Kind::Unique);
        index.predicate = attr.arg("where", false).and_then(string).map(str::to_owned);
        if let Some(Expr::Path(method)) = attr.arg("type", false) {
            index.method = Some(match method.as_str() {
                "BTree" => "btree".to_owned(),
                "SpGist" => "spgist".to_owned(),
                other => other.to_lowercase(),
            });
        }
        Ok(index)
    }

    /// The fields an `@@id`, `@@unique` or `@@index` lists, with their sort, length and operator class.
    fn field_list(&self, placed: &Placed<'_>, attr: &Attribute) -> Result<Vec<IndexPart>, PrismaError> {
        let Some(Expr::Array(items)) = attr.arg("fields", true) else {
            return Err(error(attr.pos, format!("@@{} needs a list of fields: @@{}([a, b])", attr.name, attr.name)));
        };
        items
            .iter()
            .map(|item| {
                let (name, args) = match item {
                    Expr::Path(name) => (name, &[][..]),
                    Expr::Call(name, args) => (name, args.as_slice()),
                    other => return Err(error(attr.pos, format!("@@{}: {other:?} is not a field", attr.name))),
                };
                let mut part = IndexPart::column(self.column_of(placed, name, attr.pos)?);
                let options = Attribute { name: String::new(), args: args.to_vec(), pos: attr.pos };
                part_options(&mut part, &options);
                Ok(part)
            })
            .collect()
    }

    /// The column name of a field of `placed`, by field name.
    fn column_of(&self, placed: &Placed<'_>, field: &str, pos: Pos) -> Result<String, PrismaError> {
        let found = placed
            .model
            .fields
            .iter()
            .find(|f| f.name == field)
            .ok_or_else(|| error(pos, format!("`{field}` is not a field of model `{}`", placed.model.name)))?;
        Ok(mapped(&found.attributes).unwrap_or(&found.name).to_owned())
    }

    /// The foreign key a relation field with `fields:` and `references:` stands for.
    fn foreign_key(&self, placed: &Placed<'_>, field: &Field) -> Result<Option<ForeignKey>, PrismaError> {
        let Some(attr) = find(&field.attributes, "relation") else { return Ok(None) };
        let (Some(Expr::Array(fields)), Some(Expr::Array(references))) =
            (attr.arg("fields", false), attr.arg("references", false))
        else {
            return Ok(None);
        };
        let FieldType::Named(target_name) = &field.field_type else { return Ok(None) };
        let target = self.models.get(target_name.as_str()).ok_or_else(|| {
            error(field.pos, format!("`{}` relates to `{target_name}`, which is not a model", field.name))
        })?;
        let names = |list: &[Expr], model: &Placed<'_>| -> Result<Vec<String>, PrismaError> {
            list.iter()
                .map(|e| match e {
                    Expr::Path(name) => self.column_of(model, name, attr.pos),
                    other => Err(error(attr.pos, format!("@relation: {other:?} is not a field"))),
                })
                .collect()
        };
        let columns = names(fields, placed)?;
        let referenced_columns = names(references, target)?;
        let any_optional = fields
            .iter()
            .any(|e| matches!(e, Expr::Path(n) if placed.model.fields.iter().any(|f| &f.name == n && f.optional)));
        let action = |key: &str, default: ReferentialAction| -> Result<ReferentialAction, PrismaError> {
            match attr.arg(key, false) {
                None => Ok(default),
                Some(Expr::Path(action)) => referential_action(action).ok_or_else(|| {
                    error(
                        attr.pos,
                        format!("{key}: `{action}` is not Cascade, Restrict, NoAction, SetNull or SetDefault"),
                    )
                }),
                Some(other) => Err(error(attr.pos, format!("{key}: {other:?} is not an action"))),
            }
        };
        let on_delete =
            action("onDelete", if any_optional { ReferentialAction::SetNull } else { ReferentialAction::Restrict })?;
        let on_update = action("onUpdate", ReferentialAction::Cascade)?;
        let name = attr
            .arg("map", false)
            .and_then(string)
            .map_or_else(|| default_name(self.dialect, &placed.table, &columns, Kind::ForeignKey), str::to_owned);
        let mut fk = ForeignKey::new(columns, &target.table, referenced_columns);
        fk.name = Some(name);
        fk.referenced_schema = (target.schema != placed.schema).then(|| target.schema.clone());
        fk.on_delete = on_delete;
        fk.on_update = on_update;
        Ok(Some(fk))
    }

    /// The tables of implicit many-to-many relations (`_CategoryToPost`), with their schema.
    fn join_tables(&self) -> Result<Vec<(String, Table)>, PrismaError> {
        let mut seen = BTreeSet::new();
        let mut tables = Vec::new();
        for name in &self.order {
            let placed = &self.models[name];
            for field in placed.model.fields.iter().filter(|f| f.list) {
                let FieldType::Named(other_name) = &field.field_type else { continue };
                let Some(other) = self.models.get(other_name.as_str()) else { continue };
                let relation = relation_name(field);
                let back = other.model.fields.iter().find(|f| {
                    !std::ptr::eq(*f, field)
                        && f.list
                        && matches!(&f.field_type, FieldType::Named(t) if t == name)
                        && relation_name(f) == relation
                });
                if back.is_none() {
                    continue;
                }
                let (a, b) = if name <= &other_name.as_str() { (placed, other) } else { (other, placed) };
                let relation = relation.map_or_else(|| format!("{}To{}", a.model.name, b.model.name), str::to_owned);
                if seen.insert(relation.clone()) {
                    tables.push((a.schema.clone(), self.join_table(&relation, a, b)?));
                }
            }
        }
        Ok(tables)
    }

    fn join_table(&self, relation: &str, a: &Placed<'_>, b: &Placed<'_>) -> Result<Table, PrismaError> {
        let name = format!("_{relation}");
        let mut table = Table::new(&name);
        let mut ends = Vec::new();
        for (column, end) in [("A", a), ("B", b)] {
            let id = end.model.fields.iter().find(|f| find(&f.attributes, "id").is_some()).ok_or_else(|| {
                error(
                    end.model.pos,
                    format!(
                        "model `{}` needs a single-field @id for an implicit many-to-many relation",
                        end.model.name
                    ),
                )
            })?;
            let mut id_column = self.column(end, id)?.expect("an @id field is a column");
            id_column.column_type = match id_column.column_type.raw.as_str() {
                "serial" => ColumnType::new("integer", TypeKind::Integer),
                "smallserial" => ColumnType::new("smallint", TypeKind::SmallInt),
                "bigserial" => ColumnType::new("bigint", TypeKind::BigInt),
                _ => id_column.column_type,
            };
            let mut col = Column::new(column, id_column.column_type);
            col.nullable = false;
            table.columns.push(col);
            ends.push((column, end, mapped(&id.attributes).unwrap_or(&id.name).to_owned()));
        }
        let ab = vec!["A".to_owned(), "B".to_owned()];
        if self.dialect == Dialect::Postgres {
            table.primary_key = Some(PrimaryKey { name: Some(format!("{name}_AB_pkey")), ..PrimaryKey::new(ab) });
        } else {
            let mut unique = Index::new(format!("{name}_AB_unique"), ab.iter().map(IndexPart::column).collect());
            unique.unique = true;
            table.indexes.push(unique);
        }
        table.indexes.push(Index::new(format!("{name}_B_index"), vec![IndexPart::column("B")]));
        if self.foreign_keys {
            for (column, end, id) in ends {
                let mut fk = ForeignKey::new(vec![column.to_owned()], &end.table, vec![id]);
                fk.name = Some(format!("{name}_{column}_fkey"));
                fk.referenced_schema = (end.schema != a.schema).then(|| end.schema.clone());
                fk.on_delete = ReferentialAction::Cascade;
                fk.on_update = ReferentialAction::Cascade;
                table.foreign_keys.push(fk);
            }
        }
        if self.dialect == Dialect::Mysql {
            table.extras = Some(TableExtras::Mysql {
                engine: None,
                collation: Some("utf8mb4_unicode_ci".to_owned()),
                partition: None,
            });
        }
        Ok(table)
    }
}

/// `postgis`, `citext(schema: "ext")`, `pg_trgm(version: "1.6", map: "pg_trgm")`: an extension
/// of Prisma's `postgresqlExtensions`, in `home` unless it says otherwise.
fn extension(item: &Expr, home: &str) -> Option<Extension> {
    let (name, args): (&str, &[super::ast::Arg]) = match item {
        Expr::Path(name) => (name, &[]),
        Expr::Call(name, args) => (name, args),
        _ => return None,
    };
    let named = |key: &str| args.iter().find(|a| a.name.as_deref() == Some(key)).and_then(|a| string(&a.value));
    Some(Extension {
        name: named("map").unwrap_or(name).to_owned(),
        version: named("version").unwrap_or_default().to_owned(),
        schema: named("schema").unwrap_or(home).to_owned(),
    })
}

fn column_name(part: &IndexPart) -> String {
    match &part.key {
        crate::model::IndexKey::Column(c) | crate::model::IndexKey::Expression(c) => c.clone(),
    }
}

/// `sort: Desc`, `length: 10` and `ops: JsonbPathOps` on an index part.
fn part_options(part: &mut IndexPart, options: &Attribute) {
    if let Some(Expr::Path(sort)) = options.arg("sort", false) {
        part.descending = sort == "Desc";
    }
    if let Some(Expr::Number(length)) = options.arg("length", false) {
        part.prefix_length = length.parse().ok();
    }
    if let Some(Expr::Path(ops)) = options.arg("ops", false) {
        part.opclass = Some(snake_case(ops));
    }
}

/// `JsonbPathOps` → `jsonb_path_ops`.
fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn referential_action(name: &str) -> Option<ReferentialAction> {
    Some(match name {
        "Cascade" => ReferentialAction::Cascade,
        "Restrict" => ReferentialAction::Restrict,
        "NoAction" => ReferentialAction::NoAction,
        "SetNull" => ReferentialAction::SetNull,
        "SetDefault" => ReferentialAction::SetDefault,
        _ => return None,
    })
}

/// The relation's name: `@relation("Name")` or `@relation(name: "Name")`.
fn relation_name(field: &Field) -> Option<&str> {
    find(&field.attributes, "relation").and_then(|a| a.arg("name", true)).and_then(string)
}

/// Refuses a name given as `""` (`@@map("")`, `@map("")`, `map: ""`, `name: ""`): Prisma does too,
/// and an empty identifier reaches no database as the author meant.
fn empty_names(schema: &PrismaSchema) -> Result<(), PrismaError> {
    let model_attributes = schema.models.iter().flat_map(|m| {
        m.attributes
            .iter()
            .map(|a| (a, "@@"))
            .chain(m.fields.iter().flat_map(|f| f.attributes.iter().map(|a| (a, "@"))))
    });
    let enum_attributes = schema.enums.iter().flat_map(|e| {
        e.attributes
            .iter()
            .map(|a| (a, "@@"))
            .chain(e.values.iter().flat_map(|(_, attrs)| attrs.iter().map(|a| (a, "@"))))
    });
    for (attr, at) in model_attributes.chain(enum_attributes) {
        let named = |key: &str| {
            attr.args.iter().any(|a| a.name.as_deref() == Some(key) && a.value == Expr::String(String::new()))
        };
        let empty_map = attr.name == "map" && attr.arg("name", true) == Some(&Expr::String(String::new()));
        if empty_map || named("map") || named("name") {
            return Err(error(
                attr.pos,
                format!(
                    "{at}{}: an empty name gives the database nothing to call it; give a name or leave it out",
                    attr.name
                ),
            ));
        }
    }
    Ok(())
}

fn find<'x>(attributes: &'x [Attribute], name: &str) -> Option<&'x Attribute> {
    attributes.iter().find(|a| a.name == name)
}

/// The database name `@map("…")` / `@@map("…")` gives.
pub fn mapped(attributes: &[Attribute]) -> Option<&str> {
    find(attributes, "map").and_then(|a| a.arg("name", true)).and_then(string)
}

fn string(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::String(s) => Some(s),
        _ => None,
    }
}
