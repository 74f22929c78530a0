//! `mysql-lock-option`: Asks for LOCK=SHARED or LOCK=EXCLUSIVE.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-lock-option",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Asks for LOCK=SHARED or LOCK=EXCLUSIVE.",
    why: "SHARED blocks writes, EXCLUSIVE blocks reads and writes, for the whole change, even when the server could do it online.",
    instead: "Leave LOCK out, or write LOCK=NONE.",
    sources: "strong_migrations lock_option; Bytebase statement.require-lock-option",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AlterOptions { blocking_lock: true, .. } => {
            Hit::new(format!("locks {} for the whole change", op.target_name()))
        }
        _ => None,
    }
}
