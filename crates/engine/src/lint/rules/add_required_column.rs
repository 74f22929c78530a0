//! `add-required-column`: Adds a NOT NULL column without a default to a table that exists before the migration.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "add-required-column",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Adds a NOT NULL column without a default to a table that exists before the migration.",
    why: "PostgreSQL refuses it on a table with rows; SQLite always refuses it; MySQL fills existing rows with implicit values (0, '', the first enum value). In every engine, running code that inserts without the new column starts failing.",
    instead: "Add the column nullable (or with a default), deploy code that writes it, backfill, then make it NOT NULL.",
    sources: "squawk adding-required-field; Atlas MF103, MY101; Bytebase column.add-not-null-require-default",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddColumn(c) if c.required_without_default() && !cx.is_new(op.target.as_ref()) => Hit::new(format!(
            "adds required column {}.{} with no default: inserts that leave it out fail",
            op.target_name(),
            c.name
        )),
        _ => None,
    }
}
