//! A plan's typed changes as operations: the rules read what the diff found, never the SQL text.

use super::op::{ColumnSpec, ObjectRef, Op, OpKind, Origin};
use super::{run, Finding, LintOptions};
use crate::diff::{ChangeSet, ColumnAspect, PossibleRename, RenameKind, SchemaChange, TableChange};
use crate::model::{Column, GeneratedStorage, Table};

/// Lints a change set (what a plan does) for the dialect and server in `options`.
pub fn lint_changes(changes: &ChangeSet, options: &LintOptions) -> Vec<Finding> {
    run(&operations(changes), options)
}

fn column_spec(column: &Column) -> ColumnSpec {
    ColumnSpec {
        name: column.name.clone(),
        type_text: column.column_type.raw.clone(),
        kind: Some(column.column_type.kind.clone()),
        not_null: !column.nullable,
        default: column.default.clone(),
        generated_stored: column.generated.as_ref().is_some_and(|g| g.storage == GeneratedStorage::Stored),
        auto_numbered: column.identity.is_some(),
        primary_key: false,
        unique: false,
        references: None,
        check: false,
    }
}

fn possible_rename(
    renames: &[PossibleRename],
    kind: RenameKind,
    schema: &str,
    table: Option<&str>,
    name: &str,
) -> Option<String> {
    renames
        .iter()
        .find(|r| r.kind == kind && r.schema == schema && r.table.as_deref() == table && r.from == name)
        .map(|r| r.to.clone())
}

/// The operations of a change set, in its order.
pub(crate) fn operations(changes: &ChangeSet) -> Vec<Op> {
    changes.changes.iter().flat_map(|c| schema_change_ops(c, &changes.possible_renames)).collect()
}

/// The operations of one change (a table's changes, for a `ModifyTable`).
pub(crate) fn schema_change_ops(change: &SchemaChange, renames: &[PossibleRename]) -> Vec<Op> {
    let op = |kind, schema: &str, name: &str| Op::new(kind, Some(ObjectRef::new(Some(schema), name)), Origin::Change);
    match change {
        SchemaChange::DropSchema { name } => {
            vec![Op::new(OpKind::DropSchema { cascade: false }, Some(ObjectRef::new(None, name)), Origin::Change)]
        }
        SchemaChange::AddTable { schema, table } => vec![create_table(schema, table)],
        SchemaChange::DropTable { schema, table } if table.partition_of().is_some() => {
            vec![op(OpKind::DropPartition { name: table.name.clone() }, schema, &table.name)]
        }
        SchemaChange::DropTable { schema, table } => {
            let possible_rename = possible_rename(renames, RenameKind::Table, schema, None, &table.name);
            vec![op(OpKind::DropTable { cascade: false, possible_rename }, schema, &table.name)]
        }
        SchemaChange::RenameTable { schema, from, to } => {
            vec![op(OpKind::RenameTable { to: to.clone() }, schema, from)]
        }
        SchemaChange::ModifyTable { schema, table, changes } => {
            changes.iter().flat_map(|c| table_change_ops(schema, table, c, renames)).collect()
        }
        SchemaChange::ModifyEnum { schema, from, to } => {
            let removed: Vec<String> = from.labels.iter().filter(|l| !to.labels.contains(l)).cloned().collect();
            if removed.is_empty() {
                Vec::new()
            } else {
                vec![op(OpKind::ChangeEnumValues { removed }, schema, &to.name)]
            }
        }
        SchemaChange::DropSequence { schema, sequence } if sequence.owned_by.is_none() => {
            vec![op(OpKind::DropSequence, schema, &sequence.name)]
        }
        SchemaChange::AddDomain { schema, domain } if !domain.checks.is_empty() => {
            vec![op(OpKind::DomainConstraint, schema, &domain.name)]
        }
        SchemaChange::ModifyDomain { schema, from, to } if from.checks != to.checks && !to.checks.is_empty() => {
            vec![op(OpKind::DomainConstraint, schema, &to.name)]
        }
        _ => Vec::new(),
    }
}

fn create_table(schema: &str, table: &Table) -> Op {
    let columns: Vec<ColumnSpec> = table.columns.iter().map(column_spec).collect();
    let references = table
        .foreign_keys
        .iter()
        .map(|fk| ObjectRef::new(fk.referenced_schema.as_deref().or(Some(schema)), &fk.referenced_table))
        .collect();
    let mut declared = vec![table.name.clone()];
    declared.extend(table.columns.iter().map(|c| c.name.clone()));
    declared.extend(table.indexes.iter().map(|i| i.name.clone()));
    Op {
        declared_names: declared,
        ..Op::new(
            OpKind::CreateTable {
                columns,
                references,
                has_primary_key: table.primary_key.is_some(),
                or_replace: false,
            },
            Some(ObjectRef::new(Some(schema), &table.name)),
            Origin::Change,
        )
    }
}

/// The operations of one change inside a table.
pub(crate) fn table_change_ops(schema: &str, table: &str, change: &TableChange, renames: &[PossibleRename]) -> Vec<Op> {
    let op = |kind| Op::new(kind, Some(ObjectRef::new(Some(schema), table)), Origin::Change);
    let named = |kind, name: Option<&String>| Op { declared_names: name.cloned().into_iter().collect(), ..op(kind) };
    let drop_constraint = |name: Option<&String>, foreign_key| {
        op(OpKind::DropConstraint { name: name.cloned().unwrap_or_default(), foreign_key, cascade: false })
    };
    if change.constraint_comment().is_some() {
        return vec![op(OpKind::Other)];
    }
    match change {
        TableChange::AddColumn { column } => vec![named(OpKind::AddColumn(column_spec(column)), Some(&column.name))],
        TableChange::DropColumn { column } => vec![op(OpKind::DropColumn {
            column: column.name.clone(),
            cascade: false,
            possible_rename: possible_rename(renames, RenameKind::Column, schema, Some(table), &column.name),
        })],
        TableChange::RenameColumn { from, to } => vec![op(OpKind::RenameColumn { from: from.clone(), to: to.clone() })],
        TableChange::ModifyColumn { from, to, aspects } => {
            let mut ops = Vec::new();
            if aspects.contains(&ColumnAspect::Type) {
                ops.push(op(OpKind::AlterColumnType {
                    column: to.name.clone(),
                    from: Some((from.column_type.raw.clone(), from.column_type.kind.clone())),
                    to_text: to.column_type.raw.clone(),
                    to: Some(to.column_type.kind.clone()),
                    using: false,
                }));
            }
            if aspects.contains(&ColumnAspect::Nullability) {
                ops.push(op(if to.nullable {
                    OpKind::DropNotNull { column: to.name.clone() }
                } else {
                    OpKind::SetNotNull { column: to.name.clone(), default: to.default.clone() }
                }));
            }
            ops
        }
        TableChange::AddPrimaryKey { key } => {
            vec![named(OpKind::AddPrimaryKey { using_index: false, columns: key.columns.clone() }, key.name.as_ref())]
        }
        TableChange::DropPrimaryKey { key } => vec![drop_constraint(key.name.as_ref(), false)],
        TableChange::ModifyPrimaryKey { from, to } => vec![
            drop_constraint(from.name.as_ref(), false),
            named(OpKind::AddPrimaryKey { using_index: false, columns: to.columns.clone() }, to.name.as_ref()),
        ],
        TableChange::AddForeignKey { key } => vec![fk(&op, schema, key)],
        TableChange::DropForeignKey { key } => vec![drop_constraint(key.name.as_ref(), true)],
        TableChange::ModifyForeignKey { from, to } => {
            vec![drop_constraint(from.name.as_ref(), true), fk(&op, schema, to)]
        }
        TableChange::AddUnique { constraint } => {
            vec![named(
                OpKind::AddUnique { using_index: false, columns: constraint.columns.clone() },
                constraint.name.as_ref(),
            )]
        }
        TableChange::DropUnique { constraint } => vec![drop_constraint(constraint.name.as_ref(), false)],
        TableChange::ModifyUnique { from, to } => vec![
            drop_constraint(from.name.as_ref(), false),
            named(OpKind::AddUnique { using_index: false, columns: to.columns.clone() }, to.name.as_ref()),
        ],
        TableChange::AddCheck { check } => {
            vec![named(
                OpKind::AddCheck { not_valid: check.not_valid, expression: Some(check.expression.clone()) },
                check.name.as_ref(),
            )]
        }
        TableChange::DropCheck { check } => vec![drop_constraint(check.name.as_ref(), false)],
        TableChange::ModifyCheck { from, to } => vec![
            drop_constraint(from.name.as_ref(), false),
            named(
                OpKind::AddCheck { not_valid: to.not_valid, expression: Some(to.expression.clone()) },
                to.name.as_ref(),
            ),
        ],
        TableChange::AddIndex { index } => vec![named(
            OpKind::CreateIndex {
                name: Some(index.name.clone()),
                columns: index_columns(index),
                unique: index.unique,
                concurrently: false,
            },
            Some(&index.name),
        )],
        TableChange::DropIndex { index } => {
            vec![op(OpKind::DropIndex { name: index.name.clone(), concurrently: false })]
        }
        // A rename touches the catalog only; its new name is checked like any declared one.
        TableChange::RenameIndex { to, .. } => vec![named(OpKind::Other, Some(&to.name))],
        TableChange::ModifyIndex { from, to } => vec![
            op(OpKind::DropIndex { name: from.name.clone(), concurrently: false }),
            named(
                OpKind::CreateIndex {
                    name: Some(to.name.clone()),
                    columns: index_columns(to),
                    unique: to.unique,
                    concurrently: false,
                },
                Some(&to.name),
            ),
        ],
        TableChange::ModifyOptions { from, to } => {
            let (before, after) =
                (from.as_ref().and_then(engine_and_collation), to.as_ref().and_then(engine_and_collation));
            let mut ops = Vec::new();
            if before.as_ref().map(|b| &b.0) != after.as_ref().map(|a| &a.0) {
                ops.push(op(OpKind::ChangeEngine));
            }
            if before.as_ref().map(|b| &b.1) != after.as_ref().map(|a| &a.1) {
                ops.push(op(OpKind::ChangeCharset));
            }
            let (before, after) = (from.as_ref().and_then(partitioning), to.as_ref().and_then(partitioning));
            if let (Some((key_before, of_before)), Some((key_after, of_after))) = (before, after) {
                if key_before != key_after {
                    ops.push(remade_table(schema, table));
                } else if of_before != of_after {
                    if of_before.is_some() {
                        ops.push(op(OpKind::DetachPartition { concurrently: false }));
                    }
                    if of_after.is_some() {
                        ops.push(op(OpKind::AttachPartition));
                    }
                }
            }
            ops
        }
        TableChange::ModifyComment { .. } => Vec::new(),
    }
}

/// A table made again under its name, its rows copied over (PostgreSQL: a new way of
/// partitioning it).
pub(crate) fn remade_table(schema: &str, table: &str) -> Op {
    Op::new(
        OpKind::RewriteTable { what: "Making the table again (a new way of partitioning)".to_owned() },
        Some(ObjectRef::new(Some(schema), table)),
        Origin::Change,
    )
}

/// How a PostgreSQL table is partitioned, and what it is a partition of.
fn partitioning(extras: &crate::model::TableExtras) -> Option<(Option<&str>, Option<&crate::model::PartitionOf>)> {
    match extras {
        crate::model::TableExtras::Postgres { partition_key, partition_of, .. } => {
            Some((partition_key.as_deref(), partition_of.as_ref()))
        }
        _ => None,
    }
}

fn engine_and_collation(extras: &crate::model::TableExtras) -> Option<(Option<String>, Option<String>)> {
    match extras {
        crate::model::TableExtras::Mysql { engine, collation, .. } => Some((engine.clone(), collation.clone())),
        _ => None,
    }
}

fn fk(op: &dyn Fn(OpKind) -> Op, schema: &str, key: &crate::model::ForeignKey) -> Op {
    Op {
        declared_names: key.name.clone().into_iter().collect(),
        ..op(OpKind::AddForeignKey {
            referenced: ObjectRef::new(key.referenced_schema.as_deref().or(Some(schema)), &key.referenced_table),
            not_valid: key.not_valid,
            columns: key.columns.clone(),
            referenced_columns: key.referenced_columns.clone(),
        })
    }
}

/// An index's key columns, or none when a part is an expression; a partial index's duplicates
/// depend on its predicate, so it gets none either.
fn index_columns(index: &crate::model::Index) -> Vec<String> {
    if index.predicate.is_some() {
        return Vec::new();
    }
    let names: Option<Vec<String>> = index
        .parts
        .iter()
        .map(|p| match &p.key {
            crate::model::IndexKey::Column(name) => Some(name.clone()),
            crate::model::IndexKey::Expression(_) => None,
        })
        .collect();
    names.unwrap_or_default()
}
