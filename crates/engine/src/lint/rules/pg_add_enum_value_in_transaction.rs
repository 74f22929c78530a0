//! `pg-alter-type-add-value-in-tx`: Adds an enum value inside a transaction.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-alter-type-add-value-in-tx",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Adds an enum value inside a transaction.",
    why: "Before PostgreSQL 12 it fails; from 12 on, the new value cannot be used until commit, so a later statement in the same migration that uses it fails.",
    instead: "Add the value in a migration of its own.",
    sources: "safe-migrate alter-type-add-value-txn",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddEnumValue { .. } if cx.in_transaction => {
            Hit::new(format!("adds a value to {} inside a transaction: it is unusable until commit", op.target_name()))
        }
        _ => None,
    }
}
