//! `pg-add-unique-constraint-blocking`: Adds a UNIQUE constraint to an existing table without USING INDEX.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-add-unique-constraint-blocking",
    severity: Severity::Block,
    dialects: PG,
    summary: "Adds a UNIQUE constraint to an existing table without USING INDEX.",
    why: "The unique index is built under an ACCESS EXCLUSIVE lock: reads and writes wait for the whole build. Duplicates make it fail.",
    instead: "CREATE UNIQUE INDEX CONCURRENTLY first, then ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX.",
    sources: "squawk disallowed-unique-constraint; Atlas PG105; strong_migrations add_unique_constraint; eugene E7",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddUnique { using_index: false, .. } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("builds a unique index on {} while reads and writes wait", op.target_name()))
        }
        _ => None,
    }
}
