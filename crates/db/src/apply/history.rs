//! The target's own record of applies: `plumb_history` (one row per run: plan hash, environment,
//! who applied and approved, start and end, status) and `plumb_journal` (one row per completed
//! statement). On PostgreSQL they live in a `plumb` schema, elsewhere in the target database
//! itself; introspection never shows them (nor the `plumb_backup` schema), so they never appear
//! in a diff or a fingerprint.
//!
//! On MySQL/MariaDB, whose DDL commits statement by statement, the journal is what tells an
//! interrupted run's completed statements from the rest, so that it can be resumed. Elsewhere it
//! is written inside the run's transaction and so matches the schema exactly.

use serde::{Deserialize, Serialize};

use plumb_engine::dialect::{quote_ident, quote_literal, Dialect, Flavor};
use plumb_engine::model::Database;
use plumb_engine::plan::backup::BACKUP_STORE;

use crate::table_rows::text_rows;
use crate::{Result, Source};

/// The PostgreSQL schema holding the history tables.
const SCHEMA: &str = "plumb";
const HISTORY: &str = "plumb_history";
const JOURNAL: &str = "plumb_journal";

/// The tables migration tools keep their records in, named so that no application table is
/// mistaken for one. They are the tool's, not the schema's: a plan towards a schema.prisma must
/// never drop `_prisma_migrations`.
const TOOL_TABLES: [&str; 4] = ["_prisma_migrations", "_sqlx_migrations", "__drizzle_migrations", "alembic_version"];

/// Removes bookkeeping from an introspected schema: Plumb's (history, journal, backups) and the
/// migration tools' tables.
pub(crate) fn hide_bookkeeping(database: &mut Database) {
    if database.flavor.has_schemas() {
        database.schemas.retain(|s| s.name != SCHEMA && s.name != BACKUP_STORE);
    } else {
        // MySQL's backups are tables of the database they copy (`plumb_backup_<run>_<table>`).
        let backup = format!("{BACKUP_STORE}_");
        for schema in &mut database.schemas {
            schema.tables.retain(|t| t.name != HISTORY && t.name != JOURNAL && !t.name.starts_with(&backup));
        }
    }
    for schema in &mut database.schemas {
        schema.tables.retain(|t| !TOOL_TABLES.contains(&t.name.as_str()));
    }
}

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum RunStatus {
    /// Statements are running (or the run died and nobody has looked since).
    Running,
    /// Every statement ran and the target has the plan's desired schema.
    Applied,
    /// A statement failed: on PostgreSQL and SQLite nothing changed; on MySQL the journal says
    /// what ran.
    Failed,
    /// Every statement ran, but the target differs from the plan's desired schema.
    Unverified,
    /// The run stopped without finishing (connection lost, process killed).
    Interrupted,
}

impl RunStatus {
    /// The status as the history table stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Applied => "applied",
            RunStatus::Failed => "failed",
            RunStatus::Unverified => "unverified",
            RunStatus::Interrupted => "interrupted",
        }
    }

    /// Reads a status as the history table stores it.
    pub fn parse(text: &str) -> Option<Self> {
        [Self::Running, Self::Applied, Self::Failed, Self::Unverified, Self::Interrupted]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// A run as the history table records it when it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct RunRecord {
    /// `20261122T013000Z-3fa9c2e1`.
    pub run_id: String,
    /// The plan's hash.
    pub plan_hash: String,
    /// The environment it ran in.
    pub environment: String,
    /// Who applied it.
    pub applied_by: String,
    /// Whose approvals counted, comma-separated.
    pub approvers: String,
    /// RFC 3339.
    pub started_at: String,
    /// RFC 3339, once finished.
    pub finished_at: Option<String>,
    /// Where it stands.
    pub status: RunStatus,
    /// Statements in the plan.
    pub steps: u32,
    /// The failure, the remaining difference, or what it resumed.
    pub detail: Option<String>,
}

/// The history statements for one dialect. Values are quoted literals (`quote_literal`): they
/// are names, hashes and times Plumb made, and a fixed text keeps one code path per dialect.
pub(crate) struct Bookkeeping {
    dialect: Dialect,
    schemas: bool,
}

impl Bookkeeping {
    pub(crate) fn new(flavor: Flavor) -> Self {
        Self { dialect: flavor.dialect(), schemas: flavor.has_schemas() }
    }

    /// Creates the tables when they are missing (without a final `;`, to be joined with others).
    pub(crate) fn create(&self) -> &'static str {
        let script = match self.dialect {
            Dialect::Postgres => include_str!("history/postgres.sql"),
            Dialect::Mysql => include_str!("history/mysql.sql"),
            Dialect::Sqlite => include_str!("history/sqlite.sql"),
        };
        script.trim_end().trim_end_matches(';')
    }

    fn table(&self, name: &str) -> String {
        let table = quote_ident(self.dialect, name);
        if self.schemas {
            format!("{}.{table}", quote_ident(self.dialect, SCHEMA))
        } else {
            table
        }
    }

    fn lit(&self, text: &str) -> String {
        quote_literal(self.dialect, text)
    }

    fn opt(&self, text: Option<&str>) -> String {
        text.map_or_else(|| "NULL".to_owned(), |t| self.lit(t))
    }

    pub(crate) fn start(&self, run: &RunRecord) -> String {
        format!(
            "INSERT INTO {} (run_id, plan_hash, environment, applied_by, approvers, started_at, finished_at, status, steps, detail) VALUES ({}, {}, {}, {}, {}, {}, NULL, {}, {}, {})",
            self.table(HISTORY),
            self.lit(&run.run_id),
            self.lit(&run.plan_hash),
            self.lit(&run.environment),
            self.lit(&run.applied_by),
            self.lit(&run.approvers),
            self.lit(&run.started_at),
            self.lit(run.status.as_str()),
            run.steps,
            self.opt(run.detail.as_deref()),
        )
    }

    pub(crate) fn resume(&self, run_id: &str, detail: &str) -> String {
        format!(
            "UPDATE {} SET status = {}, finished_at = NULL, detail = {} WHERE run_id = {}",
            self.table(HISTORY),
            self.lit(RunStatus::Running.as_str()),
            self.lit(detail),
            self.lit(run_id)
        )
    }

    pub(crate) fn finish(&self, run_id: &str, status: RunStatus, finished_at: &str, detail: Option<&str>) -> String {
        format!(
            "UPDATE {} SET status = {}, finished_at = {}, detail = {} WHERE run_id = {}",
            self.table(HISTORY),
            self.lit(status.as_str()),
            self.lit(finished_at),
            self.opt(detail),
            self.lit(run_id)
        )
    }

    pub(crate) fn journal(
        &self,
        run_id: &str,
        step: usize,
        description: &str,
        finished_at: &str,
        elapsed_ms: u128,
    ) -> String {
        format!(
            "INSERT INTO {} (run_id, step, description, finished_at, elapsed_ms) VALUES ({}, {step}, {}, {}, {elapsed_ms})",
            self.table(JOURNAL),
            self.lit(run_id),
            self.lit(description),
            self.lit(finished_at)
        )
    }

    /// Runs still marked running while this apply holds the lock died without finishing.
    pub(crate) fn mark_interrupted(&self) -> String {
        format!(
            "UPDATE {} SET status = {} WHERE status = {}",
            self.table(HISTORY),
            self.lit(RunStatus::Interrupted.as_str()),
            self.lit(RunStatus::Running.as_str())
        )
    }

    /// The latest unfinished run of a plan: its id.
    pub(crate) fn unfinished_run(&self, plan_hash: &str) -> String {
        format!(
            "SELECT run_id FROM {} WHERE plan_hash = {} AND status IN ({}, {}) ORDER BY started_at DESC",
            self.table(HISTORY),
            self.lit(plan_hash),
            self.lit(RunStatus::Interrupted.as_str()),
            self.lit(RunStatus::Failed.as_str())
        )
    }

    /// The steps of a run the journal records as done.
    pub(crate) fn journaled_steps(&self, run_id: &str) -> String {
        format!("SELECT step FROM {} WHERE run_id = {} ORDER BY step", self.table(JOURNAL), self.lit(run_id))
    }

    /// Every run, newest first, as text columns.
    fn list(&self) -> String {
        let steps = match self.dialect {
            Dialect::Mysql => "CAST(steps AS CHAR CHARACTER SET utf8mb4)",
            Dialect::Postgres | Dialect::Sqlite => "CAST(steps AS TEXT)",
        };
        // MySQL and online PostgreSQL runs commit the run's row at its start: a row still running
        // while nobody holds the apply lock belongs to a run that died (a transactional run's row
        // rolls back with it).
        let status = match self.dialect {
            Dialect::Postgres => format!(
                "CASE WHEN status = {running} AND NOT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' \
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
                 AND classid = {high} AND objid = {low} AND objsubid = 1) THEN {interrupted} ELSE status END",
                running = self.lit(RunStatus::Running.as_str()),
                // pg_locks shows a bigint advisory key as its high and low 32 bits.
                high = super::session::PG_LOCK_KEY >> 32,
                low = super::session::PG_LOCK_KEY & 0xffff_ffff,
                interrupted = self.lit(RunStatus::Interrupted.as_str())
            ),
            Dialect::Mysql => format!(
                "CASE WHEN status = {running} AND IS_FREE_LOCK({lock}) = 1 THEN {interrupted} ELSE status END",
                running = self.lit(RunStatus::Running.as_str()),
                lock = super::session::MYSQL_LOCK_NAME,
                interrupted = self.lit(RunStatus::Interrupted.as_str())
            ),
            Dialect::Sqlite => "status".to_owned(),
        };
        format!(
            "SELECT run_id, plan_hash, environment, applied_by, approvers, started_at, finished_at, {status}, {steps}, detail FROM {} ORDER BY started_at DESC",
            self.table(HISTORY)
        )
    }

    /// The history table as existence checks name it (`plumb.plumb_history` on PostgreSQL).
    fn history_name(&self) -> String {
        if self.schemas {
            format!("{SCHEMA}.{HISTORY}")
        } else {
            HISTORY.to_owned()
        }
    }
}

/// Every run `target` recorded in its `plumb_history`, newest first (none before the first).
pub async fn recorded_runs(target: &Source) -> Result<Vec<RunRecord>> {
    let flavor = match target {
        Source::Postgres { .. } => Flavor::Postgres,
        Source::Mysql { .. } => Flavor::Mysql,
        _ => Flavor::Sqlite,
    };
    let book = Bookkeeping::new(flavor);
    let rows = text_rows(target, &book.history_name(), &book.list(), 10).await?.unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|row| {
            let text = |i: usize| row[i].clone().unwrap_or_default();
            RunRecord {
                run_id: text(0),
                plan_hash: text(1),
                environment: text(2),
                applied_by: text(3),
                approvers: text(4),
                started_at: text(5),
                finished_at: row[6].clone(),
                status: RunStatus::parse(&text(7)).unwrap_or(RunStatus::Interrupted),
                steps: text(8).parse().unwrap_or_default(),
                detail: row[9].clone(),
            }
        })
        .collect())
}
