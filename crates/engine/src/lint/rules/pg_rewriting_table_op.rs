//! `pg-rewriting-table-op`: Rewrites a whole table on purpose (SET TABLESPACE, SET LOGGED/UNLOGGED, CLUSTER, VACUUM FULL).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-rewriting-table-op",
    severity: Severity::Block,
    dialects: PG,
    summary: "Rewrites a whole table on purpose (SET TABLESPACE, SET LOGGED/UNLOGGED, CLUSTER, VACUUM FULL).",
    why: "The table is copied under an ACCESS EXCLUSIVE lock: nothing can read or write it until the copy ends.",
    instead: "Do it in a maintenance window, or with pg_repack.",
    sources: "squawk prefer-repack; eugene E10",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::RewriteTable { what } => {
            Hit::new(format!("{what} rewrites {} while reads and writes wait", op.target_name()))
        }
        _ => None,
    }
}
