//! `possible-rename-as-drop-add`: Drops a table or column and adds one of the same shape: possibly a rename planned as a drop and an add.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "possible-rename-as-drop-add",
    severity: Severity::Warn,
    dialects: ALL_DIALECTS,
    summary: "Drops a table or column and adds one of the same shape: possibly a rename planned as a drop and an add.",
    why: "A schema diff cannot know a rename from a drop and an add; planned as a drop, the data is lost.",
    instead: "If it is a rename, confirm it (plumb diff/plan --rename old=new, or the toggle in the app): the plan then renames and keeps the data.",
    sources: "Plumb's own diff",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::DropColumn { column, possible_rename: Some(to), .. } => Hit::new(format!(
            "drops {table}.{column} and adds {table}.{to} of the same shape: if it is a rename, confirm it to keep the data",
            table = op.target_name()
        )),
        OpKind::DropTable { possible_rename: Some(to), .. } => Hit::new(format!(
            "drops table {} and adds {to} of the same shape: if it is a rename, confirm it to keep the data",
            op.target_name()
        )),
        _ => None,
    }
}
