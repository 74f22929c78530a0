//! `truncate-table`: Empties a table with TRUNCATE.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "truncate-table",
    severity: Severity::Block,
    dialects: PG_MY,
    summary: "Empties a table with TRUNCATE.",
    why: "Every row is deleted at once, and PostgreSQL takes an ACCESS EXCLUSIVE lock while it does.",
    instead: "Delete data outside schema migrations, in batches with a WHERE clause, after a backup.",
    sources: "Bytebase statement.disallow-truncate; squawk ban-truncate-cascade",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::Truncate { .. } if !cx.is_new(op.target.as_ref()) => match cx.rows(op.target.as_ref()) {
            Some(rows) => Hit::new(format!("deletes the {} of {}", counted(rows, "row"), op.target_name())),
            None => Hit::new(format!("deletes every row of {}", op.target_name())),
        },
        _ => None,
    }
}
