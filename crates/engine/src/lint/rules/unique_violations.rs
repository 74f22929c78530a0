//! `unique-violations`: Adds a unique constraint, unique index or primary key while the rows hold duplicates (live check).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "unique-violations",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Adds a unique constraint, unique index or primary key while the rows hold duplicates (live check).",
    why: "Building the index fails on the duplicates (after locking the table for the time it took to find them); copy-based online tools silently drop the duplicate rows instead.",
    instead: "Find and resolve the duplicates first (merge or delete them), then add the constraint.",
    sources: "Atlas MF101/MF102; Shopify lhm PR #100; safety-rules.md §3",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let columns = match &op.kind {
        OpKind::AddUnique { columns, .. }
        | OpKind::AddPrimaryKey { columns, .. }
        | OpKind::CreateIndex { unique: true, columns, .. } => columns,
        _ => return None,
    };
    let duplicates = cx.fact(op.target.as_ref(), &ProbeKind::Duplicates { columns: columns.clone() })?;
    (duplicates > 0).then(|| Hit {
        message: format!(
            "{} of {} ({}) appear more than once: the unique index will fail",
            counted(duplicates, "value"),
            op.target_name(),
            columns.join(", ")
        ),
        severity: None,
    })
}
