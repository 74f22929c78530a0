//! `mysql-add-check`: Adds a CHECK constraint to an existing MySQL/MariaDB table.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-add-check",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Adds a CHECK constraint to an existing MySQL/MariaDB table.",
    why: "Every row is validated and writes are blocked meanwhile; there is no NOT VALID.",
    instead: "Use an online schema change tool for large tables.",
    sources: "strong_migrations add_check_constraint_mysql",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddCheck { .. } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("checks every row of {} while writes wait", op.target_name()))
        }
        _ => None,
    }
}
