//! Reading a small bookkeeping table (a migration tool's, Plumb's own history) as rows of text,
//! on any dialect, and telling a missing table from an empty one.

use sqlx::Row;
use tracing::Instrument;

use crate::connect::{connect_postgres, open_mysql, open_sqlite_read_only, ServerTarget};
use crate::{Error, Result, Source};

/// A row as text columns.
pub(crate) type TextRow = Vec<Option<String>>;

/// An expression as text in every dialect, for reading it as a [`TextRow`] column.
pub(crate) fn as_text(dialect: plumb_engine::dialect::Dialect, expr: &str) -> String {
    match dialect {
        plumb_engine::dialect::Dialect::Mysql => format!("CAST({expr} AS CHAR CHARACTER SET utf8mb4)"),
        _ => format!("CAST({expr} AS TEXT)"),
    }
}

fn texts<R: Row>(row: &R, columns: usize) -> std::result::Result<TextRow, sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    (0..columns).map(|i| row.try_get(i)).collect()
}

/// The first `columns` columns of every row `sql` returns, as text; `None` when `table` (as
/// PostgreSQL's `to_regclass` reads it: `schema.table` or a name on the search path) does not exist.
pub(crate) async fn text_rows(source: &Source, table: &str, sql: &str, columns: usize) -> Result<Option<Vec<TextRow>>> {
    let span = tracing::debug_span!("read_table", table);
    match source {
        Source::Postgres { url } => {
            let server = ServerTarget::from_url(url)?;
            let mut conn = connect_postgres(&server).await?;
            let exists: bool = sqlx::query_scalar("SELECT to_regclass($1) IS NOT NULL")
                .bind(table)
                .fetch_one(&mut conn)
                .await
                .map_err(|e| server.classify(e))?;
            if !exists {
                return Ok(None);
            }
            let rows = sqlx::query(sql).fetch_all(&mut conn).instrument(span).await.map_err(|e| server.classify(e))?;
            let rows = rows.iter().map(|r| texts(r, columns)).collect::<std::result::Result<_, _>>();
            Ok(Some(rows.map_err(|e| server.classify(e))?))
        }
        Source::Mysql { url } => {
            let server = ServerTarget::from_url(url)?;
            let (mut conn, _, _) = open_mysql(&server).await?;
            let exists: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?",
            )
            .bind(table)
            .fetch_one(&mut conn)
            .await
            .map_err(|e| server.classify(e))?;
            if exists == 0 {
                return Ok(None);
            }
            let rows = sqlx::query(sql).fetch_all(&mut conn).instrument(span).await.map_err(|e| server.classify(e))?;
            let rows = rows.iter().map(|r| texts(r, columns)).collect::<std::result::Result<_, _>>();
            Ok(Some(rows.map_err(|e| server.classify(e))?))
        }
        Source::Sqlite { path } => {
            let mut conn = open_sqlite_read_only(path).await?;
            let query = |source| Error::Query { query: "read a bookkeeping table", source };
            let exists: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
                    .bind(table)
                    .fetch_one(&mut conn)
                    .await
                    .map_err(query)?;
            if exists == 0 {
                return Ok(None);
            }
            let rows = sqlx::query(sql).fetch_all(&mut conn).instrument(span).await.map_err(query)?;
            Ok(Some(rows.iter().map(|r| texts(r, columns)).collect::<std::result::Result<_, _>>().map_err(query)?))
        }
        Source::Snapshot { path } | Source::Sql { path, .. } | Source::Prisma { path, .. } => Err(Error::Unsupported {
            what: format!("reading {table} from the file {}", path.display()),
            hint: "name a database".into(),
        }),
    }
}
