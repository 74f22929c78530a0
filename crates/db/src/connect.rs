//! The only place connections are opened. Opening classifies driver errors into the errors a
//! person can act on (missing file, not a database, locked).

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::ConnectOptions;

use crate::{Error, Result};

/// How long a read waits for another process's write lock before giving up. Bounded so that a
/// locked database gives an error instead of a hang.
pub(crate) const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// Opens an existing SQLite database read-only: introspection must never create or change a file.
#[tracing::instrument(level = "debug", skip_all, fields(path = %path.display()))]
pub(crate) async fn open_sqlite_read_only(path: &Path) -> Result<SqliteConnection> {
    let metadata = tokio::fs::metadata(path)
        .await
        .map_err(|source| crate::source::file_error(path, source))?;
    if metadata.is_dir() {
        return Err(Error::NotSqlite { path: path.to_owned() });
    }
    SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        // Our own spans name every query; sqlx's statement log would print SQL text, which may
        // hold literal data, and warns on slow statements in the middle of the CLI's output.
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|source| {
            classify_sqlite_error(path, source).unwrap_or_else(|source| Error::Connect {
                target: path.display().to_string(),
                source,
            })
        })
}

/// Creates (or opens for writing) an SQLite database file.
#[tracing::instrument(level = "debug", skip_all, fields(path = %path.display()))]
pub(crate) async fn create_sqlite(path: &Path) -> Result<SqliteConnection> {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|source| Error::Connect {
            target: path.display().to_string(),
            source,
        })
}

/// Turns the SQLite result codes a person can act on into specific errors; hands back others.
///
/// Primary result codes: <https://www.sqlite.org/rescode.html> (5 BUSY, 6 LOCKED, 26 NOTADB).
pub(crate) fn classify_sqlite_error(path: &Path, error: sqlx::Error) -> Result<Error, sqlx::Error> {
    let code = match &error {
        sqlx::Error::Database(db) => db.code().and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff),
        _ => None,
    };
    match code {
        Some(26) => Ok(Error::NotSqlite { path: path.to_owned() }),
        Some(5 | 6) => Ok(Error::Locked {
            path: path.to_owned(),
            waited_ms: u64::try_from(SQLITE_BUSY_TIMEOUT.as_millis()).unwrap_or(u64::MAX),
        }),
        _ => Err(error),
    }
}
