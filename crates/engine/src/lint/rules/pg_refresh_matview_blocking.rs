//! `pg-refresh-matview-blocking`: Refreshes a materialized view without CONCURRENTLY.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-refresh-matview-blocking",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Refreshes a materialized view without CONCURRENTLY.",
    why: "Readers of the view wait for the whole refresh (ACCESS EXCLUSIVE).",
    instead: "REFRESH MATERIALIZED VIEW CONCURRENTLY (needs a unique index on the view).",
    sources: "safe-migrate blocking-mat-view-refresh",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::RefreshMaterializedView { concurrently: false } => {
            Hit::new("the refresh blocks every reader of the view")
        }
        _ => None,
    }
}
