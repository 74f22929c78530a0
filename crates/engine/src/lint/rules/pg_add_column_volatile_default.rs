//! `pg-add-column-volatile-default`: Adds a column whose default is volatile (or any default before PostgreSQL 11) to an existing table.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-add-column-volatile-default",
    severity: Severity::Block,
    dialects: PG,
    summary: "Adds a column whose default is volatile (or any default before PostgreSQL 11) to an existing table.",
    why:
        "Every row gets its own value, so the whole table and its indexes are rewritten under an ACCESS EXCLUSIVE lock.",
    instead:
        "Add the column without a default; SET DEFAULT afterwards (new rows only); backfill existing rows in batches.",
    sources: "squawk adding-field-with-default; Atlas PG302; strong_migrations add_column_default",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::AddColumn(column) = &op.kind else { return None };
    let default = column.default.as_deref()?;
    if cx.is_new(op.target.as_ref()) || column.auto_numbered || column.generated_stored {
        return None;
    }
    if locks::pg_default_rewrites(default, cx) {
        return Hit::new(format!(
            "adds {}.{} with default {default}: every row is rewritten while reads and writes wait",
            op.target_name(),
            column.name
        ));
    }
    None
}
