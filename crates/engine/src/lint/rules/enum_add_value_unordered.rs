//! `enum-add-value-unordered`: Adds an enum value without BEFORE or AFTER.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "enum-add-value-unordered",
    severity: Severity::Info,
    dialects: PG,
    summary: "Adds an enum value without BEFORE or AFTER.",
    why: "The value goes last, so comparisons and ORDER BY on the enum change meaning if order matters.",
    instead: "Give the position explicitly.",
    sources: "squawk require-enum-value-ordering",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddEnumValue { positioned: false } => {
            Hit::new(format!("adds a value at the end of {}", op.target_name()))
        }
        _ => None,
    }
}
