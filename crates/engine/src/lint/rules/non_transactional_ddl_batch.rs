//! `non-transactional-ddl-batch`: Puts several schema changes in one MySQL/MariaDB migration file.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "non-transactional-ddl-batch",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Puts several schema changes in one MySQL/MariaDB migration file.",
    why: "Each DDL statement commits by itself, so a failure halfway leaves the schema half migrated, and running the file again fails on what was already done.",
    instead: "One schema change per migration, or statements guarded with IF [NOT] EXISTS. (Plumb's own apply records each statement it completes.)",
    sources: "squawk prefer-robust-stmts; Bytebase statement.maximum-statements-in-transaction",
    once: true,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    if !matches!(op.origin, Origin::Line(_))
        || !op.starts_statement
        || !context::is_ddl(&op.kind)
        || cx.ddl_statements != 1
    {
        return None;
    }
    Hit::new("a second schema change in the file: if it fails, the first one stays committed")
}
