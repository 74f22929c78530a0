//! `sqlite-unsupported-alter`: Uses an ALTER TABLE form SQLite does not have.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "sqlite-unsupported-alter",
    severity: Severity::Block,
    dialects: LITE,
    summary: "Uses an ALTER TABLE form SQLite does not have.",
    why: "SQLite only renames tables and columns, adds and drops columns; anything else (type, NOT NULL, default, constraints) is a syntax error at apply time.",
    instead: "Rebuild the table with the 12-step procedure (Plumb's plans do this for you).",
    sources: "SQLite docs, ALTER TABLE",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    if !matches!(op.origin, Origin::Line(_)) {
        return None;
    }
    let what = match &op.kind {
        OpKind::AlterColumnType { .. } => "changing a column's type",
        OpKind::SetNotNull { .. } | OpKind::DropNotNull { .. } => "changing NOT NULL",
        OpKind::AddPrimaryKey { .. }
        | OpKind::AddUnique { .. }
        | OpKind::AddForeignKey { .. }
        | OpKind::AddCheck { .. } => "adding a constraint",
        OpKind::DropConstraint { .. } => "dropping a constraint",
        _ => return None,
    };
    Hit::new(format!("SQLite's ALTER TABLE cannot do {what} on {}", op.target_name()))
}
