//! `rename-table`: Renames a table that exists before the migration.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "rename-table",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Renames a table that exists before the migration.",
    why: "Application instances still running the old code query the old name during the deploy and fail until they are replaced.",
    instead: "Keep the table name and rename the entity in code only; or create a view with the old name over the renamed table, deploy, then drop the view; or copy to a new table with writes to both.",
    sources: "squawk renaming-table; Atlas BC101; strong_migrations rename_table",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::RenameTable { to } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("renames table {} to {to}: code using the old name breaks", op.target_name()))
        }
        _ => None,
    }
}
