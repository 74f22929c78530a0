//! `pg-concurrently-in-transaction`: Runs CREATE/DROP INDEX CONCURRENTLY inside a transaction.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-concurrently-in-transaction",
    severity: Severity::Block,
    dialects: PG,
    summary: "Runs CREATE/DROP INDEX CONCURRENTLY inside a transaction.",
    why: "PostgreSQL refuses it (\"cannot run inside a transaction block\"); a runner that is not transactional leaves the migration half applied.",
    instead: "Put it in a migration of its own that runs outside a transaction.",
    sources: "squawk ban-concurrent-index-creation-in-transaction; Atlas PG103; Bytebase statement.non-transactional",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let what = match &op.kind {
        OpKind::CreateIndex { concurrently: true, .. } => "CREATE INDEX CONCURRENTLY",
        OpKind::DropIndex { concurrently: true, .. } => "DROP INDEX CONCURRENTLY",
        OpKind::DetachPartition { concurrently: true } => "DETACH PARTITION CONCURRENTLY",
        _ => return None,
    };
    if !cx.in_transaction {
        return None;
    }
    Hit::new(format!("{what} on {} inside a transaction fails", op.target_name()))
}
