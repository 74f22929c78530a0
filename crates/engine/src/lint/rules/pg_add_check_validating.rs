//! `pg-add-check-validating`: Adds a CHECK constraint to an existing table without NOT VALID.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-add-check-validating",
    severity: Severity::Block,
    dialects: PG,
    summary: "Adds a CHECK constraint to an existing table without NOT VALID.",
    why: "Every row is checked under an ACCESS EXCLUSIVE lock: reads and writes wait.",
    instead: "ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT in a separate transaction.",
    sources: "squawk constraint-missing-not-valid; Atlas PG305; strong_migrations add_check_constraint; eugene E1",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddCheck { not_valid: false, .. } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("checks every row of {} while reads and writes wait", op.target_name()))
        }
        _ => None,
    }
}
