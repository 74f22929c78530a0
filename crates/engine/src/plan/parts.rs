//! The parts of two schemas a plan keeps: the objects that differ between them and the views and
//! triggers that depend on those, instead of two whole snapshots (a 280-step plan on 2,000 tables
//! was 32 MB). What a plan leaves out is the same on both sides, so the gate takes it from the
//! live target and rebuilds both whole schemas ([`overlay`]); the fingerprints the plan records
//! say whether the rebuild is the schema the plan was made from and the one it leads to.
//!
//! Objects are matched by kind and name within their schema; flavors without named schemas
//! (MySQL's database, SQLite's `main`) have one schema, matched whatever its name, as the diff and
//! the fingerprint match it.

use std::collections::{BTreeMap, BTreeSet};

use super::mentions::Mentions;
use crate::model::fingerprint::{short_hash, TableHashes, TableView};
use crate::model::{Database, Schema, Table};

/// One object of a schema: its kind, name and what else tells it apart (a trigger's table, a
/// routine's arguments).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    kind: &'static str,
    name: String,
    qualifier: String,
}

/// The collections of a schema, each with how its objects are keyed. `$each` is a macro taking the
/// field and a closure from an object to its key.
macro_rules! collections {
    ($each:ident) => {
        $each!(tables, |t: &crate::model::Table| Key { kind: "table", name: t.name.clone(), qualifier: String::new() });
        $each!(views, |v: &crate::model::View| Key { kind: "view", name: v.name.clone(), qualifier: String::new() });
        $each!(triggers, |t: &crate::model::Trigger| Key {
            kind: "trigger",
            name: t.name.clone(),
            qualifier: t.table.clone()
        });
        $each!(enums, |e: &crate::model::EnumType| Key {
            kind: "enum",
            name: e.name.clone(),
            qualifier: String::new()
        });
        $each!(domains, |d: &crate::model::Domain| Key {
            kind: "domain",
            name: d.name.clone(),
            qualifier: String::new()
        });
        $each!(sequences, |s: &crate::model::Sequence| Key {
            kind: "sequence",
            name: s.name.clone(),
            qualifier: String::new()
        });
        $each!(routines, |r: &crate::model::Routine| Key {
            kind: "routine",
            name: r.name.clone(),
            qualifier: r.arguments.clone()
        });
    };
}

/// What differs, per schema (by [`slot`]): the objects. A schema that differs itself (created,
/// dropped, its comment) is there even without an object.
#[derive(Default)]
struct Touched {
    schemas: BTreeMap<String, BTreeSet<Key>>,
}

impl Touched {
    fn add(&mut self, slot: &str, key: Key) {
        self.schemas.entry(slot.to_owned()).or_default().insert(key);
    }

    fn holds(&self, slot: &str, key: &Key) -> bool {
        self.schemas.get(slot).is_some_and(|keys| keys.contains(key))
    }
}

/// The name a schema is matched by: its own where the flavor has named schemas; otherwise the
/// empty name, for the one schema there is.
fn slot<'a>(db: &Database, schema: &'a Schema) -> &'a str {
    if db.flavor.has_schemas() {
        &schema.name
    } else {
        ""
    }
}

fn find_slot<'a>(db: &'a Database, name: &str) -> Option<&'a Schema> {
    db.schemas.iter().find(|s| slot(db, s) == name)
}

/// The parts of `from` and `to` a plan between them keeps.
pub(crate) fn trim(from: &Database, to: &Database) -> (Database, Database) {
    let mut touched = differences(from, to);
    add_dependants(from, &mut touched);
    add_dependants(to, &mut touched);
    (keep(from, &touched), keep(to, &touched))
}

fn differences(from: &Database, to: &Database) -> Touched {
    let mut touched = Touched::default();
    let slots: BTreeSet<&str> =
        from.schemas.iter().map(|s| slot(from, s)).chain(to.schemas.iter().map(|s| slot(to, s))).collect();
    let empty = Schema::new("");
    for name in slots {
        let (a, b) = (find_slot(from, name), find_slot(to, name));
        let header = match (a, b) {
            (Some(a), Some(b)) => a.comment != b.comment || (from.flavor.has_schemas() && a.name != b.name),
            _ => true,
        };
        if header {
            touched.schemas.entry(name.to_owned()).or_default();
        }
        let (a, b) = (a.unwrap_or(&empty), b.unwrap_or(&empty));
        macro_rules! compare {
            ($field:ident, $key:expr) => {{
                let key = $key;
                let theirs: BTreeMap<Key, _> = b.$field.iter().map(|o| (key(o), o)).collect();
                let mine: BTreeMap<Key, _> = a.$field.iter().map(|o| (key(o), o)).collect();
                for (k, o) in &mine {
                    if !theirs.get(k).is_some_and(|t| o.same(t)) {
                        touched.add(name, k.clone());
                    }
                }
                for k in theirs.keys().filter(|k| !mine.contains_key(*k)) {
                    touched.add(name, k.clone());
                }
            }};
        }
        collections!(compare);
    }
    touched
}

/// An object as the fingerprint sees it: equality and a short hash that leave out what the
/// fingerprint leaves out.
trait Object: serde::Serialize {
    fn same(&self, other: &Self) -> bool;

    fn short_hash(&self) -> String {
        short_hash(self)
    }

    /// Its short hash, from `known` when it is there (by schema and name).
    fn short_hash_in(&self, _schema: &str, _known: &TableHashes<'_>) -> String {
        self.short_hash()
    }
}

impl Object for Table {
    fn same(&self, other: &Self) -> bool {
        self == other || TableView::of(self) == TableView::of(other)
    }

    fn short_hash(&self) -> String {
        short_hash(&TableView::of(self))
    }

    fn short_hash_in(&self, schema: &str, known: &TableHashes<'_>) -> String {
        known.get(&(schema, self.name.as_str())).cloned().unwrap_or_else(|| self.short_hash())
    }
}

macro_rules! plain_object {
    ($($t:ty),*) => {$(
        impl Object for $t {
            fn same(&self, other: &Self) -> bool {
                self == other
            }
        }
    )*};
}
plain_object!(
    crate::model::View,
    crate::model::Trigger,
    crate::model::EnumType,
    crate::model::Domain,
    crate::model::Sequence,
    crate::model::Routine
);

/// Adds what depends on a touched table or view in `db`: the views whose query names one (and the
/// views on those), and the triggers on them. A plan drops and recreates such views around the
/// change, so deriving it again from the parts alone needs them.
fn add_dependants(db: &Database, touched: &mut Touched) {
    let relation = |k: &Key| matches!(k.kind, "table" | "view");
    let views: Vec<(&str, &crate::model::View, Mentions)> = db
        .schemas
        .iter()
        .flat_map(|s| s.views.iter().map(move |v| (slot(db, s), v, Mentions::of(&v.definition))))
        .collect();
    loop {
        let names: BTreeSet<String> = touched
            .schemas
            .values()
            .flat_map(|keys| keys.iter().filter(|k| relation(k)).map(|k| k.name.clone()))
            .collect();
        let mut grew = false;
        for (slot, view, mentions) in &views {
            let key = Key { kind: "view", name: view.name.clone(), qualifier: String::new() };
            if !touched.holds(slot, &key) && names.iter().any(|n| mentions.names(n)) {
                touched.add(slot, key);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    for schema in &db.schemas {
        let slot = slot(db, schema);
        for trigger in &schema.triggers {
            let on_touched = ["table", "view"]
                .into_iter()
                .any(|kind| touched.holds(slot, &Key { kind, name: trigger.table.clone(), qualifier: String::new() }));
            if on_touched {
                touched
                    .add(slot, Key { kind: "trigger", name: trigger.name.clone(), qualifier: trigger.table.clone() });
            }
        }
    }
}

/// `db` with only the touched objects, in the schemas that hold one or changed themselves (every
/// schema where the flavor has only one); extensions and unsupported objects whole.
fn keep(db: &Database, touched: &Touched) -> Database {
    let schemas = db
        .schemas
        .iter()
        .filter(|s| !db.flavor.has_schemas() || touched.schemas.contains_key(slot(db, s)))
        .map(|schema| {
            let slot = slot(db, schema);
            let mut part = Schema { name: schema.name.clone(), comment: schema.comment.clone(), ..Schema::new("") };
            macro_rules! copy {
                ($field:ident, $key:expr) => {{
                    let key = $key;
                    part.$field = schema.$field.iter().filter(|o| touched.holds(slot, &key(o))).cloned().collect();
                }};
            }
            collections!(copy);
            part
        })
        .collect();
    Database { schemas, ..header(db) }
}

/// The database without its schemas: flavor, versions, extensions and unsupported objects.
pub(crate) fn header(db: &Database) -> Database {
    Database {
        format_version: db.format_version,
        flavor: db.flavor,
        server_version: db.server_version,
        schemas: Vec::new(),
        extensions: db.extensions.clone(),
        unsupported: db.unsupported.clone(),
    }
}

/// Whether `part` holds every object of `db` (a plan that creates or drops everything). A schema
/// that neither changes nor holds anything (the empty `public` of a database a plan fills) is left
/// out of the part and derives no statement: it does not count.
pub(crate) fn is_whole(part: &Database, db: &Database) -> bool {
    let count = |db: &Database| -> usize {
        db.schemas
            .iter()
            .map(|s| {
                s.tables.len()
                    + s.views.len()
                    + s.triggers.len()
                    + s.enums.len()
                    + s.domains.len()
                    + s.sequences.len()
                    + s.routines.len()
            })
            .sum()
    };
    count(part) == count(db)
}

/// `live` with the objects either part holds replaced by those of `part` (the side to rebuild;
/// `other` is the plan's other side): a schema only the other side holds is dropped, and the
/// extensions and unsupported objects are the part's.
pub(crate) fn overlay(live: &Database, part: &Database, other: &Database) -> Database {
    let mut out = Database { schemas: live.schemas.clone(), ..header(part) };
    let slots: BTreeSet<&str> =
        part.schemas.iter().map(|s| slot(part, s)).chain(other.schemas.iter().map(|s| slot(other, s))).collect();
    for name in slots {
        let mine = find_slot(part, name);
        let theirs = find_slot(other, name);
        let at = out.schemas.iter().position(|s| slot(live, s) == name);
        let Some(mine) = mine else {
            if let Some(at) = at.filter(|_| live.flavor.has_schemas()) {
                out.schemas.remove(at);
            }
            continue;
        };
        let at = at.unwrap_or_else(|| {
            out.schemas.push(Schema::new(mine.name.clone()));
            out.schemas.len() - 1
        });
        let schema = &mut out.schemas[at];
        schema.comment = mine.comment.clone();
        let empty = Schema::new("");
        let theirs = theirs.unwrap_or(&empty);
        macro_rules! replace {
            ($field:ident, $key:expr) => {{
                let key = $key;
                let gone: BTreeSet<Key> = mine.$field.iter().chain(&theirs.$field).map(|o| key(o)).collect();
                schema.$field.retain(|o| !gone.contains(&key(o)));
                schema.$field.extend(mine.$field.iter().cloned());
            }};
        }
        collections!(replace);
    }
    out.canonicalize();
    out
}

/// The keys each part holds, by schema (see [`slot`]).
fn held(parts: &[&Database]) -> BTreeMap<String, BTreeSet<Key>> {
    let mut out: BTreeMap<String, BTreeSet<Key>> = BTreeMap::new();
    for part in parts {
        for schema in &part.schemas {
            let keys = out.entry(slot(part, schema).to_owned()).or_default();
            macro_rules! collect {
                ($field:ident, $key:expr) => {{
                    let key = $key;
                    keys.extend(schema.$field.iter().map(|o| key(o)));
                }};
            }
            collections!(collect);
        }
    }
    out
}

/// Each object of `db` that none of `parts` holds, named for people (`table s0.t00007`), with a
/// short hash of its definition as the fingerprint sees it: enough to name what changed outside
/// the parts on a stale target. `known` holds tables' hashes taken already.
pub(crate) fn outside(db: &Database, parts: &[&Database], known: &TableHashes<'_>) -> BTreeMap<String, String> {
    let held = held(parts);
    let none = BTreeSet::new();
    let mut out = BTreeMap::new();
    for schema in &db.schemas {
        let kept = held.get(slot(db, schema)).unwrap_or(&none);
        macro_rules! hash {
            ($field:ident, $key:expr) => {{
                let key = $key;
                for object in &schema.$field {
                    let k = key(object);
                    if !kept.contains(&k) {
                        out.insert(shown(db, schema, &k), object.short_hash_in(&schema.name, known));
                    }
                }
            }};
        }
        collections!(hash);
    }
    out
}

/// How a key is named for people: `kind schema.name`, the schema left out where the flavor has
/// only one.
fn shown(db: &Database, schema: &Schema, key: &Key) -> String {
    let schema = if db.flavor.has_schemas() { format!("{}.", schema.name) } else { String::new() };
    match key.kind {
        "trigger" => format!("trigger {} on {schema}{}", key.name, key.qualifier),
        "routine" => format!("routine {schema}{}({})", key.name, key.qualifier),
        kind => format!("{kind} {schema}{}", key.name),
    }
}

/// What changed in `live` outside `parts` since `recorded` (the plan's start, [`outside`] them)
/// was taken: objects changed, new or gone, named for people.
pub(crate) fn changed_outside(
    live: &Database,
    parts: &[&Database],
    recorded: &BTreeMap<String, String>,
) -> Vec<String> {
    let now = outside(live, parts, &TableHashes::default());
    let mut out = Vec::new();
    for (name, hash) in &now {
        match recorded.get(name) {
            None => out.push(format!("{name} is new")),
            Some(before) if before != hash => out.push(format!("{name} changed")),
            Some(_) => {}
        }
    }
    out.extend(recorded.keys().filter(|name| !now.contains_key(*name)).map(|name| format!("{name} is gone")));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::sample_database;

    #[test]
    fn the_parts_rebuild_both_schemas_on_the_live_one() {
        let mut from = sample_database();
        from.schemas[0].tables.push(crate::model::Table::new("untouched"));
        from.canonicalize();
        let mut to = from.clone();
        to.schemas[0].tables.iter_mut().find(|t| t.name == "users").unwrap().comment = Some("changed".into());
        to.schemas[0].tables.retain(|t| t.name != "posts");
        let (from_part, to_part) = trim(&from, &to);
        let names = |db: &Database| db.schemas[0].tables.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&from_part), ["posts", "users"]);
        assert_eq!(names(&to_part), ["users"]);
        assert_eq!(from_part.schemas[0].triggers.len(), from.schemas[0].triggers.len(), "triggers on them come along");
        assert_eq!(overlay(&from, &from_part, &to_part).fingerprint(), from.fingerprint());
        assert_eq!(overlay(&from, &to_part, &from_part).fingerprint(), to.fingerprint());
        // Half-way (an interrupted run): both still rebuild.
        assert_eq!(overlay(&to, &from_part, &to_part).fingerprint(), from.fingerprint());
        assert_eq!(overlay(&to, &to_part, &from_part).fingerprint(), to.fingerprint());
    }
}
