//! `recreate-table`: Drops a table and creates it again in the same migration, or uses CREATE OR REPLACE TABLE.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "recreate-table",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Drops a table and creates it again in the same migration, or uses CREATE OR REPLACE TABLE.",
    why: "The data is wiped in what looks like a schema change.",
    instead: "Change the table in place with ALTER TABLE, or copy the rows into the new table before dropping the old one (SQLite's rebuild procedure).",
    sources: "strong_migrations create_table (force)",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::CreateTable { or_replace: true, .. } => {
            Hit::new(format!("replaces table {} and every row in it", op.target_name()))
        }
        OpKind::CreateTable { .. } if cx.was_dropped(op.target.as_ref()) => {
            Hit::new(format!("creates {} again after dropping it: its rows are gone", op.target_name()))
        }
        _ => None,
    }
}
