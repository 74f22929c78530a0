//! `sqlite-add-column-restrictions`: Adds a column SQLite's ADD COLUMN refuses.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "sqlite-add-column-restrictions",
    severity: Severity::Block,
    dialects: LITE,
    summary: "Adds a column SQLite's ADD COLUMN refuses.",
    why: "SQLite refuses to add a column that is PRIMARY KEY or UNIQUE, has a CURRENT_TIME/DATE/TIMESTAMP or expression default, is NOT NULL without a default, is a stored generated column, or references another table with a non-NULL default while foreign keys are on.",
    instead: "Rebuild the table with the 12-step procedure, or add the column nullable and backfill.",
    sources: "SQLite docs, ALTER TABLE ADD COLUMN",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::AddColumn(c) = &op.kind else { return None };
    if !matches!(op.origin, Origin::Line(_)) || cx.is_new(op.target.as_ref()) {
        return None;
    }
    let default = c.default.as_deref().map(str::trim);
    let reason = if c.primary_key || c.unique {
        "it is PRIMARY KEY or UNIQUE"
    } else if default.is_some_and(|d| d.starts_with('(') || d.to_uppercase().starts_with("CURRENT_")) {
        "its default is not a constant"
    } else if c.not_null && default.is_none_or(|d| d.eq_ignore_ascii_case("null")) {
        "it is NOT NULL without a default"
    } else if c.generated_stored {
        "it is a stored generated column"
    } else if c.references.is_some() && default.is_some_and(|d| !d.eq_ignore_ascii_case("null")) {
        "it references another table and has a non-NULL default"
    } else {
        return None;
    };
    Hit::new(format!("SQLite cannot add {}.{}: {reason}", op.target_name(), c.name))
}
