//! `delete-all-rows`: Deletes every row of a table with a DELETE that has no WHERE.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "delete-all-rows",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Deletes every row of a table with a DELETE that has no WHERE.",
    why: "Every row is gone, usually by a forgotten condition; in one statement it also holds row locks on the whole table and bloats it.",
    instead: "Add the WHERE clause that names the rows to delete; to empty a table on purpose, back it up first and delete in batches outside the schema migration.",
    sources: "Bytebase statement.where.require; sqlfluff-style 'DELETE without WHERE' checks",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DeleteAll if !cx.is_new(op.target.as_ref()) => match cx.rows(op.target.as_ref()) {
            Some(rows) => Hit::new(format!("deletes the {} of {}", counted(rows, "row"), op.target_name())),
            None => Hit::new(format!("deletes every row of {}", op.target_name())),
        },
        _ => None,
    }
}
