//! `rename-column`: Renames a column of a table that exists before the migration.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "rename-column",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Renames a column of a table that exists before the migration.",
    why: "Running code that reads or writes the old name breaks during the deploy; there is no way to ship the code change at the same instant.",
    instead: "Keep the column name and map it in code; or add the new column, write both, backfill, switch reads, then drop the old one.",
    sources: "squawk renaming-column; Atlas BC102; strong_migrations rename_column; skeema",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::RenameColumn { from, to } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("renames column {}.{from} to {to}: code using the old name breaks", op.target_name()))
        }
        _ => None,
    }
}
