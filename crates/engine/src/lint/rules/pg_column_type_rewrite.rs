//! `pg-column-type-rewrite`: Changes a column's type in a way that rewrites the table.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-column-type-rewrite",
    severity: Severity::Block,
    dialects: PG,
    summary: "Changes a column's type in a way that rewrites the table.",
    why: "Unless the new type is binary-compatible (a longer varchar, text, a wider numeric), PostgreSQL rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, using twice the disk space.",
    instead: "Add a new column, write both (trigger), backfill in batches, switch, drop the old one.",
    sources: "squawk changing-column-type; Atlas PG301; strong_migrations change_column; eugene E5",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::AlterColumnType { column, from, to_text, to, using } = &op.kind else { return None };
    let from = cx.column_type(op.target.as_ref(), column, from);
    if cx.is_new(op.target.as_ref())
        || !*using && locks::pg_binary_coercible(from.as_ref().map(|(_, k)| k), to.as_ref())
    {
        return None;
    }
    Hit::new(format!(
        "changes {}.{column} to {to_text}: the table is rewritten while reads and writes wait",
        op.target_name()
    ))
}
