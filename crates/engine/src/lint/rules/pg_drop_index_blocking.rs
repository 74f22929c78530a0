//! `pg-drop-index-blocking`: Drops an index without CONCURRENTLY.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-drop-index-blocking",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Drops an index without CONCURRENTLY.",
    why: "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table: brief, but it waits behind any long transaction and every query on the table queues behind it. Queries that used the index may also get slower.",
    instead: "DROP INDEX CONCURRENTLY IF EXISTS, outside a transaction (not possible for indexes behind constraints).",
    sources: "squawk require-concurrent-index-deletion; Atlas PG102; pg-schema-diff INDEX_DROPPED",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropIndex { name, concurrently: false } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("drops index {name} with an ACCESS EXCLUSIVE lock on its table"))
        }
        _ => None,
    }
}
