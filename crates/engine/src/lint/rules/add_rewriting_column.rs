//! `add-rewriting-column`: Adds an identity, serial, auto-increment or stored generated column to an existing table.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "add-rewriting-column",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Adds an identity, serial, auto-increment or stored generated column to an existing table.",
    why: "Every existing row needs a value, so the table is rewritten: PostgreSQL blocks reads and writes, MySQL copies the table with writes blocked, SQLite cannot add a stored generated column at all.",
    instead: "Create a new table and copy the rows; or add a plain column, fill it with a trigger and a batched backfill. Virtual generated columns need no rewrite.",
    sources: "strong_migrations add_column_auto_incrementing, add_column_generated_stored; squawk adding-field-with-default; eugene E11",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddColumn(c) if (c.auto_numbered || c.generated_stored) && !cx.is_new(op.target.as_ref()) => Hit::new(
            format!("adds {}.{} that every existing row must fill: the table is rewritten", op.target_name(), c.name),
        ),
        _ => None,
    }
}
