//! `backfill-in-migration`: Updates, deletes or copies rows of an existing table in a schema migration.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "backfill-in-migration",
    severity: Severity::Warn,
    dialects: ALL_DIALECTS,
    summary: "Updates, deletes or copies rows of an existing table in a schema migration.",
    why: "A large data change holds row locks for long, bloats the table and lags replicas; in the same transaction as a schema change, the table stays locked for the whole backfill.",
    instead: "Backfill in batches (e.g. 10,000 rows), outside the schema change's transaction.",
    sources: "strong_migrations (backfilling data); Bytebase statement.disallow-mix-in-ddl",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::Backfill { .. } if !cx.is_new(op.target.as_ref()) => Hit::new(format!(
            "changes rows of {} inside the migration",
            op.target.as_ref().map_or("a table".into(), ToString::to_string)
        )),
        _ => None,
    }
}
