//! `require-statement-timeout`: Runs slow schema changes without a statement timeout.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "require-statement-timeout",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Runs slow schema changes without a statement timeout.",
    why: "A runaway statement keeps its locks and the server's resources for as long as it runs.",
    instead: "SET statement_timeout before slow statements (long enough for the work, e.g. minutes for index builds).",
    sources: "squawk require-statement-timeout; strong_migrations statement_timeout",
    once: true,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    if cx.statement_timeout_set || cx.is_new(op.target.as_ref()) {
        return None;
    }
    let impact = locks::of(op, cx);
    if matches!(impact.work, locks::Work::Metadata) {
        return None;
    }
    Hit::new(format!("works through the rows of {} with no statement timeout set", op.target_name()))
}
