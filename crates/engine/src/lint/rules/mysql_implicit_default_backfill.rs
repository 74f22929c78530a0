//! `mysql-implicit-default-backfill`: Adds a NOT NULL column without a default to an existing MySQL/MariaDB table.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-implicit-default-backfill",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Adds a NOT NULL column without a default to an existing MySQL/MariaDB table.",
    why: "Existing rows silently get the type's implicit value: 0, '', the first enum value, a zero date.",
    instead: "Give an explicit DEFAULT, or add the column nullable and backfill.",
    sources: "Atlas MY101",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddColumn(c) if c.required_without_default() && !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("existing rows of {} get an implicit value in {}", op.target_name(), c.name))
        }
        _ => None,
    }
}
