//! `drop-sequence`: Drops a sequence no dropped table owns.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-sequence",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Drops a sequence no dropped table owns.",
    why: "The counter's value is lost, and code or column defaults outside the schema Plumb sees may still call nextval() on it.",
    instead: "Make sure nothing calls nextval() on it any more; keep it until the code that used it is gone.",
    sources: "pg-schema-diff DELETES_DATA, HAS_UNTRACKABLE_DEPENDENCIES",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropSequence => Hit::new(format!("drops sequence {} and its current value", op.target_name())),
        _ => None,
    }
}
