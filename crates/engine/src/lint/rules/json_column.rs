//! `json-column`: Uses the json type instead of jsonb.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "json-column",
    severity: Severity::Warn,
    dialects: PG,
    summary: "Uses the json type instead of jsonb.",
    why: "json has no equality operator, so SELECT DISTINCT, UNION and GROUP BY over the table start failing.",
    instead: "Use jsonb.",
    sources: "strong_migrations add_column_json; eugene E3",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    let is_json = |c: &ColumnSpec| c.type_text.eq_ignore_ascii_case("json");
    let column = match &op.kind {
        OpKind::AddColumn(c) if is_json(c) => c,
        OpKind::CreateTable { columns, .. } => columns.iter().find(|c| is_json(c))?,
        _ => return None,
    };
    Hit::new(format!("column {}.{} is json, not jsonb", op.target_name(), column.name))
}
