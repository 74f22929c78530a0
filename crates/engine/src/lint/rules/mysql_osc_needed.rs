//! `mysql-osc-needed`: Rebuilds or copies a large MySQL/MariaDB table (live check).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-osc-needed",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Rebuilds or copies a large MySQL/MariaDB table (live check).",
    why: "Rebuilding millions of rows takes long, lags replicas by as long, and a table copy blocks writes throughout.",
    instead: "Use an online schema change tool (gh-ost needs row-based binlogs, a shared key before and after, no foreign keys or triggers; pt-online-schema-change uses triggers).",
    sources: "Bytebase advice.online-migration; gh-ost requirements",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let rows = cx.rows(op.target.as_ref())?;
    if rows < LARGE_TABLE_ROWS
        || cx.is_new(op.target.as_ref())
        || !matches!(locks::of(op, cx).work, locks::Work::Rewrite)
    {
        return None;
    }
    Hit::new(format!(
        "rebuilds {} with {}: consider an online schema change tool",
        op.target_name(),
        counted(rows, "row")
    ))
}
