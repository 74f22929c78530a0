//! `sqlite-drop-column-restrictions`: Drops a SQLite column that ALTER TABLE DROP COLUMN refuses (needs the current schema: a plan's, or plumb lint --schema).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "sqlite-drop-column-restrictions",
    severity: Severity::Block,
    dialects: LITE,
    summary: "Drops a SQLite column that ALTER TABLE DROP COLUMN refuses (needs the current schema: a plan's, or plumb lint --schema).",
    why: "SQLite refuses to drop a column that is in the primary key, a unique constraint, an index, a foreign key, a generated column, a table CHECK, a trigger or a view: the migration fails at that statement.",
    instead: "Drop what depends on the column first, or rebuild the table with the 12-step procedure (Plumb's plans do).",
    sources: "SQLite docs, ALTER TABLE DROP COLUMN",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::DropColumn { column, .. } = &op.kind else { return None };
    if !matches!(op.origin, Origin::Line(_)) {
        return None;
    }
    let table = cx.table(op.target.as_ref())?;
    let named = |columns: &[String]| columns.iter().any(|c| c.eq_ignore_ascii_case(column));
    let mentions = |text: &str| mentions(text, column);
    let reason = if table.primary_key.as_ref().is_some_and(|pk| named(&pk.columns)) {
        "it is in the primary key"
    } else if table.unique_constraints.iter().any(|u| named(&u.columns)) {
        "it is in a unique constraint"
    } else if table.indexes.iter().any(|i| {
        i.parts.iter().any(|p| match &p.key {
            crate::model::IndexKey::Column(name) => name.eq_ignore_ascii_case(column),
            crate::model::IndexKey::Expression(e) => mentions(e),
        }) || i.predicate.as_deref().is_some_and(mentions)
    }) {
        "it is indexed"
    } else if table.foreign_keys.iter().any(|fk| named(&fk.columns)) {
        "it is in a foreign key"
    } else if table.columns.iter().any(|c| c.generated.as_ref().is_some_and(|g| mentions(&g.expression))) {
        "a generated column uses it"
    } else if table.checks.iter().any(|c| mentions(&c.expression)) {
        "a CHECK constraint uses it"
    } else if cx.schema().is_some_and(|db| {
        db.schemas.iter().any(|s| {
            s.triggers.iter().any(|t| t.table.eq_ignore_ascii_case(&table.name) && mentions(&t.definition))
                || s.views.iter().any(|v| mentions(&v.definition))
        })
    }) {
        "a trigger or view uses it"
    } else {
        return None;
    };
    Hit::new(format!("SQLite cannot drop {}.{column}: {reason}", op.target_name()))
}
