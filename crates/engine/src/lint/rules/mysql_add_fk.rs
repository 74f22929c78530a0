//! `mysql-add-fk`: Adds a foreign key to an existing MySQL/MariaDB table.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-add-fk",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Adds a foreign key to an existing MySQL/MariaDB table.",
    why: "With foreign_key_checks on, the server copies the table and blocks writes to it.",
    instead: "If you are sure every row is valid: SET SESSION foreign_key_checks = 0 around the ADD (done in place), then back on. Check for orphan rows first.",
    sources: "strong_migrations add_foreign_key_mysql",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddForeignKey { referenced, not_valid: false, .. } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!(
                "adds a foreign key from {} to {referenced}: the table is copied while writes wait",
                op.target_name()
            ))
        }
        _ => None,
    }
}
