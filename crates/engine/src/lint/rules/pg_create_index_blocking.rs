//! `pg-create-index-blocking`: Builds an index on an existing table without CONCURRENTLY.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-create-index-blocking",
    severity: Severity::Block,
    dialects: PG,
    summary: "Builds an index on an existing table without CONCURRENTLY.",
    why: "CREATE INDEX takes a SHARE lock: every INSERT, UPDATE and DELETE on the table waits for the whole build, which takes minutes on a large table.",
    instead: "CREATE INDEX CONCURRENTLY IF NOT EXISTS, outside a transaction. If it fails, drop the INVALID index it leaves and retry.",
    sources: "squawk require-concurrent-index-creation; Atlas PG101; strong_migrations add_index; eugene E6",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::CreateIndex { concurrently: false, name, .. } if !cx.is_new(op.target.as_ref()) => Hit::new(format!(
            "builds index {} on {} while writes to it wait",
            name.as_deref().unwrap_or("(unnamed)"),
            op.target_name()
        )),
        _ => None,
    }
}
