//! Pure diff: what changes turn one schema into another. Never performs I/O; both inputs must be
//! canonical models of the same dialect (introspection and snapshots give exactly that).
//!
//! Objects are matched by name, unnamed constraints (SQLite keeps no names unless declared) by
//! what they cover. A rename is never guessed: a dropped and an added object of the same shape are
//! reported as a [`PossibleRename`], and become a rename only when the caller passes it in
//! [`DiffOptions::renames`].

mod change;
mod hooks;
mod mysql;
mod postgres;
mod renames;
mod sqlite;
mod tables;

pub use change::{ChangeSet, ColumnAspect, ConstraintComment, PossibleRename, RenameKind, SchemaChange, TableChange};

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::str::FromStr;

use crate::model::{Database, Schema};
use crate::{Error, Result};

/// What to compare and how.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Compare only these schemas (all when empty).
    pub schemas: Vec<String>,
    /// Leave out objects whose name or `schema.name` matches one of these globs
    /// (`_prisma_migrations`, `audit_*`, `archive.*`).
    pub exclude: Vec<glob::Pattern>,
    /// Renames the user confirmed.
    pub renames: Vec<Rename>,
    /// Enum labels compare as a set, and labels new to the desired side follow the current ones:
    /// where one side is a `schema.prisma`, whose labels have no order that Prisma keeps (it only
    /// ever adds them).
    pub enum_labels_as_set: bool,
    /// How values of columns whose type changes are cast, where the user said (`--using`).
    pub using: Vec<Using>,
}

impl DiffOptions {
    /// Options as people write them: schema names, exclude globs (`_prisma_migrations`,
    /// `audit_*`) and confirmed renames (`users.name=users.full_name`).
    pub fn parse(schemas: &[String], exclude: &[String], renames: &[String]) -> Result<Self> {
        let exclude = exclude
            .iter()
            .map(|p| {
                glob::Pattern::new(p)
                    .map_err(|e| Error::InvalidPattern { pattern: p.clone(), reason: e.msg.to_owned() })
            })
            .collect::<Result<_>>()?;
        let renames = renames.iter().map(|r| r.parse()).collect::<Result<_>>()?;
        Ok(Self { schemas: schemas.to_vec(), exclude, renames, enum_labels_as_set: false, using: Vec::new() })
    }

    /// These options with the casts written `table.column=EXPR` (`--using`).
    pub fn with_using(self, using: &[String]) -> Result<Self> {
        Ok(Self { using: using.iter().map(|u| u.parse()).collect::<Result<_>>()?, ..self })
    }
}

/// How the values of a column whose type changes become values of its new type, written
/// `table.column=EXPR` or `schema.table.column=EXPR` (`--using orders.placed_at=to_timestamp(placed_at)`):
/// PostgreSQL's `ALTER COLUMN … TYPE … USING EXPR`, for type pairs it has no cast between.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Using {
    /// The column's path, split at dots: `[table, column]` or `[schema, table, column]`.
    pub path: Vec<String>,
    /// The expression, over the row's current values.
    pub expression: String,
}

impl Using {
    /// Whether this cast is for column `column` of `schema.table`.
    pub fn is_for(&self, schema: &str, table: &str, column: &str) -> bool {
        match self.path.as_slice() {
            [t, c] => t == table && c == column,
            [s, t, c] => s == schema && t == table && c == column,
            _ => false,
        }
    }
}

impl FromStr for Using {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let invalid = || Error::InvalidUsing(text.to_owned());
        let (path, expression) = text.split_once('=').ok_or_else(invalid)?;
        let path: Vec<String> = path.trim().split('.').map(str::to_owned).collect();
        let expression = expression.trim();
        if !(2..=3).contains(&path.len()) || path.iter().any(String::is_empty) || expression.is_empty() {
            return Err(invalid());
        }
        Ok(Self { path, expression: expression.to_owned() })
    }
}

impl std::fmt::Display for Using {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}={}", self.path.join("."), self.expression)
    }
}

/// A confirmed rename, written `old=new`: `users=people` (a table), `users.name=users.full_name`
/// (a column), `app.users=app.people` (a table in a schema), `app.users.name=app.users.full_name`.
/// Whether a path names a table or a column is decided against the schemas being compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rename {
    /// The current path, split at dots.
    pub from: Vec<String>,
    /// The desired path, split at dots.
    pub to: Vec<String>,
}

impl FromStr for Rename {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let invalid = || Error::InvalidRename(text.to_owned());
        let (from, to) = text.split_once('=').ok_or_else(invalid)?;
        let split = |path: &str| -> Vec<String> { path.trim().split('.').map(str::to_owned).collect() };
        let (from, to) = (split(from), split(to));
        let well_formed = |p: &[String]| !p.is_empty() && p.len() <= 3 && p.iter().all(|s| !s.is_empty());
        if !well_formed(&from) || !well_formed(&to) || from.len() != to.len() {
            return Err(invalid());
        }
        Ok(Self { from, to })
    }
}

/// Compares two schemas of the same dialect: the changes that turn `from` into `to`.
pub fn diff(from: &Database, to: &Database, options: &DiffOptions) -> Result<ChangeSet> {
    if from.flavor.dialect() != to.flavor.dialect() {
        return Err(Error::DialectMismatch { from: from.flavor, to: to.flavor });
    }
    let hooks = hooks::for_dialect(to.flavor.dialect());
    let from = filtered(from, options);
    let to_filtered = filtered(to, options);
    let mut to = aligned(&from, &to_filtered);
    if options.enum_labels_as_set {
        labels_in_current_order(&from, to.to_mut());
    }
    let (from, renamed) = renames::apply(from, &to, &options.renames)?;
    let mut changes = Vec::new();

    let from_schemas: BTreeMap<&str, &Schema> = from.schemas.iter().map(|s| (s.name.as_str(), s)).collect();
    let to_schemas: BTreeMap<&str, &Schema> = to.schemas.iter().map(|s| (s.name.as_str(), s)).collect();
    for (name, desired) in &to_schemas {
        if !from_schemas.contains_key(name) {
            changes.push(SchemaChange::AddSchema { name: (*name).to_owned() });
        }
        let empty = Schema::new(*name);
        let current = from_schemas.get(name).copied().unwrap_or(&empty);
        if current.comment != desired.comment {
            changes.push(SchemaChange::CommentSchema { name: (*name).to_owned(), comment: desired.comment.clone() });
        }
        tables::diff_schema(current, desired, hooks, &mut changes);
    }
    for (name, current) in &from_schemas {
        if !to_schemas.contains_key(name) {
            tables::diff_schema(current, &Schema::new(*name), hooks, &mut changes);
            changes.push(SchemaChange::DropSchema { name: (*name).to_owned() });
        }
    }
    tables::diff_extensions(&from.extensions, &to.extensions, &mut changes);
    let changes = renames::merge(renamed, changes);
    let possible_renames = renames::possible(&changes);
    Ok(ChangeSet { changes, possible_renames })
}

/// `to` with its one schema named as `from`'s where the dialect has no named schemas (MySQL,
/// SQLite): there the schema is the database itself, whose name is not part of the schema
/// (`app_dev` and `app` hold the same tables).
pub(crate) fn aligned<'a>(from: &Database, to: &'a Database) -> Cow<'a, Database> {
    match (from.schemas.as_slice(), to.schemas.as_slice()) {
        ([current], [desired]) if !to.flavor.has_schemas() && current.name != desired.name => {
            let mut to = to.clone();
            to.schemas[0].name = current.name.clone();
            Cow::Owned(to)
        }
        // Nothing to rename: the desired side as it is, without a copy.
        _ => Cow::Borrowed(to),
    }
}

/// Gives each enum of `to` whose labels include every label of the same enum of `from` the
/// current order, with its new labels after them in its own order.
fn labels_in_current_order(from: &Database, to: &mut Database) {
    for schema in &mut to.schemas {
        let Some(current) = from.schemas.iter().find(|s| s.name == schema.name) else { continue };
        for desired in &mut schema.enums {
            let Some(old) = current.enums.iter().find(|e| e.name == desired.name) else { continue };
            if old.labels.iter().all(|l| desired.labels.contains(l)) {
                let new = desired.labels.iter().filter(|l| !old.labels.contains(l)).cloned();
                desired.labels = old.labels.iter().cloned().chain(new).collect();
            }
        }
    }
}

/// The database without the schemas and objects the options leave out.
fn filtered<'a>(db: &'a Database, options: &DiffOptions) -> Cow<'a, Database> {
    if options.schemas.is_empty() && options.exclude.is_empty() {
        return Cow::Borrowed(db);
    }
    let mut db = db.clone();
    if !options.schemas.is_empty() {
        db.schemas.retain(|s| options.schemas.contains(&s.name));
    }
    if !options.exclude.is_empty() {
        for schema in &mut db.schemas {
            let name = schema.name.clone();
            let excluded = |object: &str| {
                let qualified = format!("{name}.{object}");
                options.exclude.iter().any(|p| p.matches(object) || p.matches(&qualified))
            };
            schema.tables.retain(|t| !excluded(&t.name));
            schema.views.retain(|v| !excluded(&v.name));
            schema.triggers.retain(|t| !excluded(&t.name) && !excluded(&t.table));
            schema.enums.retain(|e| !excluded(&e.name));
            schema.domains.retain(|d| !excluded(&d.name));
            schema.sequences.retain(|s| !excluded(&s.name));
            schema.routines.retain(|r| !excluded(&r.name));
        }
    }
    Cow::Owned(db)
}

#[cfg(test)]
mod tests;
