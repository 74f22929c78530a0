//! `drop-table`: Drops a table that exists before the migration.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-table",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Drops a table that exists before the migration.",
    why: "Every row in the table is lost, and the way back cannot bring them back. Application versions still running during the deploy keep querying the table and fail. On PostgreSQL the drop waits for, then blocks, every query on the table; on SQLite with foreign keys on, it first deletes every row, firing ON DELETE actions on child tables.",
    instead: "Expand and contract: stop using the table in code and deploy that first; back the data up (or rename the table to keep it for a while); drop it in a later release. Make sure it is empty, or that losing its rows is intended.",
    sources: "squawk ban-drop-table; Atlas DS102; pg-schema-diff DELETES_DATA; Bytebase schema.backward-compatibility",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropTable { .. } if !cx.is_new(op.target.as_ref()) => match cx.rows(op.target.as_ref()) {
            // Statistics may be estimates: a table said to be empty still blocks.
            Some(rows) => Hit::new(format!("drops table {} and its {}", op.target_name(), counted(rows, "row"))),
            None => Hit::new(format!("drops table {} and every row in it", op.target_name())),
        },
        _ => None,
    }
}
