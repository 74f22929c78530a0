//! `drop-not-null`: Makes a column nullable.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-not-null",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "Makes a column nullable.",
    why: "Code that assumes the column is never NULL (application code, PL/pgSQL, reports) can break once NULLs appear. MySQL rebuilds the table.",
    instead: "Make readers NULL-safe first, or use a sentinel value instead of NULL.",
    sources: "squawk ban-drop-not-null",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropNotNull { column } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("makes {}.{column} nullable", op.target_name()))
        }
        _ => None,
    }
}
