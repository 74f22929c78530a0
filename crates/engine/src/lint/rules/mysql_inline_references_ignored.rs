//! `mysql-inline-references-ignored`: Declares a foreign key with a column-level REFERENCES clause.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-inline-references-ignored",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Declares a foreign key with a column-level REFERENCES clause.",
    why: "MySQL up to 8.4 parses an inline REFERENCES and ignores it: no foreign key is created.",
    instead: "Write a table-level CONSTRAINT … FOREIGN KEY (…) REFERENCES … clause.",
    sources: "Atlas MY102; MySQL docs, FOREIGN KEY constraints",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    if cx.options.mariadb && cx.at_least(10, 5, 0) || !matches!(op.origin, Origin::Line(_)) {
        return None;
    }
    let column = match &op.kind {
        OpKind::AddColumn(c) if c.references.is_some() => c,
        OpKind::CreateTable { columns, .. } => columns.iter().find(|c| c.references.is_some())?,
        _ => return None,
    };
    Hit::new(format!("the inline REFERENCES on {}.{} creates no foreign key on MySQL", op.target_name(), column.name))
}
