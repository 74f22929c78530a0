//! `pg-set-not-null-scan`: Makes a column of an existing table NOT NULL.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-set-not-null-scan",
    severity: Severity::Block,
    dialects: PG,
    summary: "Makes a column of an existing table NOT NULL.",
    why: "SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock, and fails if a NULL exists. Old code may still write NULLs.",
    instead: "PostgreSQL 12–17: ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; backfill; VALIDATE CONSTRAINT c; SET NOT NULL (no scan then); DROP CONSTRAINT c. PostgreSQL 18: ADD CONSTRAINT c NOT NULL col NOT VALID, then VALIDATE.",
    sources: "squawk adding-not-nullable-field; Atlas MF104, PG303; strong_migrations change_column_null; eugene E2",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        // A validated `CHECK (col IS NOT NULL)` proves it: PostgreSQL 12+ skips the scan.
        OpKind::SetNotNull { column, .. }
            if !(cx.is_new(op.target.as_ref())
                || cx.at_least(12, 0, 0) && cx.proved_not_null(op.target.as_ref(), column)) =>
        {
            Hit::new(format!(
                "makes {}.{column} NOT NULL with a full scan while reads and writes wait",
                op.target_name()
            ))
        }
        _ => None,
    }
}
