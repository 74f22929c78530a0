//! Which migrations of a folder a database has: read from the migration tool's own table
//! (`_prisma_migrations`), compared with the folder by name and checksum.

use serde::Serialize;
use sqlx::{Connection, Row};
use tracing::Instrument;

use super::folder::{Folder, Layout};
use crate::connect::{connect_postgres, open_mysql, open_sqlite_read_only, ServerTarget};
use crate::{Error, Result, Source};

/// Where one migration stands on a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Applied, and the file is what was applied.
    Applied,
    /// Not applied yet (or rolled back).
    Pending,
    /// Started and never finished: the database may hold part of it.
    Failed,
    /// Applied, but the file changed since (its checksum differs).
    Modified,
    /// Recorded as applied, but no longer in the folder.
    MissingLocally,
}

/// One migration's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The migration's name as the tool records it.
    pub name: String,
    /// Where it stands.
    pub state: State,
}

/// The state of every migration, in folder order, then those only the database knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The table the records came from (`_prisma_migrations`), or none when it does not exist yet.
    pub table: Option<String>,
    /// Every migration.
    pub entries: Vec<Entry>,
}

impl Status {
    /// Whether the database has every migration of the folder, unchanged, and nothing else.
    pub fn up_to_date(&self) -> bool {
        self.entries.iter().all(|e| e.state == State::Applied)
    }
}

/// A record of the tool's table.
struct Record {
    name: String,
    checksum: String,
    finished: bool,
    rolled_back: bool,
}

const PRISMA_TABLE: &str = "_prisma_migrations";
const PRISMA_RECORDS: &str = "SELECT migration_name, checksum, \
     CASE WHEN finished_at IS NULL THEN 'no' ELSE 'yes' END, \
     CASE WHEN rolled_back_at IS NULL THEN 'no' ELSE 'yes' END \
     FROM _prisma_migrations ORDER BY started_at, migration_name";

/// Reads the first four columns of every row as text; `None` when `table` does not exist.
async fn records(source: &Source, table: &str, sql: &str) -> Result<Option<Vec<Record>>> {
    let read = |rows: Vec<[Option<String>; 4]>| {
        rows.into_iter()
            .map(|[name, checksum, finished, rolled_back]| Record {
                name: name.unwrap_or_default(),
                checksum: checksum.unwrap_or_default(),
                finished: finished.as_deref() == Some("yes"),
                rolled_back: rolled_back.as_deref() == Some("yes"),
            })
            .collect()
    };
    fn four<R: Row>(row: &R) -> std::result::Result<[Option<String>; 4], sqlx::Error>
    where
        usize: sqlx::ColumnIndex<R>,
        for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    {
        Ok([row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?])
    }
    let span = tracing::debug_span!("migration_records", table);
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
            let _ = conn.close().await;
            Ok(Some(read(
                rows.iter().map(four).collect::<std::result::Result<_, _>>().map_err(|e| server.classify(e))?,
            )))
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
            let _ = conn.close().await;
            Ok(Some(read(
                rows.iter().map(four).collect::<std::result::Result<_, _>>().map_err(|e| server.classify(e))?,
            )))
        }
        Source::Sqlite { path } => {
            let mut conn = open_sqlite_read_only(path).await?;
            let query = |source| Error::Query { query: "migration records", source };
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
            Ok(Some(read(rows.iter().map(four).collect::<std::result::Result<_, _>>().map_err(query)?)))
        }
        Source::Snapshot { path } | Source::Sql { path, .. } => Err(Error::Unsupported {
            what: format!("reading applied migrations from the file {}", path.display()),
            hint: "name a database".into(),
        }),
    }
}

/// Compares `folder` with what `target` recorded.
pub async fn status(folder: &Folder, target: &Source) -> Result<Status> {
    if folder.layout != Layout::Prisma {
        return Err(Error::Unsupported {
            what: format!("reading the applied migrations of a {:?} folder", folder.layout),
            hint: "Plumb reads Prisma's _prisma_migrations so far".into(),
        });
    }
    let Some(records) = records(target, PRISMA_TABLE, PRISMA_RECORDS).await? else {
        let entries = folder.migrations.iter().map(|m| Entry { name: m.name.clone(), state: State::Pending }).collect();
        return Ok(Status { table: None, entries });
    };
    let mut entries: Vec<Entry> = folder
        .migrations
        .iter()
        .map(|m| {
            // A migration rolled back and applied again has several rows: the last one counts.
            let last = records.iter().rfind(|r| r.name == m.name);
            let state = match last {
                None => State::Pending,
                Some(r) if r.rolled_back => State::Pending,
                Some(r) if !r.finished => State::Failed,
                Some(r) if r.checksum != m.sha256 => State::Modified,
                Some(_) => State::Applied,
            };
            Entry { name: m.name.clone(), state }
        })
        .collect();
    let mut missing: Vec<&str> = records
        .iter()
        .filter(|r| r.finished && !r.rolled_back && !folder.migrations.iter().any(|m| m.name == r.name))
        .map(|r| r.name.as_str())
        .collect();
    missing.dedup();
    entries.extend(missing.into_iter().map(|name| Entry { name: name.to_owned(), state: State::MissingLocally }));
    Ok(Status { table: Some(PRISMA_TABLE.to_owned()), entries })
}
