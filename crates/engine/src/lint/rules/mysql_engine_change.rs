//! `mysql-engine-change`: Changes a table's storage engine.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-engine-change",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Changes a table's storage engine.",
    why:
        "The table is rebuilt in full, and the new engine may behave differently (transactions, locking, foreign keys).",
    instead: "Plan it explicitly, in a maintenance window or with an online schema change tool.",
    sources: "skeema ChangeStorageEngine",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::ChangeEngine if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("changes the storage engine of {}: the table is rebuilt", op.target_name()))
        }
        _ => None,
    }
}
