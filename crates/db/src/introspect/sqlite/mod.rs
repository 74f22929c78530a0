//! SQLite introspection: orchestration only. Reads the catalog through the table-valued pragma
//! functions joined to `sqlite_schema`, so the number of queries is fixed (five catalog queries,
//! plus one row-count query per 400 tables), never one per table.

mod convert;
mod ddl;
mod normalize;
mod rows;
mod view_columns;

pub use view_columns::view_columns;

use std::collections::BTreeMap;
use std::path::Path;

use plumb_engine::dialect::{quote_ident, Dialect};
use plumb_engine::model::Database;
use sqlx::sqlite::{SqliteConnection, SqliteRow};
use sqlx::{Connection, FromRow};
use tracing::Instrument;

use self::convert::CatalogRows;
use self::rows::{ColumnRow, CountRow, ForeignKeyRow, IndexRow, ObjectRow, TableRow};
use super::{Introspection, Progress, ProgressSink};
use crate::connect::{classify_sqlite_error, open_sqlite_read_only};
use crate::{Error, Result};

/// SQLite's default limit on terms in a compound SELECT is 500 (SQLITE_MAX_COMPOUND_SELECT,
/// <https://www.sqlite.org/limits.html>); row counts are batched below it.
const COUNT_BATCH: usize = 400;

/// Introspects the SQLite database at `path`, opened read-only.
#[tracing::instrument(level = "info", skip_all, fields(path = %path.display()))]
pub async fn introspect(path: &Path, progress: ProgressSink<'_>) -> Result<Introspection> {
    let started = std::time::Instant::now();
    let mut conn = open_sqlite_read_only(path).await?;
    let read = read_catalog(&mut conn, path, progress).await;
    // Closing a read-only connection cannot lose anything; its error is not the user's concern.
    let _ = conn.close().await;
    let (database, queries) = read?;
    let tables: usize = database.schemas.iter().map(|s| s.tables.len()).sum();
    tracing::info!(tables, queries, elapsed_ms = started.elapsed().as_millis(), "introspected");
    Ok(Introspection { database, queries, elapsed: started.elapsed() })
}

/// Reads the catalog; returns the model and the number of queries sent.
async fn read_catalog(
    conn: &mut SqliteConnection,
    path: &Path,
    progress: ProgressSink<'_>,
) -> Result<(Database, usize)> {
    let query_error = |query: &'static str| {
        move |source: sqlx::Error| {
            classify_sqlite_error(path, source).unwrap_or_else(|source| Error::Query { query, source })
        }
    };
    // One read transaction, so every query sees the same schema even if another process changes it.
    let mut tx = conn.begin().await.map_err(query_error("begin"))?;
    let version: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&mut *tx)
        .instrument(tracing::debug_span!("catalog_query", query = "version"))
        .await
        .map_err(query_error("version"))?;
    // Five catalog queries, then the row counts: six steps to report.
    let step = |name, done| progress(Progress { step: name, done, total: 6 });
    let objects = fetch::<ObjectRow>(&mut tx, path, "objects", include_str!("queries/objects.sql")).await?;
    step("objects", 1);
    let tables = fetch::<TableRow>(&mut tx, path, "tables", include_str!("queries/tables.sql")).await?;
    step("tables", 2);
    let columns = fetch::<ColumnRow>(&mut tx, path, "columns", include_str!("queries/columns.sql")).await?;
    step("columns", 3);
    let indexes = fetch::<IndexRow>(&mut tx, path, "indexes", include_str!("queries/indexes.sql")).await?;
    step("indexes", 4);
    let foreign_keys =
        fetch::<ForeignKeyRow>(&mut tx, path, "foreign_keys", include_str!("queries/foreign_keys.sql")).await?;
    step("foreign_keys", 5);
    let mut rows = CatalogRows { objects, tables, columns, indexes, foreign_keys, row_counts: BTreeMap::new() };
    // The version query and the five catalog queries, then one count per batch of tables.
    let mut queries = 6;
    let names: Vec<String> = rows.tables.iter().map(|t| t.name.clone()).collect();
    for batch in names.chunks(COUNT_BATCH) {
        queries += 1;
        let sql = batch
            .iter()
            .enumerate()
            .map(|(i, name)| {
                format!("SELECT {i} AS position, count(*) AS row_count FROM {}", quote_ident(Dialect::Sqlite, name))
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        for count in fetch::<CountRow>(&mut tx, path, "row_counts", &sql).await? {
            let name = usize::try_from(count.position).ok().and_then(|i| batch.get(i));
            if let (Some(name), Ok(n)) = (name, u64::try_from(count.row_count)) {
                rows.row_counts.insert(name.clone(), n);
            }
        }
    }
    step("row_counts", 6);
    tx.commit().await.map_err(query_error("commit"))?;
    let version = version.parse().map_err(|e: plumb_engine::Error| Error::Definition {
        object: "sqlite_version()".into(),
        reason: e.to_string(),
    })?;
    Ok((convert::build(&rows, version)?, queries))
}

async fn fetch<T>(conn: &mut SqliteConnection, path: &Path, query: &'static str, sql: &str) -> Result<Vec<T>>
where
    T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
{
    let started = std::time::Instant::now();
    let rows = sqlx::query_as::<_, T>(sql)
        .fetch_all(conn)
        .instrument(tracing::debug_span!("catalog_query", query))
        .await
        .map_err(|source| {
            classify_sqlite_error(path, source).unwrap_or_else(|source| Error::Query { query, source })
        })?;
    tracing::debug!(query, rows = rows.len(), elapsed_ms = started.elapsed().as_millis(), "catalog query");
    Ok(rows)
}
