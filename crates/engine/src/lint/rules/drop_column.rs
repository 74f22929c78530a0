//! `drop-column`: Drops a column of a table that exists before the migration.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-column",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Drops a column of a table that exists before the migration.",
    why: "Every value in the column is lost, and the way back cannot restore them. Code that still reads or writes the column breaks during the deploy: explicit INSERT column lists, ORMs that cache the column list, views. MySQL before 8.0.29 rebuilds the table; SQLite always rewrites it.",
    instead: "Stop using the column in code first (Rails ignored_columns, or simply remove it from queries), deploy, then drop it in a later release. If the data may be needed, copy it elsewhere first.",
    sources: "squawk ban-drop-column; Atlas DS103; strong_migrations remove_column; pg-schema-diff DELETES_DATA",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropColumn { column, .. } if !cx.is_new(op.target.as_ref()) => {
            match cx.fact(op.target.as_ref(), &ProbeKind::NonNull { column: column.clone() }) {
                Some(0) => Hit::with_severity(
                    format!("drops column {}.{column}, which holds no values", op.target_name()),
                    Severity::Warn,
                ),
                Some(n) => Hit::new(format!(
                    "drops column {}.{column} holding {}",
                    op.target_name(),
                    counted(n, "non-null value")
                )),
                None => Hit::new(format!("drops column {}.{column} and every value in it", op.target_name())),
            }
        }
        _ => None,
    }
}
