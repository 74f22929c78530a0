//! SQL as a source: a `.sql` file or a migrations folder, replayed on a scratch database and
//! introspected, like Prisma's shadow database. SQLite replays into a temporary file; PostgreSQL
//! and MySQL/MariaDB into a temporary database created on the shadow server and dropped
//! afterwards, whatever happened.
//!
//! Which database replays: the shadow URL when one is given (`--shadow`, a profile's shadow
//! database); else the dialect a Prisma folder names in `migration_lock.toml`, which needs a
//! shadow server unless it is SQLite; else SQLite.

use std::path::{Path, PathBuf};

use sqlx::{Connection, Executor};
use tracing::Instrument;

use crate::connect::{connect_postgres, create_sqlite, open_mysql, ServerTarget};
use crate::introspect::Introspection;
use crate::migrations::Folder;
use crate::scratch::with_scratch;
use crate::{Error, Result, Source};

/// The scripts to replay, in order.
fn scripts(path: &Path) -> Result<Vec<PathBuf>> {
    if path.is_dir() {
        Ok(Folder::read(path)?.migrations.into_iter().map(|m| m.up).collect())
    } else if path.is_file() {
        Ok(vec![path.to_owned()])
    } else {
        Err(Error::FileNotFound { path: path.to_owned() })
    }
}

/// The provider a Prisma folder's `migration_lock.toml` names (`postgresql`, `mysql`, `sqlite`).
fn prisma_provider(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path.join("migration_lock.toml")).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("provider")?.as_str().map(str::to_owned)
}

/// A replay failure, pointing at the file and, where PostgreSQL gives the position, the line.
fn failed(file: &Path, text: &str, error: sqlx::Error) -> Error {
    let line = match &error {
        sqlx::Error::Database(db) => match db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            Some(pg) => match pg.position() {
                Some(sqlx::postgres::PgErrorPosition::Original(at)) => {
                    Some(text.chars().take(at.saturating_sub(1)).filter(|c| *c == '\n').count() + 1)
                }
                _ => None,
            },
            // MySQL counts lines from the start of the failing statement, not of the file: no line
            // rather than a wrong one.
            None => None,
        },
        _ => None,
    };
    let at = line.map_or_else(|| file.display().to_string(), |l| format!("{}:{l}", file.display()));
    let reason = match &error {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    Error::Replay { at, reason }
}

/// The connection a replay runs its scripts on.
enum Replaying<'a> {
    Postgres(&'a mut sqlx::PgConnection),
    Mysql(&'a mut sqlx::MySqlConnection),
    Sqlite(&'a mut sqlx::SqliteConnection),
}

async fn run_all(mut conn: Replaying<'_>, files: &[PathBuf]) -> Result<()> {
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|source| Error::Io { path: file.clone(), source })?;
        let script = sqlx::raw_sql(&text);
        let span = tracing::info_span!("replay", file = %file.display());
        let ran = match &mut conn {
            Replaying::Postgres(c) => c.execute(script).instrument(span).await.map(drop),
            Replaying::Mysql(c) => c.execute(script).instrument(span).await.map(drop),
            Replaying::Sqlite(c) => c.execute(script).instrument(span).await.map(drop),
        };
        ran.map_err(|e| failed(file, &text, e))?;
    }
    Ok(())
}

/// Replays `path` and reads the schema it leads to.
pub(crate) async fn replay(path: &Path, shadow: Option<&url::Url>) -> Result<Introspection> {
    let files = scripts(path)?;
    let shadow: Option<Source> = match shadow {
        Some(url) => Some(url.as_str().parse()?),
        None => None,
    };
    match (shadow, path.is_dir().then(|| prisma_provider(path)).flatten().as_deref()) {
        (Some(server @ (Source::Postgres { .. } | Source::Mysql { .. })), _) => on_server(&server, &files).await,
        (Some(other), _) => Err(Error::Unsupported {
            what: format!("replaying SQL on {other}"),
            hint: "give a postgres:// or mysql:// server as the shadow database".into(),
        }),
        (None, Some(provider @ ("postgresql" | "postgres" | "mysql"))) => Err(Error::Unsupported {
            what: format!("replaying {} ({provider}) without a server", path.display()),
            hint: "give a scratch server with --shadow URL (a temporary database is created there and dropped)".into(),
        }),
        (None, _) => on_sqlite(&files).await,
    }
}

async fn on_sqlite(files: &[PathBuf]) -> Result<Introspection> {
    let dir = tempfile::tempdir().map_err(|source| Error::Io { path: std::env::temp_dir(), source })?;
    let file = dir.path().join("replay.sqlite");
    let mut conn = create_sqlite(&file).await?;
    run_all(Replaying::Sqlite(&mut conn), files).await?;
    conn.close().await.map_err(|source| Error::Query { query: "replay", source })?;
    Source::Sqlite { path: file }.introspect().await
}

async fn on_server(server: &Source, files: &[PathBuf]) -> Result<Introspection> {
    with_scratch(server, "replay", |scratch| async move {
        match &scratch {
            Source::Postgres { url } => {
                let mut conn = connect_postgres(&ServerTarget::from_url(url)?).await?;
                run_all(Replaying::Postgres(&mut conn), files).await?;
                let _ = conn.close().await;
            }
            Source::Mysql { url } => {
                let (mut conn, _, _) = open_mysql(&ServerTarget::from_url(url)?).await?;
                run_all(Replaying::Mysql(&mut conn), files).await?;
                let _ = conn.close().await;
            }
            _ => unreachable!("a scratch database is on a server"),
        }
        scratch.introspect().await
    })
    .await
}
