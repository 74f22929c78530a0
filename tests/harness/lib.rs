//! Shared scaffolding for Plumb's cross-crate suites: real databases, created per test and dropped
//! afterwards, so tests run in parallel.

mod servers;

pub use servers::{mysql_admin_url, pg_admin_url, Server, TestDb};

use std::path::{Path, PathBuf};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Executor};

/// An SQLite database file in its own temporary folder, deleted with the value.
pub struct SqliteFile {
    dir: tempfile::TempDir,
    path: PathBuf,
}

impl SqliteFile {
    /// Creates a database file and runs `sql` in it.
    pub async fn with_sql(sql: &str) -> Self {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let path = dir.path().join("test.sqlite");
        let mut conn = Self::open(&path).await;
        conn.execute(sqlx::raw_sql(sql)).await.unwrap_or_else(|e| panic!("fixture SQL failed: {e}"));
        conn.close().await.expect("close the fixture connection");
        Self { dir, path }
    }

    /// Opens a read-write connection to an existing or new file.
    pub async fn open(path: &Path) -> sqlx::SqliteConnection {
        SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The temporary folder holding the file, for sibling files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// The text of a fixture file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}
