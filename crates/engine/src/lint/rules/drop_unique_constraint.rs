//! `drop-unique-constraint`: Drops a primary key or a unique constraint whose columns stay.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "drop-unique-constraint",
    severity: Severity::Warn,
    dialects: ALL_DIALECTS,
    summary: "Drops a primary key or a unique constraint whose columns stay.",
    why: "Nothing stops duplicates any more, and the foreign keys that reference the key go with it (or stop the drop); lookups that used its index become scans.",
    instead: "Make sure duplicates are acceptable from now on; re-point or drop the referencing foreign keys on purpose, and keep an index if queries use one.",
    sources: "Atlas MF103 (drop unique/primary key); pg-schema-diff hazards (index dropped)",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    if cx.is_new(op.target.as_ref()) {
        return None;
    }
    let target = op.target.as_ref()?;
    let (name, key_columns, table) = match &op.kind {
        OpKind::DropConstraint { name, foreign_key: false, .. } => {
            let table = cx.table(op.target.as_ref());
            let primary = table.and_then(|t| t.primary_key.as_ref()).filter(|pk| {
                name.eq_ignore_ascii_case("PRIMARY") || pk.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name))
            });
            let unique = table.and_then(|t| {
                t.unique_constraints.iter().find(|u| u.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
            });
            match (primary, unique) {
                (Some(pk), _) => (format!("primary key {name}"), pk.columns.clone(), target.name.clone()),
                (None, Some(u)) => (format!("unique constraint {name}"), u.columns.clone(), target.name.clone()),
                // A constraint the schema does not know (or a check): nothing to say about keys.
                (None, None) if table.is_some() => return None,
                (None, None) if name.eq_ignore_ascii_case("PRIMARY") => {
                    ("the primary key".to_owned(), Vec::new(), target.name.clone())
                }
                (None, None) => return None,
            }
        }
        OpKind::DropIndex { name, .. } => {
            // `DROP INDEX name` names no table on PostgreSQL and SQLite: look in every table.
            let (table, index) = cx
                .schema()?
                .tables()
                .flat_map(|(_, t)| t.indexes.iter().map(move |i| (t, i)))
                .find(|(_, i)| i.unique && i.name.eq_ignore_ascii_case(name))?;
            let columns = index
                .parts
                .iter()
                .filter_map(|p| match &p.key {
                    crate::model::IndexKey::Column(c) => Some(c.clone()),
                    crate::model::IndexKey::Expression(_) => None,
                })
                .collect();
            (format!("unique index {name}"), columns, table.name.clone())
        }
        _ => return None,
    };
    let referencing: Vec<String> = cx
        .schema()
        .into_iter()
        .flat_map(|db| db.tables())
        .flat_map(|(s, t)| {
            t.foreign_keys
                .iter()
                .filter(|fk| fk.referenced_table.eq_ignore_ascii_case(&table) && fk.referenced_columns == key_columns)
                .map(move |fk| format!("{}.{} ({})", s.name, t.name, fk.columns.join(", ")))
        })
        .collect();
    let then = match referencing.is_empty() {
        true => String::new(),
        false => format!("; the foreign keys of {} rest on it", referencing.join(", ")),
    };
    Hit::new(format!("drops {name} of {table}: duplicates become possible{then}"))
}
