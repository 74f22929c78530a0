//! The generic walk: objects matched by name (constraints without names by what they cover),
//! each pair compared field by field.

use std::collections::BTreeMap;

use super::change::{ColumnAspect, SchemaChange, TableChange};
use super::hooks::DiffHooks;
use crate::model::{CheckConstraint, Column, Extension, ForeignKey, Index, Schema, Table, UniqueConstraint};

/// Pairs two lists by key: (only in `from`, in both, only in `to`), each sorted by key.
struct Pairs<'a, T> {
    dropped: Vec<&'a T>,
    both: Vec<(&'a T, &'a T)>,
    added: Vec<&'a T>,
}

fn pair<'a, T, K: Ord>(from: &'a [T], to: &'a [T], key: impl Fn(&T) -> K) -> Pairs<'a, T> {
    let from_map: BTreeMap<K, &T> = from.iter().map(|x| (key(x), x)).collect();
    let mut to_map: BTreeMap<K, &T> = to.iter().map(|x| (key(x), x)).collect();
    let mut pairs = Pairs { dropped: Vec::new(), both: Vec::new(), added: Vec::new() };
    for (k, f) in from_map {
        match to_map.remove(&k) {
            Some(t) => pairs.both.push((f, t)),
            None => pairs.dropped.push(f),
        }
    }
    pairs.added = to_map.into_values().collect();
    pairs
}

/// How to make each kind of change for one kind of schema object: add, drop, modify.
type Constructors<A, D, M> = (A, D, M);

/// Adds, drops and modifies one kind of schema object.
fn objects<T: PartialEq + Clone, A, D, M>(
    schema: &str,
    from: &[T],
    to: &[T],
    key: impl Fn(&T) -> String,
    (add, drop, modify): Constructors<A, D, M>,
    out: &mut Vec<SchemaChange>,
) where
    A: Fn(String, T) -> SchemaChange,
    D: Fn(String, T) -> SchemaChange,
    M: Fn(String, T, T) -> SchemaChange,
{
    let pairs = pair(from, to, key);
    out.extend(pairs.dropped.into_iter().map(|x| drop(schema.to_owned(), x.clone())));
    out.extend(pairs.added.into_iter().map(|x| add(schema.to_owned(), x.clone())));
    for (f, t) in pairs.both {
        if f != t {
            out.push(modify(schema.to_owned(), f.clone(), t.clone()));
        }
    }
}

/// Every change between two versions of one schema (an absent side is an empty schema).
pub(super) fn diff_schema(from: &Schema, to: &Schema, hooks: &dyn DiffHooks, out: &mut Vec<SchemaChange>) {
    let schema = to.name.as_str();
    let by_name = |name: &String| name.clone();
    objects(
        schema,
        &from.enums,
        &to.enums,
        |e| by_name(&e.name),
        (
            |schema, enum_type| SchemaChange::AddEnum { schema, enum_type },
            |schema, enum_type| SchemaChange::DropEnum { schema, enum_type },
            |schema, from, to| SchemaChange::ModifyEnum { schema, from, to },
        ),
        out,
    );
    objects(
        schema,
        &from.domains,
        &to.domains,
        |d| by_name(&d.name),
        (
            |schema, domain| SchemaChange::AddDomain { schema, domain },
            |schema, domain| SchemaChange::DropDomain { schema, domain },
            |schema, from, to| SchemaChange::ModifyDomain { schema, from, to },
        ),
        out,
    );
    objects(
        schema,
        &from.sequences,
        &to.sequences,
        |s| by_name(&s.name),
        (
            |schema, sequence| SchemaChange::AddSequence { schema, sequence },
            |schema, sequence| SchemaChange::DropSequence { schema, sequence },
            |schema, from, to| SchemaChange::ModifySequence { schema, from, to },
        ),
        out,
    );

    let tables = pair(&from.tables, &to.tables, |t| t.name.clone());
    for table in tables.dropped {
        out.push(SchemaChange::DropTable { schema: schema.to_owned(), table: table.clone() });
    }
    for table in tables.added {
        out.push(SchemaChange::AddTable { schema: schema.to_owned(), table: table.clone() });
    }
    for (f, t) in tables.both {
        let changes = diff_table(f, t, hooks);
        if !changes.is_empty() {
            out.push(SchemaChange::ModifyTable { schema: schema.to_owned(), table: t.name.clone(), changes });
        }
    }

    objects(
        schema,
        &from.views,
        &to.views,
        |v| by_name(&v.name),
        (
            |schema, view| SchemaChange::AddView { schema, view },
            |schema, view| SchemaChange::DropView { schema, view },
            |schema, from, to| SchemaChange::ModifyView { schema, from, to },
        ),
        out,
    );
    objects(
        schema,
        &from.routines,
        &to.routines,
        // Overloads share a name; the argument list tells them apart.
        |r| format!("{}({})", r.name, r.arguments),
        (
            |schema, routine| SchemaChange::AddRoutine { schema, routine },
            |schema, routine| SchemaChange::DropRoutine { schema, routine },
            |schema, from, to| SchemaChange::ModifyRoutine { schema, from, to },
        ),
        out,
    );
    objects(
        schema,
        &from.triggers,
        &to.triggers,
        // Names are unique per table on PostgreSQL, per schema elsewhere.
        |t| format!("{}.{}", t.table, t.name),
        (
            |schema, trigger| SchemaChange::AddTrigger { schema, trigger },
            |schema, trigger| SchemaChange::DropTrigger { schema, trigger },
            |schema, from, to| SchemaChange::ModifyTrigger { schema, from, to },
        ),
        out,
    );
}

/// Extensions are database-wide.
pub(super) fn diff_extensions(from: &[Extension], to: &[Extension], out: &mut Vec<SchemaChange>) {
    let pairs = pair(from, to, |e| e.name.clone());
    out.extend(pairs.dropped.into_iter().map(|e| SchemaChange::DropExtension { extension: e.clone() }));
    out.extend(pairs.added.into_iter().map(|e| SchemaChange::AddExtension { extension: e.clone() }));
    for (f, t) in pairs.both {
        if f != t {
            out.push(SchemaChange::ModifyExtension { from: f.clone(), to: t.clone() });
        }
    }
}

/// The aspects in which two versions of a column differ.
pub(super) fn column_aspects(from: &Column, to: &Column, hooks: &dyn DiffHooks) -> Vec<ColumnAspect> {
    let mut aspects = Vec::new();
    if !hooks.types_equivalent(&from.column_type, &to.column_type) {
        aspects.push(ColumnAspect::Type);
    }
    let checks = [
        (from.nullable != to.nullable, ColumnAspect::Nullability),
        (from.default != to.default, ColumnAspect::Default),
        (from.identity != to.identity, ColumnAspect::Identity),
        (from.generated != to.generated, ColumnAspect::Generated),
        (from.collation != to.collation, ColumnAspect::Collation),
        (from.comment != to.comment, ColumnAspect::Comment),
        (from.extras != to.extras, ColumnAspect::Options),
    ];
    aspects.extend(checks.into_iter().filter(|(differs, _)| *differs).map(|(_, aspect)| aspect));
    aspects
}

/// An index dropped and one added with the same definition under another name are one index
/// renamed: cheaper than a rebuild, and nothing about it changes but the name.
fn renamed_indexes(out: &mut Vec<TableChange>) {
    let same =
        |a: &Index, b: &Index| Index { name: String::new(), ..a.clone() } == Index { name: String::new(), ..b.clone() };
    let mut i = 0;
    while i < out.len() {
        let TableChange::DropIndex { index: dropped } = &out[i] else {
            i += 1;
            continue;
        };
        let added = out.iter().position(|c| matches!(c, TableChange::AddIndex { index } if same(index, dropped)));
        match added {
            Some(j) => {
                let from = dropped.name.clone();
                let TableChange::AddIndex { index: to } = out.remove(j) else { unreachable!("matched above") };
                let at = if j < i { i - 1 } else { i };
                out[at] = TableChange::RenameIndex { from, to };
                i = at + 1;
            }
            None => i += 1,
        }
    }
}

/// A key that matches a constraint across the two sides: its name, or for an unnamed one what it
/// covers.
fn fk_key(fk: &ForeignKey) -> String {
    fk.name.clone().unwrap_or_else(|| format!("({}) -> {}", fk.columns.join(","), fk.referenced_table))
}

fn unique_key(u: &UniqueConstraint) -> String {
    u.name.clone().unwrap_or_else(|| format!("({})", u.columns.join(",")))
}

fn check_key(c: &CheckConstraint) -> String {
    c.name.clone().unwrap_or_else(|| c.expression.clone())
}

/// Adds, drops and modifies one kind of table part.
fn parts<T: PartialEq + Clone>(
    from: &[T],
    to: &[T],
    key: impl Fn(&T) -> String,
    add: impl Fn(T) -> TableChange,
    drop: impl Fn(T) -> TableChange,
    modify: impl Fn(T, T) -> TableChange,
    out: &mut Vec<TableChange>,
) {
    let pairs = pair(from, to, key);
    out.extend(pairs.dropped.into_iter().map(|x| drop(x.clone())));
    out.extend(pairs.added.into_iter().map(|x| add(x.clone())));
    for (f, t) in pairs.both {
        if f != t {
            out.push(modify(f.clone(), t.clone()));
        }
    }
}

/// Every change inside a table present on both sides. Columns keep the desired ordinal order.
pub(super) fn diff_table(from: &Table, to: &Table, hooks: &dyn DiffHooks) -> Vec<TableChange> {
    let mut out = Vec::new();
    let from_columns: BTreeMap<&str, &Column> = from.columns.iter().map(|c| (c.name.as_str(), c)).collect();
    let to_names: Vec<&str> = to.columns.iter().map(|c| c.name.as_str()).collect();
    for column in from.columns.iter().filter(|c| !to_names.contains(&c.name.as_str())) {
        out.push(TableChange::DropColumn { column: column.clone() });
    }
    for column in &to.columns {
        match from_columns.get(column.name.as_str()) {
            None => out.push(TableChange::AddColumn { column: column.clone() }),
            Some(current) => {
                let aspects = column_aspects(current, column, hooks);
                if !aspects.is_empty() {
                    out.push(TableChange::ModifyColumn { from: (*current).clone(), to: column.clone(), aspects });
                }
            }
        }
    }
    match (&from.primary_key, &to.primary_key) {
        (None, Some(key)) => out.push(TableChange::AddPrimaryKey { key: key.clone() }),
        (Some(key), None) => out.push(TableChange::DropPrimaryKey { key: key.clone() }),
        (Some(f), Some(t)) if f != t => out.push(TableChange::ModifyPrimaryKey { from: f.clone(), to: t.clone() }),
        _ => {}
    }
    parts(
        &from.foreign_keys,
        &to.foreign_keys,
        fk_key,
        |key| TableChange::AddForeignKey { key },
        |key| TableChange::DropForeignKey { key },
        |from, to| TableChange::ModifyForeignKey { from, to },
        &mut out,
    );
    parts(
        &from.unique_constraints,
        &to.unique_constraints,
        unique_key,
        |constraint| TableChange::AddUnique { constraint },
        |constraint| TableChange::DropUnique { constraint },
        |from, to| TableChange::ModifyUnique { from, to },
        &mut out,
    );
    parts(
        &from.checks,
        &to.checks,
        check_key,
        |check| TableChange::AddCheck { check },
        |check| TableChange::DropCheck { check },
        |from, to| TableChange::ModifyCheck { from, to },
        &mut out,
    );
    parts(
        &from.indexes,
        &to.indexes,
        |i| i.name.clone(),
        |index| TableChange::AddIndex { index },
        |index| TableChange::DropIndex { index },
        |from, to| TableChange::ModifyIndex { from, to },
        &mut out,
    );
    renamed_indexes(&mut out);
    if from.comment != to.comment {
        out.push(TableChange::ModifyComment { from: from.comment.clone(), to: to.comment.clone() });
    }
    if from.extras != to.extras {
        out.push(TableChange::ModifyOptions { from: from.extras.clone(), to: to.extras.clone() });
    }
    out
}
