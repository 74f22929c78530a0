//! `osc-unique-change-silent-loss`: Adds a unique key to a table large enough for an online schema change tool, while duplicates may exist.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "osc-unique-change-silent-loss",
    severity: Severity::Block,
    dialects: MY,
    summary: "Adds a unique key to a table large enough for an online schema change tool, while duplicates may exist.",
    why: "Copy-based online schema change tools (pt-online-schema-change, LHM) copy rows with INSERT IGNORE: rows that break the new unique key are silently dropped instead of failing the change.",
    instead: "Count and resolve the duplicates first (Plumb's data checks do when the database is reachable), and keep pt-online-schema-change's --check-unique-key-change on.",
    sources: "Shopify lhm PR #100; MariaDB mariadb-schema-change --check-unique-key-change",
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
    let rows = cx.rows(op.target.as_ref())?;
    let duplicates = cx.fact(op.target.as_ref(), &ProbeKind::Duplicates { columns: columns.clone() });
    if rows < LARGE_TABLE_ROWS || duplicates == Some(0) {
        return None;
    }
    Hit::new(format!(
        "adds a unique key on {} ({}) to {}: through a copying tool, duplicate rows would vanish",
        op.target_name(),
        columns.join(", "),
        counted(rows, "row")
    ))
}
