//! Puts the statements of a change set in an order the server accepts, by phases ([`Phase`], in
//! the order they run): new types before the tables that use them, dependent views, policies and
//! triggers out of the way before the tables change, foreign keys dropped before what they point
//! at and added after it exists, routines, domains and old types dropped last. Within the phases,
//! the graph of what each definition names orders domains, routines and views (`definitions`,
//! `views`); everything else keeps the change set's order (schema by schema, object by name).

mod definitions;
mod enums;
mod graph;
mod phase;
mod remade;
pub(crate) mod tables;
mod views;

use std::collections::BTreeSet;

use super::online::{self, Cx};
use super::sql::SqlGen;
use super::Step;
use crate::diff::{ChangeSet, ColumnAspect, SchemaChange, TableChange, Using};
use crate::lint::{schema_change_ops, LintOptions};
use crate::model::{CheckConstraint, Database, Schema, Table, Trigger};
use crate::{Error, Result};
use definitions::Definitions;
pub(crate) use phase::Phase;
use phase::{is_local, Phases, LOCAL};
use tables::table_changes;

/// The object a change concerns, named as safety findings name it (`app.users`).
fn object_of(change: &SchemaChange) -> Option<String> {
    let qualified = |schema: &str, name: &str| Some(format!("{schema}.{name}"));
    match change {
        SchemaChange::AddSchema { name }
        | SchemaChange::DropSchema { name }
        | SchemaChange::CommentSchema { name, .. } => Some(name.clone()),
        SchemaChange::AddTable { schema, table } | SchemaChange::DropTable { schema, table } => {
            qualified(schema, &table.name)
        }
        SchemaChange::RenameTable { schema, from, .. } => qualified(schema, from),
        SchemaChange::ModifyTable { schema, table, .. } => qualified(schema, table),
        SchemaChange::AddView { schema, view } | SchemaChange::DropView { schema, view } => {
            qualified(schema, &view.name)
        }
        SchemaChange::ModifyView { schema, to, .. } => qualified(schema, &to.name),
        SchemaChange::AddEnum { schema, enum_type } | SchemaChange::DropEnum { schema, enum_type } => {
            qualified(schema, &enum_type.name)
        }
        SchemaChange::ModifyEnum { schema, to, .. } => qualified(schema, &to.name),
        SchemaChange::AddDomain { schema, domain } | SchemaChange::DropDomain { schema, domain } => {
            qualified(schema, &domain.name)
        }
        SchemaChange::ModifyDomain { schema, to, .. } => qualified(schema, &to.name),
        SchemaChange::AddSequence { schema, sequence } | SchemaChange::DropSequence { schema, sequence } => {
            qualified(schema, &sequence.name)
        }
        SchemaChange::ModifySequence { schema, to, .. } => qualified(schema, &to.name),
        SchemaChange::AddRoutine { schema, routine } | SchemaChange::DropRoutine { schema, routine } => {
            qualified(schema, &routine.name)
        }
        SchemaChange::ModifyRoutine { schema, to, .. } => qualified(schema, &to.name),
        SchemaChange::AddTrigger { schema, trigger } | SchemaChange::DropTrigger { schema, trigger } => {
            qualified(schema, &trigger.name)
        }
        SchemaChange::ModifyTrigger { schema, to, .. } => qualified(schema, &to.name),
        SchemaChange::AddExtension { extension } | SchemaChange::DropExtension { extension } => {
            Some(extension.name.clone())
        }
        SchemaChange::ModifyExtension { to, .. } => Some(to.name.clone()),
    }
}

/// Whether version `a` comes before version `b` (`1.3` < `1.10`), compared number by number.
fn older(a: &str, b: &str) -> bool {
    let numbers = |v: &str| v.split(['.', '-']).map(|part| part.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    !a.is_empty() && !b.is_empty() && numbers(a) < numbers(b)
}

/// The changes the plan makes to the tables `table` takes its columns from (its partitioned
/// table, or those it inherits from).
fn changes_of(changes: &ChangeSet, table: &Table) -> Vec<TableChange> {
    let parents = table.parents();
    changes
        .changes
        .iter()
        .filter_map(|c| match c {
            SchemaChange::ModifyTable { schema, table, changes } if parents.contains(&(schema, table)) => {
                Some(changes.iter().cloned())
            }
            _ => None,
        })
        .flatten()
        .collect()
}

/// A partition's changes without the column and check changes its partitioned table makes for
/// it: PostgreSQL passes those down to every partition and refuses them on a partition itself.
/// A partition's own NOT NULL and default stay its own.
fn without_inherited(changes: &[TableChange], parent: &[TableChange]) -> Vec<TableChange> {
    let column = |c: &TableChange| match c {
        TableChange::AddColumn { column } | TableChange::DropColumn { column } => Some(column.name.clone()),
        TableChange::ModifyColumn { to, .. } => Some(to.name.clone()),
        _ => None,
    };
    // Checks too: a partition's copy of its table's check goes and comes back with it.
    let check = |c: &TableChange| match c {
        TableChange::AddCheck { check }
        | TableChange::DropCheck { check }
        | TableChange::ModifyCheck { to: check, .. } => check.name.clone(),
        _ => None,
    };
    let inherited: BTreeSet<String> = parent.iter().filter_map(column).collect();
    let checks: BTreeSet<String> = parent.iter().filter_map(check).collect();
    let added_not_valid: BTreeSet<&Option<String>> = parent
        .iter()
        .filter_map(|c| match c {
            TableChange::AddCheck { check: to } | TableChange::ModifyCheck { to, .. } if to.not_valid => Some(&to.name),
            _ => None,
        })
        .collect();
    let own = [ColumnAspect::Nullability, ColumnAspect::Default];
    changes
        .iter()
        .filter_map(|c| match c {
            TableChange::ModifyColumn { from, to, aspects } if inherited.contains(&to.name) => {
                let aspects: Vec<ColumnAspect> = aspects.iter().copied().filter(|a| own.contains(a)).collect();
                (!aspects.is_empty()).then(|| TableChange::ModifyColumn { from: from.clone(), to: to.clone(), aspects })
            }
            c if column(c).is_some_and(|name| inherited.contains(&name)) => None,
            // Validating it is the partition's own, though: a check its table adds NOT VALID
            // comes to it NOT VALID too.
            TableChange::ModifyCheck { from, to } if from.expression == to.expression => Some(c.clone()),
            TableChange::ModifyCheck { to, .. } | TableChange::AddCheck { check: to }
                if !to.not_valid && added_not_valid.contains(&to.name) =>
            {
                Some(TableChange::ModifyCheck {
                    from: CheckConstraint { not_valid: true, ..to.clone() },
                    to: to.clone(),
                })
            }
            c if check(c).is_some_and(|name| checks.contains(&name)) => None,
            c => Some(c.clone()),
        })
        .collect()
}

/// Whether `table` is a partition of a table the same plan drops.
fn partition_of_dropped(table: &Table, dropped: &BTreeSet<(&str, &str)>) -> bool {
    table.partition_of().is_some_and(|p| dropped.contains(&(p.parent_schema.as_str(), p.parent_table.as_str())))
}

/// Whether a table of `db` inheriting from `parent` has column `column`.
fn kept_by_children(db: &Database, parent: (&str, &str), column: &str) -> bool {
    db.tables().any(|(_, t)| {
        t.inherits().iter().any(|i| (i.schema.as_str(), i.table.as_str()) == parent) && t.column(column).is_some()
    })
}

/// Whether a foreign key of `db` points at `schema.table`.
fn referenced(db: &Database, schema: &str, table: &str) -> bool {
    db.schemas
        .iter()
        .flat_map(|s| s.tables.iter().flat_map(move |t| t.foreign_keys.iter().map(move |k| (s, k))))
        .any(|(s, key)| key.referenced_table == table && key.target_schema(&s.name) == schema)
}

/// The foreign keys of a table that goes, dropped before any table goes.
fn drop_foreign_keys(p: &mut Phases, gen: &dyn SqlGen, schema: &str, table: &Table) -> Result<()> {
    if !gen.inline_foreign_keys() {
        for fk in &table.foreign_keys {
            p.push(
                Phase::DropForeignKeys,
                gen.drop_foreign_key(schema, &table.name, fk)?,
                format!("drop foreign key of {}", table.name),
            );
        }
    }
    Ok(())
}

/// CREATE TABLE of a new table. A partition, or a table that inherits, takes its parents'
/// columns and checks, then sets the NOT NULL and defaults of its own where they differ from
/// theirs in `to`.
fn create_table(gen: &dyn SqlGen, schema_name: &str, table: &Table, to: &Database) -> Result<Vec<String>> {
    let parents: Vec<&Table> =
        table.parents().into_iter().filter_map(|(s, t)| schema(to, s).and_then(|s| s.table(t))).collect();
    let inherited = |column: &str| parents.iter().find_map(|p| p.column(column));
    // A partition's model holds only its own checks; repeating one merges with the inherited one.
    // A table that inherits lists only what is its own.
    let own;
    let created = match table.partition_of() {
        Some(_) => table,
        None => {
            own = Table {
                columns: table.columns.iter().filter(|c| inherited(&c.name).is_none()).cloned().collect(),
                checks: table
                    .checks
                    .iter()
                    .filter(|c| {
                        !parents.iter().any(|p| p.checks.iter().any(|pc| pc.name.is_some() && pc.name == c.name))
                    })
                    .cloned()
                    .collect(),
                ..table.clone()
            };
            &own
        }
    };
    let mut sql = gen.create_table(schema_name, created)?;
    for column in &table.columns {
        let Some(inherited) = inherited(&column.name) else { continue };
        let mut aspects = Vec::new();
        if inherited.nullable != column.nullable {
            aspects.push(ColumnAspect::Nullability);
        }
        if inherited.default != column.default && column.generated.is_none() {
            aspects.push(ColumnAspect::Default);
        }
        if !aspects.is_empty() {
            sql.extend(gen.modify_column(schema_name, table, inherited, column, &aspects, None)?);
        }
    }
    Ok(sql)
}

fn schema<'a>(db: &'a Database, name: &str) -> Option<&'a Schema> {
    db.schemas.iter().find(|s| s.name == name)
}

/// The statements of a change set, in order.
pub(super) fn steps<'a>(
    changes: &ChangeSet,
    from: &Database,
    to: &Database,
    gen: &dyn SqlGen,
    lint: &'a LintOptions<'a>,
    online: Option<&'a Cx<'a>>,
    using: &'a [Using],
) -> Result<Vec<Step>> {
    let mut p = Phases::new(lint, online, using);
    // Schemas whose views (and triggers) go out and back around a rebuild of their tables (SQLite).
    let mut redo_views: BTreeSet<String> = BTreeSet::new();
    // Relations whose change the views reading them cannot stay through.
    let mut touched: BTreeSet<(String, String)> = BTreeSet::new();
    let mut redo_triggers: BTreeSet<String> = BTreeSet::new();
    let renamed_tables = changes.renamed_tables();
    let remade = remade::remade(changes, from, to, gen);
    let remade_names = remade::names(&remade);
    // Tables made again go too, and with them what goes with a dropped table.
    let dropped_tables: BTreeSet<(&str, &str)> = changes
        .changes
        .iter()
        .filter_map(|c| match c {
            SchemaChange::DropTable { schema, table } => Some((schema.as_str(), table.name.as_str())),
            _ => None,
        })
        .chain(remade_names.iter().copied())
        .collect();

    let all_changes = changes;
    let mut definitions = Definitions::default();
    let mut partitions: Vec<(Vec<String>, String)> = Vec::new();
    for change in &changes.changes {
        p.on(object_of(change), &schema_change_ops(change, &changes.possible_renames));
        match change {
            SchemaChange::AddSchema { name } => {
                p.push(Phase::Prepare, gen.create_schema(name)?, format!("create schema {name}"))
            }
            SchemaChange::DropSchema { name } => {
                p.push(Phase::DropSchemas, gen.drop_schema(name)?, format!("drop schema {name}"))
            }
            SchemaChange::CommentSchema { name, comment } => p.push(
                Phase::Prepare,
                gen.comment_schema(name, comment.as_deref())?,
                format!("comment on schema {name}"),
            ),
            SchemaChange::AddExtension { extension } => {
                p.push(
                    Phase::Prepare,
                    gen.create_extension(extension)?,
                    format!("install extension {}", extension.name),
                );
            }
            SchemaChange::ModifyExtension { from: old, to: new } if older(&new.version, &old.version) => {
                // Extensions ship update scripts forward only: ALTER EXTENSION refuses to go back.
                return Err(Error::UnsupportedChange {
                    what: format!(
                        "going back from version {} to {} of extension {} (extensions update forward only; \
                         the way back keeps {})",
                        old.version, new.version, new.name, old.version
                    ),
                });
            }
            SchemaChange::ModifyExtension { to, .. } => {
                p.push(
                    Phase::Prepare,
                    gen.update_extension(to)?,
                    format!("update extension {} to {}", to.name, to.version),
                );
            }
            SchemaChange::DropExtension { extension } => {
                p.push(
                    Phase::DropSequencesAndExtensions,
                    gen.drop_extension(extension)?,
                    format!("remove extension {}", extension.name),
                );
            }
            SchemaChange::AddEnum { schema, enum_type } => {
                p.push(
                    Phase::Prepare,
                    gen.create_enum(schema, enum_type)?,
                    format!("create enum {schema}.{}", enum_type.name),
                );
            }
            SchemaChange::ModifyEnum { schema, from: old, to: new } => {
                touched.extend(enums::modify_enum(&mut p, gen, schema, (old, new), (from, to))?);
            }
            SchemaChange::DropEnum { schema, enum_type } => definitions.drop_enum(schema, enum_type),
            SchemaChange::AddDomain { schema, domain } => definitions.create_domain(schema, domain),
            SchemaChange::ModifyDomain { schema, from, to } => definitions.modify_domain(schema, from, to),
            SchemaChange::DropDomain { schema, domain } => definitions.drop_domain(schema, domain),
            SchemaChange::AddSequence { schema, sequence } => {
                p.push(
                    Phase::Prepare,
                    gen.create_sequence(schema, sequence)?,
                    format!("create sequence {schema}.{}", sequence.name),
                );
                if let Some(owner) = &sequence.owned_by {
                    p.push(
                        Phase::CreateDependants,
                        gen.sequence_owner(schema, sequence, Some(owner))?,
                        format!("tie sequence {} to {}.{}", sequence.name, owner.table, owner.column),
                    );
                }
            }
            SchemaChange::ModifySequence { schema, from, to } => {
                p.push_all(
                    Phase::Prepare,
                    gen.modify_sequence(schema, from, to)?,
                    &format!("change sequence {schema}.{}", to.name),
                );
                if from.owned_by != to.owned_by {
                    // Untied before tables and columns go: dropping its owner would drop it too.
                    if from.owned_by.is_some() {
                        p.push(
                            Phase::Prepare,
                            gen.sequence_owner(schema, to, None)?,
                            format!("untie sequence {} from its column", to.name),
                        );
                    }
                    if let Some(owner) = &to.owned_by {
                        p.push(
                            Phase::CreateDependants,
                            gen.sequence_owner(schema, to, Some(owner))?,
                            format!("tie sequence {} to {}.{}", to.name, owner.table, owner.column),
                        );
                    }
                }
            }
            SchemaChange::DropSequence { schema, sequence } => {
                p.push(
                    Phase::DropSequencesAndExtensions,
                    gen.drop_sequence(schema, sequence)?,
                    format!("drop sequence {schema}.{}", sequence.name),
                );
            }
            SchemaChange::AddTable { schema, table } => {
                let sql = create_table(gen, schema, table, to)?;
                let description = format!("create table {schema}.{}", table.name);
                // A partition or a table that inherits after every other table of the phase: its
                // parent may come later by name (`FOOBAR_1` sorts before `Foobar`).
                match table.parents().is_empty() {
                    false => partitions.push((sql, description)),
                    true => p.push_all(Phase::Tables, sql, &description),
                }
                if !gen.inline_foreign_keys() {
                    for fk in &table.foreign_keys {
                        tables::add_foreign_key(&mut p, gen, (schema, &table.name), fk, "add foreign key to")?;
                    }
                }
                tables::create_rules(&mut p, gen, schema, table)?;
            }
            // Dropping the partitioned table drops its partitions (and their rows, which its own
            // step reports); a statement of their own would find them gone. Their own foreign keys
            // go first all the same: they hold the tables they point at, which may go before.
            SchemaChange::DropTable { schema, table } if partition_of_dropped(table, &dropped_tables) => {
                drop_foreign_keys(&mut p, gen, schema, table)?;
            }
            SchemaChange::DropTable { schema, table } => {
                touched.insert((schema.clone(), table.name.clone()));
                // Its own foreign keys go first, so that tables dropped together drop in any order.
                drop_foreign_keys(&mut p, gen, schema, table)?;
                // A foreign key pointing at a partitioned table holds each partition: the
                // partition leaves its table first, which lets go of it.
                if let Some(of) =
                    table.partition_of().filter(|of| referenced(from, &of.parent_schema, &of.parent_table))
                {
                    p.push(
                        Phase::DropKeys,
                        gen.detach_partition(schema, &table.name, of)?,
                        format!("detach partition {} before it goes", table.name),
                    );
                }
                // Its rules first: they may write to other tables that go.
                for rule in table.rules() {
                    p.push(
                        Phase::DropDependants,
                        gen.drop_rule(schema, &table.name, rule)?,
                        format!("drop rule {}", rule.name),
                    );
                }
                let drop = p.step(
                    gen.drop_table(schema, &table.name),
                    format!("drop table {schema}.{}", table.name),
                    online::Run::Transaction,
                );
                // A table that inherits goes before its parents, which refuse to go while it is there.
                match table.inherits().is_empty() {
                    true => p.steps[Phase::DropTables as usize].push(drop),
                    false => p.steps[Phase::DropTables as usize].insert(0, drop),
                }
            }
            SchemaChange::RenameTable { schema, from, to } => {
                p.push(Phase::Tables, gen.rename_table(schema, from, to), format!("rename table {from} to {to}"));
            }
            SchemaChange::ModifyTable { schema: schema_name, table, changes } => {
                if remade_names.contains(&(schema_name.as_str(), table.as_str())) {
                    continue;
                }
                let old_name = renamed_tables.get(&(schema_name.as_str(), table.as_str())).copied().unwrap_or(table);
                let current = schema(from, schema_name).and_then(|s| s.table(old_name));
                let desired = schema(to, schema_name).and_then(|s| s.table(table));
                let (Some(current), Some(desired)) = (current, desired) else {
                    return Err(Error::UnsupportedChange {
                        what: format!("changing table {schema_name}.{table}, which is missing on one side"),
                    });
                };
                let mut own = without_inherited(changes, &changes_of(all_changes, current));
                // A column its children keep goes from this table only: theirs stays, with its values.
                own.retain(|change| match change {
                    TableChange::DropColumn { column } if kept_by_children(to, (schema_name, table), &column.name) => {
                        p.push(
                            Phase::Tables,
                            gen.drop_own_column(schema_name, table, &column.name),
                            format!("drop column {table}.{} (its children keep theirs)", column.name),
                        );
                        false
                    }
                    _ => true,
                });
                let changes = &own;
                if changes.is_empty() {
                    continue;
                }
                if gen.needs_rebuild(changes) {
                    p.push_all(
                        Phase::Tables,
                        gen.rebuild_table(schema_name, current, desired, changes)?,
                        &match current.stats.as_ref() {
                            // One writer at a time: the copy holds the write lock all along.
                            Some(stats) => format!(
                                "rebuild table {table} (copy its {} while holding the database's write lock)",
                                crate::lint::counted(stats.row_count, "row")
                            ),
                            None => format!("rebuild table {table} (copy every row)"),
                        },
                    );
                    redo_views.insert(schema_name.clone());
                    redo_triggers.insert(schema_name.clone());
                    continue;
                }
                if gen.views_depend_on_columns()
                    && changes.iter().any(|c| {
                        matches!(c, TableChange::DropColumn { .. } | TableChange::RenameColumn { .. })
                            || matches!(c, TableChange::ModifyColumn { aspects, .. } if aspects.iter().any(|a| matches!(a, ColumnAspect::Type | ColumnAspect::Collation | ColumnAspect::Generated)))
                    })
                {
                    touched.insert((schema_name.clone(), table.clone()));
                }
                let mut own = Phases::new(lint, p.online, using);
                table_changes(&mut own, gen, schema_name, current, desired, changes)?;
                // The local phases touch only this table; foreign keys wait for the other tables.
                // A renamed column stays a statement of its own: clauses beside it see either name.
                let local: Vec<Step> = LOCAL.iter().flat_map(|&i| own.steps[i as usize].clone()).collect();
                let renames = changes.iter().any(|c| matches!(c, TableChange::RenameColumn { .. }));
                // An online plan also hands a lone column change to a table copy. Beside online
                // statements of its own, a table's other statements stay apart too, each in its
                // phase (one combined statement would run before or after all of them).
                let online_cx = p.online;
                let apart = own.apart.iter().any(|steps| !steps.is_empty());
                let lone = (online_cx.is_some() && own.steps[Phase::Tables as usize].len() == 1 && local.len() == 1)
                    .then(|| local[0].clone());
                let combined = if apart { None } else { gen.combine_alters(table, &local).or(lone) };
                match (renames, combined) {
                    (false, Some(step)) => {
                        for (i, (into, from)) in p.steps.iter_mut().zip(own.steps.iter_mut()).enumerate() {
                            if !is_local(i) {
                                into.append(from);
                            }
                        }
                        // What only a table copy can make, copied beside the application where
                        // the online plan can.
                        let copy = online_cx.and_then(|cx| online::table_copy(cx, schema_name, current, &step));
                        p.steps[Phase::Tables as usize].push(copy.unwrap_or(step));
                    }
                    _ => {
                        // The column changes only a copy can make still share one copy.
                        if let (Some(_), false, Some(step)) =
                            (online_cx, renames, gen.combine_alters(table, &own.steps[Phase::Tables as usize]))
                        {
                            own.steps[Phase::Tables as usize] = vec![step];
                        }
                        for (phase, (into, from)) in p.steps.iter_mut().zip(own.steps.iter_mut()).enumerate() {
                            if let (Some(cx), true) = (online_cx, is_local(phase)) {
                                for step in from.iter_mut() {
                                    if let Some(copy) = online::table_copy(cx, schema_name, current, step) {
                                        *step = copy;
                                    }
                                }
                            }
                            into.append(from);
                        }
                    }
                }
                for (into, from) in p.steps.iter_mut().zip(own.apart.iter_mut()) {
                    into.append(from);
                }
            }
            SchemaChange::AddView { .. }
            | SchemaChange::DropView { .. }
            | SchemaChange::ModifyView { .. }
            | SchemaChange::AddTrigger { .. }
            | SchemaChange::DropTrigger { .. }
            | SchemaChange::ModifyTrigger { .. } => {}
            SchemaChange::AddRoutine { schema, routine } => definitions.create_routine(schema, routine),
            SchemaChange::ModifyRoutine { schema, from, to } => {
                // CREATE OR REPLACE keeps a routine's result type and kind: a new one needs a new routine.
                let replaceable = from.returns == to.returns && from.kind == to.kind;
                if !gen.replaces_routines() || !replaceable {
                    p.push(
                        Phase::DropDependants,
                        gen.drop_routine(schema, from)?,
                        format!("drop routine {schema}.{} to re-create it", from.name),
                    );
                }
                match replaceable {
                    true => definitions.replace_routine(schema, from, to),
                    false => definitions.create_routine(schema, to),
                }
            }
            SchemaChange::DropRoutine { schema, routine } => definitions.drop_routine(schema, routine),
        }
    }

    let mut trigger_creates: Vec<(&str, &Trigger)> = Vec::new();
    remade::place(&mut p, gen, &remade, (changes, from, to), &mut partitions, &mut trigger_creates)?;
    touched.extend(remade.iter().map(|r| (r.schema.to_owned(), r.from.name.clone())));
    p.on(None, &[]);
    for (sql, description) in partitions {
        p.push_all(Phase::Tables, sql, &description);
    }
    let views = views::redone(changes, from, to, &redo_views, &touched);
    let new_tables: BTreeSet<&str> = changes
        .changes
        .iter()
        .filter_map(|c| match c {
            SchemaChange::AddTable { table, .. } => Some(table.name.as_str()),
            _ => None,
        })
        .collect();
    let new_views: BTreeSet<&str> = views.creates.iter().map(|(_, v)| v.name.as_str()).collect();
    let swapped = changes.changes.iter().filter_map(|c| match c {
        SchemaChange::ModifyEnum { from, to, .. } if !to.only_adds_to(from) => Some(from.name.as_str()),
        _ => None,
    });
    let dropped: BTreeSet<&str> = dropped_tables.iter().map(|(_, name)| *name).chain(swapped).collect();
    definitions.place(&mut p, gen, (&new_tables, &new_views), &dropped)?;

    // Views and triggers last of all, once every table they read is in place: the views over what
    // changes under them out and back (`views::redone`), all of a schema's around SQLite's table
    // rebuilds, as its procedure requires. Triggers are created after the views, which they may be
    // on.
    for change in &changes.changes {
        match change {
            SchemaChange::DropTrigger { schema, trigger }
            | SchemaChange::ModifyTrigger { schema, from: trigger, .. }
                if !redo_triggers.contains(schema) =>
            {
                // A trigger on a dropped table goes with it.
                if !dropped_tables.contains(&(schema.as_str(), trigger.table.as_str())) {
                    p.push(
                        Phase::DropDependants,
                        gen.drop_trigger(schema, trigger),
                        format!("drop trigger {}", trigger.name),
                    );
                }
                // One arm for both halves of a change: a second arm would never see it.
                if let SchemaChange::ModifyTrigger { to, .. } = change {
                    trigger_creates.push((schema, to));
                }
            }
            SchemaChange::AddTrigger { schema, trigger } if !redo_triggers.contains(schema) => {
                trigger_creates.push((schema, trigger));
            }
            _ => {}
        }
    }
    // Views and triggers re-created around table changes lock nothing worth showing.
    p.on(None, &[]);
    for name in &redo_triggers {
        if let Some(current) = schema(from, name) {
            for trigger in &current.triggers {
                if !dropped_tables.contains(&(name.as_str(), trigger.table.as_str())) {
                    p.push(
                        Phase::DropDependants,
                        gen.drop_trigger(name, trigger),
                        format!("drop trigger {} while its tables change", trigger.name),
                    );
                }
            }
        }
    }
    // Views that read other views: dropped before them, created after them.
    for &(schema, view) in &views.drops {
        p.push(Phase::DropDependants, gen.drop_view(schema, view), format!("drop view {schema}.{}", view.name));
    }
    for (name, view) in &views.creates {
        p.push(Phase::CreateDependants, gen.create_view(name, view), format!("create view {name}.{}", view.name));
        // A view made again comes back without its triggers.
        let redone = views.drops.iter().any(|(s, v)| s == name && v.name == view.name);
        for trigger in schema(to, name).map_or(&[][..], |s| &s.triggers) {
            let listed = trigger_creates.iter().any(|(s, t)| s == name && t.name == trigger.name);
            if redone && trigger.table == view.name && !listed && !redo_triggers.contains(*name) {
                trigger_creates.push((name, trigger));
            }
        }
    }
    for (schema, trigger) in trigger_creates {
        p.push(
            Phase::CreateDependants,
            gen.create_trigger(schema, trigger),
            format!("create trigger {}", trigger.name),
        );
    }
    for name in &redo_triggers {
        if let Some(desired) = schema(to, name) {
            for trigger in &desired.triggers {
                p.push(
                    Phase::CreateDependants,
                    gen.create_trigger(name, trigger),
                    format!("create trigger {}", trigger.name),
                );
            }
        }
    }
    Ok(p.steps.into_iter().flatten().collect())
}
