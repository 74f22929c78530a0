//! `pg-detach-partition-blocking`: Detaches a partition without CONCURRENTLY.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-detach-partition-blocking",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Detaches a partition without CONCURRENTLY.",
    why: "The parent table is locked ACCESS EXCLUSIVE: every query on it waits.",
    instead: "DETACH PARTITION … CONCURRENTLY (PostgreSQL 14+, outside a transaction, no default partition).",
    sources: "squawk require-concurrent-partition-detach",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DetachPartition { concurrently: false } => {
            Hit::new(format!("detaches a partition of {} while every query on it waits", op.target_name()))
        }
        _ => None,
    }
}
