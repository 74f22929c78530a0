//! `drop-fk-constraint`: Drops a foreign key whose columns stay.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-fk-constraint",
    severity: Severity::Warn,
    dialects: ALL_DIALECTS,
    summary: "Drops a foreign key whose columns stay.",
    why: "Nothing checks the relationship any more: rows pointing nowhere can appear. PostgreSQL locks both tables while dropping it.",
    instead: "Make sure it is intended, and keep an application-side check if the rule still matters.",
    sources: "Atlas CD101; django-pg-zero-downtime-migrations",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropConstraint { name, foreign_key: true, .. } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("drops foreign key {name} of {}: the relationship is no longer checked", op.target_name()))
        }
        _ => None,
    }
}
