//! `pg-reindex-blocking`: Rebuilds indexes with REINDEX without CONCURRENTLY.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-reindex-blocking",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Rebuilds indexes with REINDEX without CONCURRENTLY.",
    why: "Writes to the table, and reads that use the index, wait for the whole rebuild.",
    instead: "REINDEX … CONCURRENTLY (PostgreSQL 12+), outside a transaction.",
    sources: "squawk require-concurrent-reindex",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::Reindex => Hit::new("REINDEX blocks writes for the whole rebuild"),
        _ => None,
    }
}
