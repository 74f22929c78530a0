//! `drop-type`: Drops a type (an enum, a domain, a composite type).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-type",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Drops a type (an enum, a domain, a composite type).",
    why: "Columns, functions and casts that use the type fail the drop, or go with it under CASCADE (taking their values); code that casts to it breaks.",
    instead: "Move every column and function off the type first (a plan changes their types), deploy, then drop the type in a later plan.",
    sources: "Atlas DS102 (drop type); Bytebase schema.backward-compatibility",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::DropType { .. } = &op.kind else { return None };
    let name = &op.target.as_ref()?.name;
    let users: Vec<String> = cx
        .schema()
        .into_iter()
        .flat_map(|db| db.tables())
        .flat_map(|(s, t)| {
            t.columns
                .iter()
                .filter(|c| {
                    let raw = c.column_type.raw.trim_end_matches("[]");
                    raw == name.as_str() || raw.rsplit('.').next() == Some(name.as_str())
                })
                .map(move |c| format!("{}.{}.{}", s.name, t.name, c.name))
        })
        .collect();
    match users.is_empty() {
        true => Hit::new(format!("drops type {}", op.target_name())),
        false => Hit::new(format!("drops type {}, which columns {} use", op.target_name(), users.join(", "))),
    }
}
