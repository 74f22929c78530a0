//! A change set as a readable list: `+` added, `-` dropped, `~` changed, `>` renamed, one object
//! per line, a table's own changes indented under it.

use std::fmt::Write;

use crate::diff::{ChangeSet, ColumnAspect, SchemaChange, TableChange};
use crate::model::{CheckConstraint, Column, UniqueConstraint};

use super::tree::{column_attributes, count, foreign_key, index_line, named, trigger_header};

fn column(column: &Column) -> String {
    format!("{} {}  {}", column.name, column.column_type.raw, column_attributes(column))
}

fn unique(u: &UniqueConstraint) -> String {
    format!("unique{} ({})", named(u.name.as_deref()), u.columns.join(", "))
}

fn check(c: &CheckConstraint) -> String {
    format!("check{} ({})", named(c.name.as_deref()), c.expression)
}

fn aspects(aspects: &[ColumnAspect]) -> String {
    let names: Vec<&str> = aspects
        .iter()
        .map(|a| match a {
            ColumnAspect::Type => "type",
            ColumnAspect::Nullability => "nullability",
            ColumnAspect::Default => "default",
            ColumnAspect::Identity => "identity",
            ColumnAspect::Generated => "generated",
            ColumnAspect::Collation => "collation",
            ColumnAspect::Comment => "comment",
            ColumnAspect::Options => "options",
        })
        .collect();
    names.join(", ")
}

fn table_change(change: &TableChange) -> String {
    match change {
        TableChange::AddColumn { column: c } => format!("+ column {}", column(c)),
        TableChange::DropColumn { column: c } => format!("- column {}", column(c)),
        TableChange::RenameColumn { from, to } => format!("> column {from} -> {to}"),
        TableChange::ModifyColumn { from, to, aspects: a } => {
            format!("~ column {} ({}): {} -> {}", to.name, aspects(a), column(from), column(to))
        }
        TableChange::AddPrimaryKey { key } => format!("+ primary key ({})", key.columns.join(", ")),
        TableChange::DropPrimaryKey { key } => format!("- primary key ({})", key.columns.join(", ")),
        TableChange::ModifyPrimaryKey { from, to } => {
            format!("~ primary key ({}) -> ({})", from.columns.join(", "), to.columns.join(", "))
        }
        TableChange::AddForeignKey { key } => format!("+ {}", foreign_key(key)),
        TableChange::DropForeignKey { key } => format!("- {}", foreign_key(key)),
        TableChange::ModifyForeignKey { from, to } => format!("~ {} -> {}", foreign_key(from), foreign_key(to)),
        TableChange::AddUnique { constraint } => format!("+ {}", unique(constraint)),
        TableChange::DropUnique { constraint } => format!("- {}", unique(constraint)),
        TableChange::ModifyUnique { from, to } => format!("~ {} -> {}", unique(from), unique(to)),
        TableChange::AddCheck { check: c } => format!("+ {}", check(c)),
        TableChange::DropCheck { check: c } => format!("- {}", check(c)),
        TableChange::ModifyCheck { from, to } => format!("~ {} -> {}", check(from), check(to)),
        TableChange::AddIndex { index } => format!("+ {}", index_line(index)),
        TableChange::DropIndex { index } => format!("- {}", index_line(index)),
        TableChange::RenameIndex { from, to } => format!("~ index {from} renamed to {}", to.name),
        TableChange::ModifyIndex { from, to } => format!("~ {} -> {}", index_line(from), index_line(to)),
        TableChange::ModifyComment { from, to } => format!("~ comment {from:?} -> {to:?}"),
        TableChange::ModifyOptions { .. } => "~ table options".to_owned(),
    }
}

/// One line per schema-level change (and per table change under it); `qualify` shows schemas.
fn schema_change(out: &mut String, change: &SchemaChange, qualify: bool) {
    let q = |schema: &str, name: &str| if qualify { format!("{schema}.{name}") } else { name.to_owned() };
    let line = match change {
        SchemaChange::AddSchema { name } => format!("+ schema {name}"),
        SchemaChange::DropSchema { name } => format!("- schema {name}"),
        SchemaChange::CommentSchema { name, .. } => format!("~ schema {name}: comment"),
        SchemaChange::AddTable { schema, table } => {
            format!("+ table {} ({})", q(schema, &table.name), count(table.columns.len(), "column"))
        }
        SchemaChange::DropTable { schema, table } => {
            let rows = table
                .stats
                .as_ref()
                .map(|s| format!(", {}", count(usize::try_from(s.row_count).unwrap_or(usize::MAX), "row")))
                .unwrap_or_default();
            format!("- table {} ({}{rows})", q(schema, &table.name), count(table.columns.len(), "column"))
        }
        SchemaChange::RenameTable { schema, from, to } => format!("> table {} -> {to}", q(schema, from)),
        SchemaChange::ModifyTable { schema, table, changes } => {
            let _ = writeln!(out, "~ table {}", q(schema, table));
            for change in changes {
                let _ = writeln!(out, "    {}", table_change(change));
            }
            return;
        }
        SchemaChange::AddView { schema, view } => format!("+ view {}", q(schema, &view.name)),
        SchemaChange::DropView { schema, view } => format!("- view {}", q(schema, &view.name)),
        SchemaChange::ModifyView { schema, to, .. } => format!("~ view {} (definition)", q(schema, &to.name)),
        SchemaChange::AddEnum { schema, enum_type } => {
            format!("+ enum {} ({})", q(schema, &enum_type.name), enum_type.labels.join(", "))
        }
        SchemaChange::DropEnum { schema, enum_type } => format!("- enum {}", q(schema, &enum_type.name)),
        SchemaChange::ModifyEnum { schema, from, to } => {
            format!("~ enum {} ({}) -> ({})", q(schema, &to.name), from.labels.join(", "), to.labels.join(", "))
        }
        SchemaChange::AddDomain { schema, domain } => {
            format!("+ domain {} {}", q(schema, &domain.name), domain.data_type)
        }
        SchemaChange::DropDomain { schema, domain } => format!("- domain {}", q(schema, &domain.name)),
        SchemaChange::ModifyDomain { schema, to, .. } => format!("~ domain {}", q(schema, &to.name)),
        SchemaChange::AddSequence { schema, sequence } => format!("+ sequence {}", q(schema, &sequence.name)),
        SchemaChange::DropSequence { schema, sequence } => format!("- sequence {}", q(schema, &sequence.name)),
        SchemaChange::ModifySequence { schema, to, .. } => format!("~ sequence {}", q(schema, &to.name)),
        SchemaChange::AddRoutine { schema, routine } => {
            format!("+ routine {}({})", q(schema, &routine.name), routine.arguments)
        }
        SchemaChange::DropRoutine { schema, routine } => {
            format!("- routine {}({})", q(schema, &routine.name), routine.arguments)
        }
        SchemaChange::ModifyRoutine { schema, to, .. } => {
            format!("~ routine {}({})", q(schema, &to.name), to.arguments)
        }
        SchemaChange::AddTrigger { schema, trigger } => {
            format!("+ trigger {} {}", q(schema, &trigger.name), trigger_header(trigger))
        }
        SchemaChange::DropTrigger { schema, trigger } => format!("- trigger {}", q(schema, &trigger.name)),
        SchemaChange::ModifyTrigger { schema, to, .. } => {
            format!("~ trigger {} {}", q(schema, &to.name), trigger_header(to))
        }
        SchemaChange::AddExtension { extension } => format!("+ extension {} {}", extension.name, extension.version),
        SchemaChange::DropExtension { extension } => format!("- extension {}", extension.name),
        SchemaChange::ModifyExtension { from, to } => {
            format!("~ extension {} {} -> {}", to.name, from.version, to.version)
        }
    };
    let _ = writeln!(out, "{line}");
}

/// Renders a change set; `qualify` shows schema names (dialects with several schemas).
pub fn changes(set: &ChangeSet, qualify: bool) -> String {
    let mut out = String::new();
    if set.is_empty() {
        out.push_str("no differences\n");
    }
    for change in &set.changes {
        schema_change(&mut out, change, qualify);
    }
    if !set.is_empty() {
        let (mut added, mut dropped, mut modified) = (0, 0, 0);
        for change in &set.changes {
            match change {
                SchemaChange::AddSchema { .. }
                | SchemaChange::AddTable { .. }
                | SchemaChange::AddView { .. }
                | SchemaChange::AddEnum { .. }
                | SchemaChange::AddDomain { .. }
                | SchemaChange::AddSequence { .. }
                | SchemaChange::AddRoutine { .. }
                | SchemaChange::AddTrigger { .. }
                | SchemaChange::AddExtension { .. } => added += 1,
                SchemaChange::DropSchema { .. }
                | SchemaChange::DropTable { .. }
                | SchemaChange::DropView { .. }
                | SchemaChange::DropEnum { .. }
                | SchemaChange::DropDomain { .. }
                | SchemaChange::DropSequence { .. }
                | SchemaChange::DropRoutine { .. }
                | SchemaChange::DropTrigger { .. }
                | SchemaChange::DropExtension { .. } => dropped += 1,
                _ => modified += 1,
            }
        }
        let _ = writeln!(
            out,
            "\n{}: {added} added, {dropped} dropped, {modified} changed",
            count(set.changes.len(), "difference")
        );
    }
    if !set.possible_renames.is_empty() {
        let _ = writeln!(out, "\npossible renames (shown as a drop and an add until you confirm one):");
        for rename in &set.possible_renames {
            let _ = writeln!(out, "  {} -> {}   {}", rename.from, rename.to, rename.confirm);
        }
    }
    out
}
