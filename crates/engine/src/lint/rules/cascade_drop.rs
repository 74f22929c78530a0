//! `cascade-drop`: Drops or truncates with CASCADE.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "cascade-drop",
    severity: Severity::Block,
    dialects: PG,
    summary: "Drops or truncates with CASCADE.",
    why: "CASCADE silently reaches further than the statement names: TRUNCATE … CASCADE empties every table that references this one, DROP … CASCADE drops dependent views, constraints and columns.",
    instead: "Name every object to drop explicitly and keep the default RESTRICT, so that a dependency you did not know about stops the migration instead.",
    sources: "squawk ban-truncate-cascade; Bytebase statement.disallow-rm-tbl-cascade",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    let what = match &op.kind {
        OpKind::Truncate { cascade: true } => "truncates",
        OpKind::DropTable { cascade: true, .. }
        | OpKind::DropColumn { cascade: true, .. }
        | OpKind::DropSchema { cascade: true }
        | OpKind::DropConstraint { cascade: true, .. }
        | OpKind::DropType { cascade: true }
        | OpKind::DropOtherCascade { .. } => "drops",
        _ => return None,
    };
    Hit::new(format!("{what} {} with CASCADE: everything that depends on it goes too", op.target_name()))
}
