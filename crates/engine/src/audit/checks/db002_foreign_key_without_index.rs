//! DB-002: a foreign key no index covers (PostgreSQL, SQLite; MySQL makes one itself).

use super::tables;
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::dialect::Dialect;
use crate::model::{Database, Index, IndexKey, IndexPart, Table};

pub(super) static CHECK: Check = Check {
    id: "DB-002",
    name: "foreign-key-without-index",
    severity: Severity::Warning,
    dialects: &[Dialect::Postgres, Dialect::Sqlite],
    summary: "A foreign key's columns lead no index.",
    why: "Deleting or updating a referenced row scans the whole referencing table to check it, \
          under a lock, and joins along the key scan too: slow on large tables, and a source of \
          lock pile-ups.",
    run,
};

/// Whether an index (or key) on `leading` columns, in any order, serves `columns`.
fn serves(leading: &[&str], columns: &[String]) -> bool {
    leading.len() >= columns.len() && columns.iter().all(|c| leading[..columns.len()].contains(&c.as_str()))
}

/// The columns a full index is on, in order; none for a partial index or one on expressions.
fn index_columns(index: &Index) -> Option<Vec<&str>> {
    if index.predicate.is_some() {
        return None;
    }
    index
        .parts
        .iter()
        .map(|p| match &p.key {
            IndexKey::Column(c) => Some(c.as_str()),
            IndexKey::Expression(_) => None,
        })
        .collect()
}

fn covered(table: &Table, columns: &[String]) -> bool {
    let keys = table
        .primary_key
        .iter()
        .map(|pk| pk.columns.iter().map(String::as_str).collect::<Vec<_>>())
        .chain(table.unique_constraints.iter().map(|u| u.columns.iter().map(String::as_str).collect()));
    keys.chain(table.indexes.iter().filter_map(index_columns)).any(|leading| serves(&leading, columns))
}

/// A name for the new index that no index of the table has, within the dialect's length limit.
fn index_name(table: &Table, columns: &[String]) -> String {
    let base: String = format!("{}_{}_idx", table.name, columns.join("_")).chars().take(59).collect();
    let taken = |name: &str| table.indexes.iter().any(|i| i.name == name);
    std::iter::once(base.clone()).chain((2..).map(|n| format!("{base}{n}"))).find(|n| !taken(n)).unwrap_or(base)
}

fn run(database: &Database, _: &Facts) -> Vec<Problem> {
    tables(database)
        .flat_map(|(s, t)| {
            t.foreign_keys.iter().filter(|fk| !covered(t, &fk.columns)).map(move |fk| {
                let name = fk.name.clone().unwrap_or_else(|| format!("({})", fk.columns.join(", ")));
                let which =
                    fk.name.as_ref().map_or_else(|| "the foreign key".to_owned(), |n| format!("foreign key {n}"));
                let mut index =
                    Index::new(index_name(t, &fk.columns), fk.columns.iter().map(IndexPart::column).collect());
                // PostgreSQL's catalog names every index's method; the model keeps what it says.
                if database.flavor.dialect() == Dialect::Postgres {
                    index.method = Some("btree".into());
                }
                Problem {
                    object: format!("{}.{name}", qualified(&s.name, &t.name)),
                    message: format!(
                        "{which} of {} ({}) to {} has no index that covers it",
                        qualified(&s.name, &t.name),
                        fk.columns.join(", "),
                        fk.referenced_table
                    ),
                    fix: Some(Fix::AddIndex { schema: s.name.clone(), table: t.name.clone(), index }),
                }
            })
        })
        .collect()
}
