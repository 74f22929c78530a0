//! Tables made again under the same name, their rows carried over: what `ALTER TABLE` cannot
//! change in place (PostgreSQL: how a table is partitioned). Dropping a partitioned table drops
//! its partitions, so those still wanted are made again with it, each keeping its own rows.
//!
//! The rows wait in a table beside the old one, go back once every new table and partition
//! exists (a row no partition accepts stops the plan, which rolls back), and the holder goes.
//! What hangs on the table by its identity goes and comes back: foreign keys of other tables
//! pointing at it, its triggers, the sequences its columns own, the views reading it.

use std::collections::BTreeSet;

use super::phase::{Phase, Phases};
use super::schema;
use super::tables::add_foreign_key;
use crate::diff::{ChangeSet, SchemaChange, TableChange};
use crate::model::{Database, Table, Trigger};
use crate::plan::sql::SqlGen;
use crate::Result;

/// A table made again: as it is and as desired. A partition its table's new shape no longer
/// has is not made again, but its rows go into that table (`into`).
pub(super) struct Remade<'a> {
    pub(super) schema: &'a str,
    pub(super) from: &'a Table,
    pub(super) to: &'a Table,
    /// The schema of `to`.
    into: &'a str,
    made_again: bool,
}

/// The tables of the change set that must be made again, with the partitions that go with them.
pub(super) fn remade<'a>(
    changes: &'a ChangeSet,
    from: &'a Database,
    to: &'a Database,
    gen: &dyn SqlGen,
) -> Vec<Remade<'a>> {
    let pair = |s: &str, name: &str| Some((schema(from, s)?.table(name)?, schema(to, s)?.table(name)?));
    let mut out: Vec<Remade<'a>> = Vec::new();
    for change in &changes.changes {
        if let SchemaChange::ModifyTable { schema: s, table, .. } = change {
            if let Some((old, new)) = pair(s, table).filter(|(old, new)| gen.remade(old, new)) {
                out.push(Remade { schema: s, from: old, to: new, into: s, made_again: true });
            }
        }
    }
    // Partitions of a table made again, at any depth: made again where they are still wanted,
    // their rows moved into the new table where not.
    let mut i = 0;
    while i < out.len() {
        let (parent_schema, parent, target, into) = (out[i].schema, out[i].from.name.as_str(), out[i].to, out[i].into);
        for s in &from.schemas {
            for table in &s.tables {
                let child =
                    table.partition_of().is_some_and(|p| p.parent_schema == parent_schema && p.parent_table == parent);
                let listed = out.iter().any(|r| r.schema == s.name && r.from.name == table.name);
                if !child || listed {
                    continue;
                }
                out.push(match pair(&s.name, &table.name) {
                    Some((old, new)) => Remade { schema: &s.name, from: old, to: new, into: &s.name, made_again: true },
                    None => Remade { schema: &s.name, from: table, to: target, into, made_again: false },
                });
            }
        }
        i += 1;
    }
    out
}

/// The steps that make `tables` again; the triggers to create on them are added to `triggers`
/// (those the change set does not create itself), and partitions to `partitions`, which go after
/// every other new table.
pub(super) fn place<'a>(
    p: &mut Phases,
    gen: &dyn SqlGen,
    tables: &'a [Remade<'a>],
    (changes, from, to): (&ChangeSet, &'a Database, &'a Database),
    partitions: &mut Vec<(Vec<String>, String)>,
    triggers: &mut Vec<(&'a str, &'a Trigger)>,
) -> Result<()> {
    let made_again = names(tables);
    let is_remade = |s: &str, name: &str| made_again.contains(&(s, name));
    for r in tables {
        let (s, name) = (r.schema, r.from.name.as_str());
        p.on(Some(format!("{s}.{name}")), &[crate::lint::remade_table(s, name)]);
        let holder = holder_name(name);
        if let Some(sql) = gen.hold_rows(s, r.from, &holder) {
            p.push(Phase::Prepare, sql, format!("keep the rows of {s}.{name} aside while its table is made again"));
            p.push_all(
                Phase::AddKeys,
                gen.return_rows((r.into, r.to), r.from, (s, &holder)),
                &format!("put the rows of {s}.{name} into {}.{}", r.into, r.to.name),
            );
        }
        if !r.made_again {
            continue;
        }
        for sequence in schema(from, s).map_or(&[][..], |x| &x.sequences) {
            if sequence.owned_by.as_ref().is_some_and(|o| o.table == name) {
                p.push(
                    Phase::Prepare,
                    gen.sequence_owner(s, sequence, None)?,
                    format!("untie sequence {} from {name}, which is made again", sequence.name),
                );
            }
        }
        for sequence in schema(to, s).map_or(&[][..], |x| &x.sequences) {
            if let Some(owner) = sequence.owned_by.as_ref().filter(|o| o.table == name) {
                p.push(
                    Phase::CreateDependants,
                    gen.sequence_owner(s, sequence, Some(owner))?,
                    format!("tie sequence {} to {name}.{} again", sequence.name, owner.column),
                );
            }
        }
        super::drop_foreign_keys(p, gen, s, r.from)?;
        let parent_remade = r.from.partition_of().is_some_and(|x| is_remade(&x.parent_schema, &x.parent_table));
        if !parent_remade {
            p.push(Phase::DropTables, gen.drop_table(s, name), format!("drop table {s}.{name} to make it again"));
        }
        let create = (super::create_table(gen, s, r.to, to)?, format!("make table {s}.{name} again"));
        match r.to.partition_of() {
            Some(_) => partitions.push(create),
            None => p.push_all(Phase::Tables, create.0, &create.1),
        }
        if !gen.inline_foreign_keys() {
            for fk in &r.to.foreign_keys {
                add_foreign_key(p, gen, (s, name), fk, "add foreign key again to")?;
            }
        }
        super::tables::create_rules(p, gen, s, r.to)?;
        for trigger in schema(to, s).map_or(&[][..], |x| &x.triggers) {
            if trigger.table == name && !creates_trigger(changes, s, trigger) {
                triggers.push((s, trigger));
            }
        }
    }
    // Foreign keys of other tables pointing at a table made again: out of its way and back.
    for s in &from.schemas {
        for table in s.tables.iter().filter(|t| !is_remade(&s.name, &t.name)) {
            let desired = schema(to, &s.name).and_then(|x| x.table(&table.name));
            for fk in &table.foreign_keys {
                let target = fk.target_schema(&s.name);
                if !is_remade(target, &fk.referenced_table) || changes_own_key(changes, &s.name, &table.name, fk) {
                    continue;
                }
                p.on(Some(format!("{}.{}", s.name, table.name)), &[]);
                p.push(
                    Phase::DropForeignKeys,
                    gen.drop_foreign_key(&s.name, &table.name, fk)?,
                    format!("drop foreign key of {} while {} is made again", table.name, fk.referenced_table),
                );
                if let Some(key) = desired.and_then(|d| d.foreign_keys.iter().find(|k| k.name == fk.name)) {
                    add_foreign_key(p, gen, (&s.name, &table.name), key, "add foreign key again to")?;
                }
            }
        }
    }
    Ok(())
}

/// Whether the change set drops or changes foreign key `fk` of `schema.table` itself (or the
/// whole table), which then needs no step of its own here.
fn changes_own_key(changes: &ChangeSet, s: &str, table: &str, fk: &crate::model::ForeignKey) -> bool {
    changes.changes.iter().any(|c| match c {
        SchemaChange::DropTable { schema, table: t } => schema == s && t.name == table,
        SchemaChange::ModifyTable { schema, table: t, changes } if schema == s && t == table => changes.iter().any(|c| {
            matches!(c, TableChange::DropForeignKey { key } | TableChange::ModifyForeignKey { from: key, .. } if key.name == fk.name)
        }),
        _ => false,
    })
}

/// Whether the change set creates `trigger` itself.
fn creates_trigger(changes: &ChangeSet, s: &str, trigger: &Trigger) -> bool {
    changes.changes.iter().any(|c| match c {
        SchemaChange::AddTrigger { schema, trigger: t } | SchemaChange::ModifyTrigger { schema, to: t, .. } => {
            schema == s && t.name == trigger.name && t.table == trigger.table
        }
        _ => false,
    })
}

/// The table holding a table's rows while it is made again, within PostgreSQL's 63 bytes.
fn holder_name(table: &str) -> String {
    crate::dialect::within_bytes(format!("_plumb_rows_{table}"), 63)
}

/// The tables made again, as `(schema, name)`, for the planner's sets of tables that go.
pub(super) fn names<'a>(tables: &'a [Remade<'a>]) -> BTreeSet<(&'a str, &'a str)> {
    tables.iter().filter(|r| r.made_again).map(|r| (r.schema, r.from.name.as_str())).collect()
}
