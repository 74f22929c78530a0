//! `pg-add-fk-validating`: Adds a foreign key to an existing table without NOT VALID.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-add-fk-validating",
    severity: Severity::Block,
    dialects: PG,
    summary: "Adds a foreign key to an existing table without NOT VALID.",
    why: "Both tables get a SHARE ROW EXCLUSIVE lock (writes wait) while every row of the table is checked.",
    instead: "ADD CONSTRAINT … NOT VALID, then VALIDATE CONSTRAINT in a separate transaction (it only blocks other schema changes).",
    sources: "squawk adding-foreign-key-constraint; Atlas PG306; strong_migrations add_foreign_key; eugene E1",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddForeignKey { referenced, not_valid: false, .. } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("checks every row of {} against {referenced} while writes to both wait", op.target_name()))
        }
        _ => None,
    }
}
