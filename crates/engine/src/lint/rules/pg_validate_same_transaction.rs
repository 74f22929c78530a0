//! `pg-validate-same-transaction`: Validates a constraint in the transaction that added it NOT VALID.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-validate-same-transaction",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Validates a constraint in the transaction that added it NOT VALID.",
    why: "Locks are held until commit, so the validation scan runs under the strong lock the ADD took: NOT VALID gained nothing.",
    instead: "Commit between adding the constraint NOT VALID and validating it (separate migrations).",
    sources: "squawk constraint-missing-not-valid; eugene E4",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::ValidateConstraint { name } if cx.added_not_valid_in_transaction(name) => Hit::new(format!(
            "validates {name} on {} in the transaction that added it, under the lock it took",
            op.target_name()
        )),
        _ => None,
    }
}
