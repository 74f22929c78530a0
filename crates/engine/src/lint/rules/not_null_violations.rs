//! `not-null-violations`: Makes a column NOT NULL (or part of a primary key) while rows hold NULL in it (live check).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "not-null-violations",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Makes a column NOT NULL (or part of a primary key) while rows hold NULL in it (live check).",
    why: "The statement fails on the first NULL; on MySQL without strict mode, the NULLs are silently replaced by implicit values instead.",
    instead: "Backfill the NULLs first (UPDATE in batches), then make the column NOT NULL.",
    sources: "strong_migrations change_column_null; Atlas MF104; safety-rules.md §3",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let columns = match &op.kind {
        OpKind::SetNotNull { column, .. } => vec![column.clone()],
        OpKind::AddPrimaryKey { columns, .. } => columns.clone(),
        _ => return None,
    };
    let nulls = cx.fact(op.target.as_ref(), &ProbeKind::Nulls { columns: columns.clone() })?;
    (nulls > 0).then(|| Hit {
        message: format!(
            "{} of {} with NULL in {}: the change will fail",
            counted(nulls, "row"),
            op.target_name(),
            columns.join(", ")
        ),
        severity: None,
    })
}
