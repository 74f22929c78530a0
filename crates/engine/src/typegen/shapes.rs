//! The schema as the types see it: shapes with typed fields, and enums, before any language.

use std::collections::HashSet;

use super::naming::{pascal, Naming};
use crate::dialect::Flavor;
use crate::model::{mysql_enum_labels, Column, Database, Identity, Table, TypeKind};

/// The columns of one view, which the schema model does not keep (it compares a view by its
/// query): read from a live database for the types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViewColumns {
    /// The view's schema, as the model names it.
    pub schema: String,
    /// The view.
    pub view: String,
    /// Its columns in order: name, type and whether the server says it may be NULL.
    pub columns: Vec<Column>,
}

/// A value's type, whatever the language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ty {
    Boolean,
    /// An integer that fits a double exactly (up to 4 bytes).
    Integer,
    /// A floating-point number.
    Float,
    /// An 8-byte integer, past a double's exact range.
    BigInt,
    /// An exact decimal: drivers give it as text.
    Decimal,
    Text,
    Bytes,
    Date,
    Time,
    Timestamp,
    Json,
    /// One of [`Types::enums`], by index.
    Enum(usize),
    Array(Box<Ty>),
    /// A type Plumb does not know the value of (a domain, a range, a geometry).
    Unknown,
}

/// Whether an insert gives the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Insert {
    /// No default, no identity, NOT NULL: every insert gives it.
    Required,
    /// The database fills it (a default, an identity, NULL) when an insert leaves it out.
    Optional,
    /// The database computes it (a generated column, `GENERATED ALWAYS AS IDENTITY`): an insert
    /// cannot give it.
    Omitted,
}

#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// The property's name.
    pub name: String,
    pub ty: Ty,
    pub nullable: bool,
    pub insert: Insert,
}

/// A table's or view's row.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// The type's name.
    pub name: String,
    /// What it is, for its comment (`table public.users`).
    pub object: String,
    /// Its fields, in column order; `None` for a view whose columns the source did not give.
    pub fields: Option<Vec<Field>>,
    /// Tables get an insert type; views do not.
    pub insertable: bool,
}

/// An enum: its type's name and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct EnumShape {
    pub name: String,
    pub labels: Vec<String>,
}

/// Everything the writers write.
#[derive(Debug, Clone, Default)]
pub(crate) struct Types {
    pub enums: Vec<EnumShape>,
    pub shapes: Vec<Shape>,
}

impl Types {
    pub(crate) fn of(database: &Database, views: Option<&[ViewColumns]>, naming: &Naming) -> Self {
        let mut types = Types::default();
        let mut used = HashSet::new();
        let postgres = database.flavor == Flavor::Postgres;
        for schema in &database.schemas {
            for e in &schema.enums {
                let name = unique(&mut used, naming.enum_type(&e.name));
                let labels = e.labels.iter().map(|l| naming.label(&e.name, l)).collect();
                types.enums.push(EnumShape { name, labels });
            }
        }
        for schema in &database.schemas {
            let default_schema = !postgres || schema.name == "public";
            for table in &schema.tables {
                let name = unique(&mut used, naming.model(&schema.name, &table.name, default_schema));
                let fields = table
                    .columns
                    .iter()
                    .map(|column| Field {
                        name: naming.field(&table.name, &column.name),
                        ty: types.ty(database, &schema.name, &table.name, column, naming, &mut used),
                        nullable: column.nullable,
                        insert: insert(database.flavor, table, column),
                    })
                    .collect();
                let object = format!("table {}.{}", schema.name, table.name);
                types.shapes.push(Shape { name, object, fields: Some(fields), insertable: true });
            }
            for view in &schema.views {
                let name = unique(&mut used, naming.model(&schema.name, &view.name, default_schema));
                let columns = views.and_then(|all| all.iter().find(|v| v.schema == schema.name && v.view == view.name));
                let fields = columns.map(|v| {
                    v.columns
                        .iter()
                        .map(|column| Field {
                            name: naming.field(&view.name, &column.name),
                            ty: types.ty(database, &schema.name, &view.name, column, naming, &mut used),
                            nullable: column.nullable,
                            insert: Insert::Omitted,
                        })
                        .collect()
                });
                let kind = if view.materialized { "materialized view" } else { "view" };
                let object = format!("{kind} {}.{}", schema.name, view.name);
                types.shapes.push(Shape { name, object, fields, insertable: false });
            }
        }
        types
    }

    /// The type of `column` of `table` in `schema`: its kind, else an enum its type names (or
    /// MySQL spells inline), else an array of one of those.
    fn ty(
        &mut self,
        database: &Database,
        schema: &str,
        table: &str,
        column: &Column,
        naming: &Naming,
        used: &mut HashSet<String>,
    ) -> Ty {
        let raw = column.column_type.raw.trim();
        if let Some(labels) = mysql_enum_labels(raw) {
            let name = match naming.field_enum(table, &column.name) {
                Some(prisma) => prisma.to_owned(),
                None => format!("{}{}", pascal(table), pascal(&column.name)),
            };
            if let Some(i) = self.enums.iter().position(|e| e.name == name && e.labels == labels) {
                return Ty::Enum(i);
            }
            let name = unique(used, name);
            self.enums.push(EnumShape { name, labels });
            return Ty::Enum(self.enums.len() - 1);
        }
        let ty = match &column.column_type.kind {
            TypeKind::Other => self.named(database, schema, raw),
            kind => of_kind(kind),
        };
        as_returned(database.flavor, ty)
    }

    /// A type known by its name only: an array (`text[]`), an enum of the schema, a type by its
    /// PostgreSQL name.
    fn named(&self, database: &Database, schema: &str, raw: &str) -> Ty {
        if let Some(element) = raw.strip_suffix("[]") {
            return Ty::Array(Box::new(self.named(database, schema, element)));
        }
        let (in_schema, name) = match raw.rsplit_once('.') {
            Some((s, n)) => (s.trim_matches('"'), n.trim_matches('"')),
            None => (schema, raw.trim_matches('"')),
        };
        let enum_type = database
            .schemas
            .iter()
            .filter(|s| s.name == in_schema)
            .chain(database.schemas.iter())
            .flat_map(|s| s.enums.iter())
            .find(|e| e.name == name);
        if let Some(found) = enum_type {
            let index = database.schemas.iter().flat_map(|s| s.enums.iter()).position(|e| std::ptr::eq(e, found));
            return index.map_or(Ty::Unknown, Ty::Enum);
        }
        match TypeKind::of_postgres_name(raw) {
            // Names the model's kinds leave out, that still have a value type.
            TypeKind::Other => match raw.split('(').next().unwrap_or(raw).trim() {
                "citext" => Ty::Text,
                time if time.starts_with("time") => Ty::Time,
                _ => Ty::Unknown,
            },
            kind => of_kind(&kind),
        }
    }
}

/// `name`, or `name2`, `name3`… when a type of that name is already written.
fn unique(used: &mut HashSet<String>, name: String) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    candidate
}

fn of_kind(kind: &TypeKind) -> Ty {
    match kind {
        TypeKind::Boolean => Ty::Boolean,
        TypeKind::SmallInt | TypeKind::Integer => Ty::Integer,
        TypeKind::Real | TypeKind::Double => Ty::Float,
        TypeKind::BigInt => Ty::BigInt,
        TypeKind::Decimal { .. } => Ty::Decimal,
        TypeKind::Char { .. } | TypeKind::Varchar { .. } | TypeKind::Text | TypeKind::Uuid => Ty::Text,
        TypeKind::Blob => Ty::Bytes,
        TypeKind::Date => Ty::Date,
        TypeKind::Time { .. } => Ty::Time,
        TypeKind::Timestamp { .. } => Ty::Timestamp,
        TypeKind::Json => Ty::Json,
        TypeKind::Other => Ty::Unknown,
    }
}

/// What the dialect gives back for a type. SQLite stores integers, reals, text and blobs only
/// (<https://www.sqlite.org/datatype3.html>): booleans come back as 0 or 1, every integer as a
/// number, decimals as reals, dates and times as the text they were written as. MySQL's
/// booleans are `tinyint(1)`: 0 or 1 too.
fn as_returned(flavor: Flavor, ty: Ty) -> Ty {
    match (flavor, ty) {
        (Flavor::Sqlite, Ty::Boolean | Ty::BigInt) | (Flavor::Mysql | Flavor::Mariadb, Ty::Boolean) => Ty::Integer,
        (Flavor::Sqlite, Ty::Decimal) => Ty::Float,
        (Flavor::Sqlite, Ty::Date | Ty::Time | Ty::Timestamp) => Ty::Text,
        (_, Ty::Array(element)) => Ty::Array(Box::new(as_returned(flavor, *element))),
        (_, other) => other,
    }
}

/// Whether an insert gives `column` of `table`, may leave it out, or cannot give it.
fn insert(flavor: Flavor, table: &Table, column: &Column) -> Insert {
    if column.generated.is_some() || column.identity == Some(Identity::Always) {
        return Insert::Omitted;
    }
    // SQLite gives a lone INTEGER PRIMARY KEY (the rowid) the next number by itself.
    let rowid = flavor == Flavor::Sqlite
        && column.column_type.raw.eq_ignore_ascii_case("integer")
        && table.primary_key.as_ref().is_some_and(|pk| pk.columns == [column.name.clone()]);
    // A schema.prisma's autoincrement() on PostgreSQL is SERIAL: a default from its own sequence.
    let serial = column.column_type.raw.to_ascii_lowercase().ends_with("serial");
    if column.nullable || column.default.is_some() || column.identity.is_some() || rowid || serial {
        Insert::Optional
    } else {
        Insert::Required
    }
}
