//! `rename-schema`: Renames a schema.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "rename-schema",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Renames a schema.",
    why: "Every query that names the schema breaks.",
    instead: "Create the new schema, move objects while code uses both names, then drop the old one.",
    sources: "strong_migrations rename_schema",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::RenameSchema => Hit::new(format!("renames schema {}", op.target_name())),
        _ => None,
    }
}
