//! The statements of one table's changes, each in its phase.

use super::super::online;
use super::super::sql::SqlGen;
use super::phase::{Phase, Phases};
use crate::diff::{ColumnAspect, TableChange};
use crate::lint::table_change_ops;
use crate::model::{CheckConstraint, ForeignKey, IndexKey, Table};
use crate::Result;

/// The statements of a table's changes that `ALTER TABLE` can make, each in its phase.
pub(super) fn table_changes(
    p: &mut Phases,
    gen: &dyn SqlGen,
    schema: &str,
    current: &Table,
    desired: &Table,
    changes: &[TableChange],
) -> Result<()> {
    let t = desired.name.as_str();
    let retyped: Vec<&str> = changes
        .iter()
        .filter_map(|c| match c {
            TableChange::ModifyColumn { to, aspects, .. } if aspects.contains(&ColumnAspect::Type) => {
                Some(to.name.as_str())
            }
            _ => None,
        })
        .collect();
    let policies = gen.policies_around(schema, current, desired, &retyped);
    p.on(Some(format!("{schema}.{t}")), &[]);
    p.push_all(Phase::DropKeys, policies.drop, &format!("drop a row-level security policy of {t}"));
    p.push_all(Phase::AddKeys, policies.create, &format!("create a row-level security policy on {t}"));
    for change in changes {
        p.on(Some(format!("{schema}.{t}")), &table_change_ops(schema, t, change, &[]));
        // The user's cast is written as given, in the ordinary statement.
        let using = match change {
            TableChange::ModifyColumn { to, .. } => {
                p.using.iter().find(|u| u.is_for(schema, t, &to.name)).map(|u| u.expression.as_str())
            }
            _ => None,
        };
        let online = p.online.filter(|_| using.is_none());
        if let Some(planned) = online.and_then(|cx| online::table_change(cx, schema, current, desired, change)) {
            p.push_planned(planned?);
            continue;
        }
        if let Some(constraint) = change.constraint_comment() {
            p.push(
                Phase::AddKeys,
                gen.comment_constraint(schema, t, constraint.name, constraint.comment)?,
                format!("comment on constraint {} of {t}", constraint.name),
            );
            continue;
        }
        if let Some(name) = only_validated(change) {
            p.push(Phase::AddKeys, gen.validate_constraint(schema, t, name)?, format!("validate {name} of {t}"));
            continue;
        }
        match change {
            TableChange::DropForeignKey { key } => {
                p.push(
                    Phase::DropForeignKeys,
                    gen.drop_foreign_key(schema, t, key)?,
                    format!("drop foreign key of {t}"),
                );
            }
            TableChange::ModifyForeignKey { from, to } => {
                keep_key_indexes(p, gen, (schema, current, desired), to)?;
                p.push(
                    Phase::DropForeignKeys,
                    gen.drop_foreign_key(schema, t, from)?,
                    format!("drop foreign key of {t} to re-create it"),
                );
                add_foreign_key(p, gen, (schema, t), to, "re-create foreign key of")?;
            }
            TableChange::AddForeignKey { key } => {
                keep_key_indexes(p, gen, (schema, current, desired), key)?;
                add_foreign_key(p, gen, (schema, t), key, "add foreign key to")?;
            }
            TableChange::DropIndex { index } => {
                p.push(Phase::DropKeys, gen.drop_index(schema, t, index), format!("drop index {}", index.name));
            }
            TableChange::ModifyIndex { from, to } => {
                p.push(
                    Phase::DropKeys,
                    gen.drop_index(schema, t, from),
                    format!("drop index {} to re-create it", from.name),
                );
                p.push(Phase::AddKeys, gen.create_index(schema, t, to)?, format!("re-create index {}", to.name));
            }
            TableChange::AddIndex { index } => {
                p.push(Phase::AddKeys, gen.create_index(schema, t, index)?, format!("create index {}", index.name));
            }
            TableChange::RenameIndex { from, to } => {
                for sql in gen.rename_index(schema, t, from, to)? {
                    p.push(Phase::AddKeys, sql, format!("rename index {from} to {}", to.name));
                }
            }
            TableChange::DropUnique { constraint } => {
                p.push(
                    Phase::DropKeys,
                    gen.drop_unique(schema, t, constraint)?,
                    format!("drop unique constraint of {t}"),
                );
            }
            TableChange::ModifyUnique { from, to } => {
                p.push(
                    Phase::DropKeys,
                    gen.drop_unique(schema, t, from)?,
                    format!("drop unique constraint of {t} to re-create it"),
                );
                p.push(Phase::AddKeys, gen.add_unique(schema, t, to)?, format!("re-create unique constraint of {t}"));
                commented(p, gen, Phase::AddKeys, (schema, t), (&to.name, &to.comment))?;
            }
            TableChange::AddUnique { constraint } => {
                p.push(Phase::AddKeys, gen.add_unique(schema, t, constraint)?, format!("add unique constraint to {t}"));
                commented(p, gen, Phase::AddKeys, (schema, t), (&constraint.name, &constraint.comment))?;
            }
            TableChange::DropCheck { check } => {
                p.push(Phase::DropKeys, gen.drop_check(schema, t, check)?, format!("drop check constraint of {t}"));
            }
            TableChange::ModifyCheck { from, to } => {
                p.push(
                    Phase::DropKeys,
                    gen.drop_check(schema, t, from)?,
                    format!("drop check constraint of {t} to re-create it"),
                );
                p.push(Phase::AddKeys, gen.add_check(schema, t, to)?, format!("re-create check constraint of {t}"));
                commented(p, gen, Phase::AddKeys, (schema, t), (&to.name, &to.comment))?;
            }
            TableChange::AddCheck { check } => {
                p.push(Phase::AddKeys, gen.add_check(schema, t, check)?, format!("add check constraint to {t}"));
                commented(p, gen, Phase::AddKeys, (schema, t), (&check.name, &check.comment))?;
            }
            TableChange::DropPrimaryKey { key } => {
                p.push(Phase::DropKeys, gen.drop_primary_key(schema, t, key)?, format!("drop primary key of {t}"));
            }
            TableChange::ModifyPrimaryKey { from, to } => {
                p.push(
                    Phase::DropKeys,
                    gen.drop_primary_key(schema, t, from)?,
                    format!("drop primary key of {t} to re-create it"),
                );
                p.push(Phase::AddKeys, gen.add_primary_key(schema, t, to)?, format!("re-create primary key of {t}"));
                commented(p, gen, Phase::AddKeys, (schema, t), (&to.name, &to.comment))?;
            }
            TableChange::AddPrimaryKey { key } => {
                p.push(Phase::AddKeys, gen.add_primary_key(schema, t, key)?, format!("add primary key to {t}"));
                commented(p, gen, Phase::AddKeys, (schema, t), (&key.name, &key.comment))?;
            }
            TableChange::RenameColumn { from, to } => {
                p.push(
                    Phase::Tables,
                    gen.rename_column(schema, t, from, to),
                    format!("rename column {t}.{from} to {to}"),
                );
            }
            TableChange::AddColumn { column } => {
                p.push(Phase::Tables, gen.add_column(schema, t, column)?, format!("add column {t}.{}", column.name));
            }
            TableChange::ModifyColumn { from, to, aspects } => {
                p.push_all(
                    Phase::Tables,
                    gen.modify_column(schema, desired, from, to, aspects, using)?,
                    &format!("change column {t}.{}", to.name),
                );
            }
            TableChange::DropColumn { column } => {
                p.push(
                    Phase::Tables,
                    gen.drop_column(schema, t, &column.name),
                    format!("drop column {t}.{}", column.name),
                );
            }
            TableChange::ModifyComment { to, .. } => {
                p.push(Phase::Tables, gen.table_comment(schema, t, to.as_deref())?, format!("comment on table {t}"));
            }
            TableChange::ModifyOptions { .. } => {
                // Rules out of the way before tables change, back after every table is in place.
                for rule in current.rules().iter().filter(|r| !desired.rules().contains(r)) {
                    p.push(Phase::DropDependants, gen.drop_rule(schema, t, rule)?, format!("drop rule {}", rule.name));
                }
                for rule in desired.rules().iter().filter(|r| !current.rules().contains(r)) {
                    p.push(
                        Phase::CreateDependants,
                        gen.create_rule(schema, t, rule)?,
                        format!("create rule {}", rule.name),
                    );
                }
                for parent in current.inherits().iter().filter(|i| !desired.inherits().contains(i)) {
                    p.push(
                        Phase::DropKeys,
                        gen.no_inherit(schema, t, parent)?,
                        format!("end {t}'s inheritance from {}", parent.table),
                    );
                }
                for parent in desired.inherits().iter().filter(|i| !current.inherits().contains(i)) {
                    p.push(
                        Phase::AddKeys,
                        gen.inherit(schema, t, parent)?,
                        format!("make {t} inherit from {}", parent.table),
                    );
                }
                // Out of a partitioned table before tables go (its table's drop would take it
                // along); into one once every table is in place.
                if current.partition_of() != desired.partition_of() {
                    if let Some(of) = current.partition_of() {
                        p.push(Phase::DropKeys, gen.detach_partition(schema, t, of)?, format!("detach partition {t}"));
                    }
                    if let Some(of) = desired.partition_of() {
                        p.push(Phase::AddKeys, gen.attach_partition(schema, t, of)?, format!("attach partition {t}"));
                    }
                }
                p.push_all(
                    Phase::Tables,
                    gen.table_options(schema, current, desired)?,
                    &format!("change options of table {t}"),
                );
            }
        }
    }
    Ok(())
}

/// The indexes a table keeps on the columns of foreign key `key`, which adding the key must not
/// replace ([`SqlGen::keep_key_index`]).
fn keep_key_indexes(
    p: &mut Phases,
    gen: &dyn SqlGen,
    (schema, current, desired): (&str, &Table, &Table),
    key: &ForeignKey,
) -> Result<()> {
    for index in &desired.indexes {
        let leads = index.parts.len() >= key.columns.len()
            && index.parts.iter().zip(&key.columns).all(|(part, c)| part.key == IndexKey::Column(c.clone()));
        let kept = current.indexes.contains(index);
        if let (true, true, false, Some(sql)) =
            (leads, kept, key.name.as_ref() == Some(&index.name), gen.keep_key_index(schema, &desired.name, index))
        {
            p.push(Phase::DropKeys, sql, format!("keep index {} as it is", index.name));
        }
    }
    Ok(())
}

/// The name of a constraint added `NOT VALID` that the change only validates.
pub(crate) fn only_validated(change: &TableChange) -> Option<&str> {
    match change {
        TableChange::ModifyCheck { from, to }
            if from.not_valid && *to == CheckConstraint { not_valid: false, ..from.clone() } =>
        {
            to.name.as_deref()
        }
        TableChange::ModifyForeignKey { from, to }
            if from.not_valid && *to == ForeignKey { not_valid: false, ..from.clone() } =>
        {
            to.name.as_deref()
        }
        _ => None,
    }
}

/// The rules of a new table, once every table they may write to exists.
pub(super) fn create_rules(p: &mut Phases, gen: &dyn SqlGen, schema: &str, table: &Table) -> Result<()> {
    for rule in table.rules() {
        p.push(
            Phase::CreateDependants,
            gen.create_rule(schema, &table.name, rule)?,
            format!("create rule {}", rule.name),
        );
    }
    Ok(())
}

/// A foreign key added after every table it may point at exists, with its comment; `what` says
/// how (`add foreign key to`, `re-create foreign key of`).
pub(super) fn add_foreign_key(
    p: &mut Phases,
    gen: &dyn SqlGen,
    (schema, table): (&str, &str),
    key: &ForeignKey,
    what: &str,
) -> Result<()> {
    p.push(Phase::AddForeignKeys, gen.add_foreign_key(schema, table, key)?, format!("{what} {table}"));
    commented(p, gen, Phase::AddForeignKeys, (schema, table), (&key.name, &key.comment))
}

/// The comment of a constraint just added, where it has one (and a name to put it on).
fn commented(
    p: &mut Phases,
    gen: &dyn SqlGen,
    phase: Phase,
    (schema, table): (&str, &str),
    (name, comment): (&Option<String>, &Option<String>),
) -> Result<()> {
    if let (Some(name), Some(text)) = (name, comment) {
        p.push(
            phase,
            gen.comment_constraint(schema, table, name, Some(text))?,
            format!("comment on constraint {name} of {table}"),
        );
    }
    Ok(())
}
