//! `enum-value-remove-or-rename`: Removes or renames a value of an enum type.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "enum-value-remove-or-rename",
    severity: Severity::Block,
    dialects: PG_MY,
    summary: "Removes or renames a value of an enum type.",
    why: "Running code still writes and compares the old label and starts failing or matching the wrong rows; rows holding a removed value make the change fail or are silently changed.",
    instead: "Add the new value first, make code handle both, backfill, and retire the old value with a new type and a column type change only when nothing uses it.",
    sources: "strong_migrations rename_enum_value; Atlas MY110, MY120; skeema enum/set",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::ChangeEnumValues { removed } => {
            Hit::new(format!("removes or renames value {} of {}", removed.join(", "), op.target_name()))
        }
        _ => None,
    }
}
