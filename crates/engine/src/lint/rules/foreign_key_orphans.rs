//! `foreign-key-orphans`: Adds a foreign key while rows point at nothing in the referenced table (live check).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "foreign-key-orphans",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Adds a foreign key while rows point at nothing in the referenced table (live check).",
    why: "Validating the foreign key fails on the orphan rows; added unchecked (NOT VALID, foreign_key_checks=0), the orphans stay and break joins and cascades.",
    instead: "Delete or fix the orphan rows first, then add the foreign key.",
    sources: "strong_migrations add_foreign_key; safety-rules.md §3",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::AddForeignKey { referenced, columns, referenced_columns, .. } = &op.kind else { return None };
    let probe = ProbeKind::Orphans {
        columns: columns.clone(),
        referenced: referenced.clone(),
        referenced_columns: referenced_columns.clone(),
    };
    let orphans = cx.fact(op.target.as_ref(), &probe)?;
    (orphans > 0).then(|| Hit {
        message: format!(
            "{} of {} point at no row of {referenced}: the foreign key will fail",
            counted(orphans, "row"),
            op.target_name()
        ),
        severity: None,
    })
}
