//! `require-lock-timeout`: Takes a lock that blocks the application without a lock timeout set first.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "require-lock-timeout",
    severity: Severity::Block,
    dialects: PG_MY,
    summary: "Takes a lock that blocks the application without a lock timeout set first.",
    why: "A schema change waits behind any long-running transaction on the table, and every later query queues behind the schema change: one slow report becomes an outage. MySQL waits up to a year by default (lock_wait_timeout), MariaDB a day.",
    instead: "PostgreSQL: SET lock_timeout = '5s' before the statement (and retry on timeout). MySQL/MariaDB: SET SESSION lock_wait_timeout = 5. Plumb's apply sets one itself.",
    sources: "squawk require-lock-timeout; eugene E9; strong_migrations lock_timeout",
    once: true,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    if cx.lock_timeout_set || cx.is_new(op.target.as_ref()) || !context::is_ddl(&op.kind) {
        return None;
    }
    let impact = locks::of(op, cx);
    if impact.blocks == locks::Blocks::Nothing {
        return None;
    }
    let lock = impact.lock.unwrap_or_else(|| "a lock".into());
    Hit::new(format!(
        "takes {lock} on {} with no lock timeout set: it can queue every query behind it",
        op.target_name()
    ))
}
