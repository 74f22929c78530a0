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
        OpKind::DropConstraint { name, foreign_key, .. }
            if !cx.is_new(op.target.as_ref()) && (*foreign_key || is_foreign_key(cx, op, name)) =>
        {
            Hit::new(format!("drops foreign key {name} of {}: the relationship is no longer checked", op.target_name()))
        }
        _ => None,
    }
}

/// Whether the current schema knows `name` as a foreign key of the table (a SQL file's
/// `DROP CONSTRAINT` does not say what it drops).
fn is_foreign_key(cx: &Context<'_>, op: &Op, name: &str) -> bool {
    cx.table(op.target.as_ref()).is_some_and(|t| {
        t.foreign_keys.iter().any(|fk| fk.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    })
}
