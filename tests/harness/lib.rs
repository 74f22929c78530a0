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

/// Applies `plan` to `target` as a development run (no approval needed), as `cy`, with each
/// blocking finding of the plan acknowledged (`acknowledge`) or none; evidence under `evidence`.
pub async fn apply_as_dev(
    target: &plumb_db::Source,
    plan: plumb_engine::plan::Plan,
    evidence: &Path,
    acknowledge: bool,
) -> plumb_db::Result<plumb_db::apply::ApplyReport> {
    use plumb_engine::gate::{Applier, GateRequest};
    let policy = plumb_engine::policy::EnvPolicy::default_for("dev");
    let acks: Vec<String> = match acknowledge {
        true => plan.findings.iter().filter(|f| f.blocks()).map(|f| f.rule.clone()).collect(),
        false => Vec::new(),
    };
    let who = Applier { name: "cy".into(), public_key: None };
    // Cy types the database's name, as a plan that loses data asks of everyone.
    let name = target.database_name();
    let request = GateRequest {
        policy: &policy,
        approvals: &[],
        applier: &who,
        acknowledged: &acks,
        confirmation: Some(&name),
        database_name: &name,
        facts: &plumb_engine::lint::live::NO_FACTS,
        live: None,
    };
    let approved = plumb_db::apply::pass_gate(target, plan, &request, false).await?;
    let options = plumb_db::apply::RunOptions { evidence_root: evidence.to_owned(), slug: "test".into(), signer: None };
    plumb_db::apply::apply(approved, &options, &|_| {}).await
}

/// The text of a fixture file under `tests/fixtures/`.
pub fn fixture(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}
