//! `pg-domain-constraint`: Puts a CHECK on a domain.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-domain-constraint",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Puts a CHECK on a domain.",
    why: "Changing it later re-checks every column of the domain in every table; casts to a constrained domain force rewrites.",
    instead: "Put the CHECK on the columns instead; if it must be on the domain, add it NOT VALID and VALIDATE separately.",
    sources: "squawk ban-create-domain-with-constraint, ban-alter-domain-with-add-constraint",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DomainConstraint => Hit::new(format!("domain {} gets a CHECK constraint", op.target_name())),
        _ => None,
    }
}
