//! `pg-exclusion-constraint`: Adds an exclusion constraint to an existing table.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-exclusion-constraint",
    severity: Severity::Block,
    dialects: PG,
    summary: "Adds an exclusion constraint to an existing table.",
    why: "Its index is built under an ACCESS EXCLUSIVE lock, and NOT VALID is not available for it.",
    instead: "There is no online way: plan downtime, or build a new table and move the rows.",
    sources: "strong_migrations add_exclusion_constraint; eugene E8",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddExclusion if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("adds an exclusion constraint to {} while reads and writes wait", op.target_name()))
        }
        _ => None,
    }
}
