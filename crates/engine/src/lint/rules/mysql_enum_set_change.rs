//! `mysql-enum-set-change`: Changes an ENUM or SET column other than by appending values.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-enum-set-change",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Changes an ENUM or SET column other than by appending values.",
    why: "Removing, reordering or inserting values copies the table with writes blocked; rows holding a removed value fail or change.",
    instead: "Only append new values at the end.",
    sources: "Atlas MY110–MY113, MY120–MY123; skeema",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    let OpKind::AlterColumnType { column, from: Some((from, _)), to_text, .. } = &op.kind else { return None };
    let (from, to) = (from.to_lowercase(), to_text.to_lowercase());
    let listed = |t: &str| t.starts_with("enum(") || t.starts_with("set(");
    if !listed(&from) || !listed(&to) {
        return None;
    }
    let appended = to.starts_with(from.trim_end_matches(')')) && to.len() > from.len();
    (!appended).then(|| Hit {
        message: format!("changes the values of {}.{column} other than by appending", op.target_name()),
        severity: None,
    })
}
