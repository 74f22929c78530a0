//! The bundled demo databases: a small SaaS schema in two environments, `demo-prod` and
//! `demo-dev`, where dev is a few changes ahead (a new table, a new column, a changed index, a
//! dropped column and a renamed one). The desktop app creates them on first start; `plumb demo`
//! writes them anywhere.

use std::path::{Path, PathBuf};

use sqlx::{Connection, Executor};
use tracing::Instrument;

use crate::connect::create_sqlite;
use crate::source::file_error;
use crate::{Error, Result};

const PROD_SQL: &str = include_str!("../demo/prod.sql");
const DEV_CHANGES_SQL: &str = include_str!("../demo/dev-changes.sql");

/// One demo database on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoDatabase {
    /// The name shown to people (`demo-prod`).
    pub name: &'static str,
    /// The environment it plays.
    pub environment: &'static str,
    /// Where the file is.
    pub path: PathBuf,
}

/// Creates the demo databases in `dir` unless they are already there, and lists them (prod first).
/// An existing file is never touched, so a user's experiments with the demos survive restarts.
pub async fn ensure_demo_databases(dir: &Path) -> Result<Vec<DemoDatabase>> {
    tokio::fs::create_dir_all(dir).await.map_err(|source| file_error(dir, source))?;
    let demos = [("demo-prod", "prod", vec![PROD_SQL]), ("demo-dev", "dev", vec![PROD_SQL, DEV_CHANGES_SQL])];
    let mut out = Vec::with_capacity(demos.len());
    for (name, environment, scripts) in demos {
        let path = dir.join(format!("{name}.sqlite"));
        if !tokio::fs::try_exists(&path).await.map_err(|source| file_error(&path, source))? {
            create(&path, &scripts).instrument(tracing::info_span!("demo_create", name)).await?;
        }
        out.push(DemoDatabase { name, environment, path });
    }
    Ok(out)
}

/// Builds the database in a temporary file and renames it into place, so a crash never leaves a
/// half-built demo behind.
async fn create(path: &Path, scripts: &[&'static str]) -> Result<()> {
    let partial = path.with_extension("sqlite.partial");
    let _ = tokio::fs::remove_file(&partial).await;
    let mut conn = create_sqlite(&partial).await?;
    for &script in scripts {
        // `conn.execute(raw_sql(..))`, not `raw_sql(..).execute(conn)`: the latter's lifetime bound
        // makes the future not provably `Send` inside a Tauri command (transact-rs/sqlx#3150).
        conn.execute(sqlx::raw_sql(script)).await.map_err(|source| Error::Query { query: "demo script", source })?;
    }
    conn.close().await.map_err(|source| Error::Connect { target: partial.display().to_string(), source })?;
    tokio::fs::rename(&partial, path).await.map_err(|source| file_error(path, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn creates_both_demos_once_and_keeps_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let demos = ensure_demo_databases(dir.path()).await.unwrap();
        assert_eq!(demos.iter().map(|d| d.name).collect::<Vec<_>>(), ["demo-prod", "demo-dev"]);
        let before = std::fs::metadata(&demos[0].path).unwrap().modified().unwrap();
        ensure_demo_databases(dir.path()).await.unwrap();
        assert_eq!(std::fs::metadata(&demos[0].path).unwrap().modified().unwrap(), before);
        assert!(!dir.path().join("demo-prod.sqlite.partial").exists());
    }
}
