//! `sqlite-set-not-null-rebuild`: Makes a SQLite column NOT NULL without a default, through a table rebuild.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "sqlite-set-not-null-rebuild",
    severity: Severity::Warn,
    dialects: LITE,
    summary: "Makes a SQLite column NOT NULL without a default, through a table rebuild.",
    why: "The rebuild copies every row into the new table; the first NULL in the column stops the copy and the whole migration.",
    instead: "Give the column a default, or backfill its NULLs first (the data checks count them when the database is reachable).",
    sources: "Atlas LT101",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::SetNotNull { column, default: None } = &op.kind else { return None };
    if cx.is_new(op.target.as_ref())
        || cx.fact(op.target.as_ref(), &ProbeKind::Nulls { columns: vec![column.clone()] }) == Some(0)
    {
        return None;
    }
    Hit::new(format!(
        "makes {}.{column} NOT NULL with no default: a NULL in it stops the table rebuild",
        op.target_name()
    ))
}
