//! A comparison for people to review: every object that differs between two schemas, what changed
//! in it, and its DDL on both sides aligned line by line with the differing words emphasized.
//! The desktop app's diff viewer shows exactly this; the CLI prints the change set instead.

mod ddl;
mod side_by_side;

pub use side_by_side::{side_by_side, DiffLine, DiffRow, LineChange, Segment, SideBySide};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::dialect::Flavor;
use crate::diff::{aligned, diff, DiffOptions, PossibleRename, SchemaChange, TableChange};
use crate::model::{Database, Routine, Trigger};
use crate::plan::sql::{self, SqlGen};
use crate::Result;
use ddl::Object;

/// What differs between two schemas, object by object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Comparison {
    /// The server implementation both sides come from (the current side's, for MySQL/MariaDB).
    pub flavor: Flavor,
    /// The objects that differ, in the change set's order (schema by schema, kind by kind).
    pub objects: Vec<ObjectDiff>,
    /// Dropped and added objects that look like one renamed object, for the user to confirm.
    pub possible_renames: Vec<PossibleRename>,
}

/// One object that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ObjectDiff {
    /// What kind of object it is.
    pub kind: ObjectKind,
    /// The schema it is in (`None` for schemas and extensions).
    pub schema: Option<String>,
    /// Its name: the desired one, or the current one for a removed object. Routines carry their
    /// arguments (`touch(integer)`), since overloads share a name.
    pub name: String,
    /// The current name of a renamed table.
    pub previous_name: Option<String>,
    /// The table or view a trigger belongs to.
    pub table: Option<String>,
    /// Added, removed, changed or renamed.
    pub status: DiffStatus,
    /// For a table that exists on both sides: what changes in it.
    pub table_changes: Vec<TableChange>,
    /// Its DDL, current on the left, desired on the right.
    pub ddl: SideBySide,
}

/// The kinds of objects a comparison lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// A schema (PostgreSQL).
    Schema,
    /// A table.
    Table,
    /// A view or materialized view.
    View,
    /// An enum type.
    Enum,
    /// A domain.
    Domain,
    /// A sequence.
    Sequence,
    /// A function or procedure.
    Routine,
    /// A trigger.
    Trigger,
    /// An extension.
    Extension,
}

/// How an object differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum DiffStatus {
    /// Only on the desired side.
    Added,
    /// Only on the current side.
    Removed,
    /// On both sides, different.
    Changed,
    /// Renamed (as the user confirmed), maybe changed too.
    Renamed,
}

/// Compares `from` (current) with `to` (desired) for review.
pub fn compare(from: &Database, to: &Database, options: &DiffOptions) -> Result<Comparison> {
    let changes = diff(from, to, options)?;
    let to = aligned(from, to);
    let gen = sql::for_dialect(to.flavor);
    let renamed = changes.renamed_tables();
    let sides = Sides { from, to: &to, gen };
    let mut objects = Vec::with_capacity(changes.changes.len());
    for change in &changes.changes {
        if let Some(object) = sides.object(change, &renamed) {
            objects.push(object);
        }
    }
    // A renamed table that changes in nothing else has no `ModifyTable` to carry it.
    for (&(schema, name), &previous) in &renamed {
        let listed = objects
            .iter()
            .any(|o| o.kind == ObjectKind::Table && o.schema.as_deref() == Some(schema) && o.name == name);
        if !listed {
            objects.push(sides.table(schema, name, Some(previous), Vec::new()));
        }
    }
    Ok(Comparison { flavor: from.flavor, objects, possible_renames: changes.possible_renames })
}

/// Both schemas and the dialect that writes their DDL.
/// Schema `name` of `db` as the DDL view shows it, with its comment.
fn schema_object<'a>(db: &'a Database, name: &'a str) -> Object<'a> {
    Object::Schema(name, db.schemas.iter().find(|s| s.name == name).and_then(|s| s.comment.as_deref()))
}

struct Sides<'a> {
    from: &'a Database,
    to: &'a Database,
    gen: &'static dyn SqlGen,
}

impl Sides<'_> {
    fn ddl(&self, schema: &str, object: Option<Object<'_>>) -> String {
        object.map(|o| ddl::render(self.gen, schema, &o)).unwrap_or_default()
    }

    /// A table on both sides (or renamed): its DDL before and after.
    fn table(&self, schema: &str, name: &str, previous: Option<&str>, changes: Vec<TableChange>) -> ObjectDiff {
        let old = self.from.schema(schema).and_then(|s| s.table(previous.unwrap_or(name)));
        let new = self.to.schema(schema).and_then(|s| s.table(name));
        ObjectDiff {
            kind: ObjectKind::Table,
            schema: Some(schema.to_owned()),
            name: name.to_owned(),
            previous_name: previous.map(str::to_owned),
            table: None,
            status: if previous.is_some() { DiffStatus::Renamed } else { DiffStatus::Changed },
            table_changes: changes,
            ddl: side_by_side(&self.ddl(schema, old.map(Object::Table)), &self.ddl(schema, new.map(Object::Table))),
        }
    }

    /// An entry whose DDL is `old` on the left and `new` on the right.
    fn entry(
        &self,
        kind: ObjectKind,
        schema: Option<&str>,
        name: String,
        status: DiffStatus,
        old: Option<Object<'_>>,
        new: Option<Object<'_>>,
    ) -> ObjectDiff {
        let in_schema = schema.unwrap_or_default();
        ObjectDiff {
            kind,
            schema: schema.map(str::to_owned),
            name,
            previous_name: None,
            table: None,
            status,
            table_changes: Vec::new(),
            ddl: side_by_side(&self.ddl(in_schema, old), &self.ddl(in_schema, new)),
        }
    }

    /// The entry for one change; `None` for a table rename, which the table's own entry carries.
    fn object(&self, change: &SchemaChange, renamed: &BTreeMap<(&str, &str), &str>) -> Option<ObjectDiff> {
        use DiffStatus::{Added, Changed, Removed};
        use ObjectKind as K;
        use SchemaChange as C;
        let routine = |r: &Routine| format!("{}({})", r.name, r.arguments);
        let trigger = |entry: ObjectDiff, t: &Trigger| ObjectDiff { table: Some(t.table.clone()), ..entry };
        Some(match change {
            C::AddSchema { name } => {
                self.entry(K::Schema, None, name.clone(), Added, None, Some(schema_object(self.to, name)))
            }
            C::DropSchema { name } => {
                self.entry(K::Schema, None, name.clone(), Removed, Some(schema_object(self.from, name)), None)
            }
            // A new schema's entry shows its comment.
            C::CommentSchema { name, .. } if !self.from.schemas.iter().any(|s| s.name == *name) => return None,
            C::CommentSchema { name, .. } => self.entry(
                K::Schema,
                None,
                name.clone(),
                Changed,
                Some(schema_object(self.from, name)),
                Some(schema_object(self.to, name)),
            ),
            C::AddTable { schema, table: t } => {
                self.entry(K::Table, Some(schema), t.name.clone(), Added, None, Some(Object::Table(t)))
            }
            C::DropTable { schema, table: t } => {
                self.entry(K::Table, Some(schema), t.name.clone(), Removed, Some(Object::Table(t)), None)
            }
            C::RenameTable { .. } => return None,
            C::ModifyTable { schema, table, changes } => {
                let previous = renamed.get(&(schema.as_str(), table.as_str())).copied();
                self.table(schema, table, previous, changes.clone())
            }
            C::AddView { schema, view: v } => {
                self.entry(K::View, Some(schema), v.name.clone(), Added, None, Some(Object::View(v)))
            }
            C::DropView { schema, view: v } => {
                self.entry(K::View, Some(schema), v.name.clone(), Removed, Some(Object::View(v)), None)
            }
            C::ModifyView { schema, from, to } => self.entry(
                K::View,
                Some(schema),
                to.name.clone(),
                Changed,
                Some(Object::View(from)),
                Some(Object::View(to)),
            ),
            C::AddEnum { schema, enum_type: e } => {
                self.entry(K::Enum, Some(schema), e.name.clone(), Added, None, Some(Object::Enum(e)))
            }
            C::DropEnum { schema, enum_type: e } => {
                self.entry(K::Enum, Some(schema), e.name.clone(), Removed, Some(Object::Enum(e)), None)
            }
            C::ModifyEnum { schema, from, to } => self.entry(
                K::Enum,
                Some(schema),
                to.name.clone(),
                Changed,
                Some(Object::Enum(from)),
                Some(Object::Enum(to)),
            ),
            C::AddDomain { schema, domain: d } => {
                self.entry(K::Domain, Some(schema), d.name.clone(), Added, None, Some(Object::Domain(d)))
            }
            C::DropDomain { schema, domain: d } => {
                self.entry(K::Domain, Some(schema), d.name.clone(), Removed, Some(Object::Domain(d)), None)
            }
            C::ModifyDomain { schema, from, to } => self.entry(
                K::Domain,
                Some(schema),
                to.name.clone(),
                Changed,
                Some(Object::Domain(from)),
                Some(Object::Domain(to)),
            ),
            C::AddSequence { schema, sequence: s } => {
                self.entry(K::Sequence, Some(schema), s.name.clone(), Added, None, Some(Object::Sequence(s)))
            }
            C::DropSequence { schema, sequence: s } => {
                self.entry(K::Sequence, Some(schema), s.name.clone(), Removed, Some(Object::Sequence(s)), None)
            }
            C::ModifySequence { schema, from, to } => self.entry(
                K::Sequence,
                Some(schema),
                to.name.clone(),
                Changed,
                Some(Object::Sequence(from)),
                Some(Object::Sequence(to)),
            ),
            C::AddRoutine { schema, routine: r } => {
                self.entry(K::Routine, Some(schema), routine(r), Added, None, Some(Object::Routine(r)))
            }
            C::DropRoutine { schema, routine: r } => {
                self.entry(K::Routine, Some(schema), routine(r), Removed, Some(Object::Routine(r)), None)
            }
            C::ModifyRoutine { schema, from, to } => self.entry(
                K::Routine,
                Some(schema),
                routine(to),
                Changed,
                Some(Object::Routine(from)),
                Some(Object::Routine(to)),
            ),
            C::AddTrigger { schema, trigger: t } => {
                trigger(self.entry(K::Trigger, Some(schema), t.name.clone(), Added, None, Some(Object::Trigger(t))), t)
            }
            C::DropTrigger { schema, trigger: t } => trigger(
                self.entry(K::Trigger, Some(schema), t.name.clone(), Removed, Some(Object::Trigger(t)), None),
                t,
            ),
            C::ModifyTrigger { schema, from, to } => trigger(
                self.entry(
                    K::Trigger,
                    Some(schema),
                    to.name.clone(),
                    Changed,
                    Some(Object::Trigger(from)),
                    Some(Object::Trigger(to)),
                ),
                to,
            ),
            C::AddExtension { extension: e } => {
                self.entry(K::Extension, None, e.name.clone(), Added, None, Some(Object::Extension(e)))
            }
            C::DropExtension { extension: e } => {
                self.entry(K::Extension, None, e.name.clone(), Removed, Some(Object::Extension(e)), None)
            }
            C::ModifyExtension { from, to } => self.entry(
                K::Extension,
                None,
                to.name.clone(),
                Changed,
                Some(Object::Extension(from)),
                Some(Object::Extension(to)),
            ),
        })
    }
}

#[cfg(test)]
mod tests;
