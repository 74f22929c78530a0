//! `drop-schema-or-database`: Drops a schema or a database.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-schema-or-database",
    severity: Severity::Block,
    dialects: PG_MY,
    summary: "Drops a schema or a database.",
    why: "Every table in it, and every row in them, is lost at once.",
    instead: "Never drop a schema or database from a migration; do it by hand, audited, after a backup.",
    sources: "squawk ban-drop-database; Atlas DS101; Bytebase database.drop-empty-database",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropSchema { .. } => Hit::new(format!("drops {} with everything in it", op.target_name())),
        _ => None,
    }
}
