//! Rows per table before and after a seed, in one query (`SELECT … UNION ALL …`), and what the
//! seed did to each table.

use plumb_engine::dialect::{quote_ident, Dialect};
use plumb_engine::model::Database;

use super::session::{Reported, Verb};
use super::TableChange;
use crate::table_rows::{as_text, text_rows};
use crate::{Error, Result, Source};

/// Every table of the database: its schema (where the dialect has them) and name.
pub(super) fn tables(database: &Database) -> Vec<(Option<String>, String)> {
    let schemas = database.flavor.has_schemas();
    database
        .schemas
        .iter()
        .flat_map(|s| s.tables.iter().map(move |t| (schemas.then(|| s.name.clone()), t.name.clone())))
        .collect()
}

/// A table's name as the report shows it.
pub(super) fn shown((schema, table): &(Option<String>, String)) -> String {
    match schema {
        Some(s) if s != "public" => format!("{s}.{table}"),
        _ => table.clone(),
    }
}

pub(super) fn qualified(dialect: Dialect, (schema, table): &(Option<String>, String)) -> String {
    match schema {
        Some(s) => format!("{}.{}", quote_ident(dialect, s), quote_ident(dialect, table)),
        None => quote_ident(dialect, table),
    }
}

/// Rows of each table, in the order of `tables`.
pub(super) async fn rows(target: &Source, dialect: Dialect, tables: &[(Option<String>, String)]) -> Result<Vec<u64>> {
    if tables.is_empty() {
        return Ok(Vec::new());
    }
    let sql = tables
        .iter()
        .map(|t| format!("SELECT {} FROM {}", as_text(dialect, "COUNT(*)"), qualified(dialect, t)))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let Some(rows) = text_rows(target, &shown(&tables[0]), &sql, 1).await? else { return Ok(vec![0; tables.len()]) };
    rows.into_iter()
        .map(|row| {
            row[0].as_deref().and_then(|n| n.parse().ok()).ok_or_else(|| Error::Definition {
                object: "row counts".into(),
                reason: "a count was not a number".into(),
            })
        })
        .collect()
}

/// What the seed did to each table it touched: counts from the statements where they report
/// them, else (a seed program) the growth or shrinkage.
pub(super) fn changes(
    tables: &[(Option<String>, String)],
    before: &[u64],
    after: &[u64],
    reported: &[Reported],
    program: bool,
) -> Vec<TableChange> {
    tables
        .iter()
        .zip(before.iter().zip(after))
        .filter_map(|(table, (&before, &after))| {
            let sum = |verb: Verb| {
                reported
                    .iter()
                    .filter(|r| r.verb == verb && r.table.eq_ignore_ascii_case(&table.1))
                    .map(|r| r.rows)
                    .sum()
            };
            let (inserted, updated, deleted) = if program {
                (after.saturating_sub(before), 0, before.saturating_sub(after))
            } else {
                (sum(Verb::Insert), sum(Verb::Update), sum(Verb::Delete))
            };
            (before != after || inserted + updated + deleted > 0).then(|| TableChange {
                table: shown(table),
                before,
                after,
                inserted,
                updated,
                deleted,
            })
        })
        .collect()
}
