//! Runs the safety analysis's data probes against a live database: one `SELECT count(*)` per
//! probe (their SQL comes from the engine, every identifier quoted), in a read-only transaction,
//! each bounded by a statement timeout so that a check on a huge table never hangs the plan.

use std::time::Duration;

use plumb_engine::dialect::Dialect;
use plumb_engine::lint::live::{LiveFacts, Probe};
use sqlx::{Connection, Executor};
use tracing::Instrument;

use crate::connect::{connect_postgres, open_mysql, open_sqlite_read_only, ServerTarget};
use crate::{Result, Source};

/// How long one probe may take before it is skipped.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// What the probes found.
#[derive(Debug, Clone, Default)]
pub struct LiveReport {
    /// The counts taken.
    pub facts: LiveFacts,
    /// Probes that could not be answered, with why (a timeout, an expression the server refused).
    pub skipped: Vec<(Probe, String)>,
}

/// Takes every count `probes` asks for from `source` (a snapshot has no data: nothing is taken).
pub async fn live_facts(source: &Source, probes: &[Probe]) -> Result<LiveReport> {
    let mut report = LiveReport::default();
    let queries = |dialect, qualify| -> Vec<(&Probe, String)> {
        probes.iter().filter_map(|p| p.sql(dialect, qualify).map(|sql| (p, sql))).collect()
    };
    match source {
        // Files without data: nothing to count.
        Source::Snapshot { .. } | Source::Sql { .. } | Source::Prisma { .. } => {}
        Source::Sqlite { path } => {
            let mut conn = open_sqlite_read_only(path).await?;
            for (probe, sql) in queries(Dialect::Sqlite, false) {
                take(&mut report, probe, sqlx::query_scalar::<_, i64>(&sql).fetch_one(&mut conn)).await;
            }
        }
        Source::Postgres { url } => {
            let server = ServerTarget::from_url(url)?;
            let mut conn = connect_postgres(&server).await?;
            let mut tx = conn.begin().await.map_err(|e| server.classify(e))?;
            let setup =
                format!("SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = '{}s'", PROBE_TIMEOUT.as_secs());
            tx.execute(sqlx::raw_sql(&setup)).await.map_err(|e| server.classify(e))?;
            for (probe, sql) in queries(Dialect::Postgres, true) {
                // A failed probe aborts the transaction: each runs behind a savepoint.
                let mut savepoint = tx.begin().await.map_err(|e| server.classify(e))?;
                take(&mut report, probe, sqlx::query_scalar::<_, i64>(&sql).fetch_one(&mut *savepoint)).await;
                let _ = savepoint.rollback().await;
            }
            let _ = tx.rollback().await;
        }
        Source::Mysql { url } => {
            let server = ServerTarget::from_url(url)?;
            let (mut conn, flavor, _) = open_mysql(&server).await?;
            // MySQL bounds SELECTs in milliseconds, MariaDB any statement in seconds.
            let timeout = match flavor {
                plumb_engine::dialect::Flavor::Mariadb => {
                    format!("SET SESSION max_statement_time = {}", PROBE_TIMEOUT.as_secs())
                }
                _ => format!("SET SESSION max_execution_time = {}", PROBE_TIMEOUT.as_millis()),
            };
            conn.execute(sqlx::raw_sql(&timeout)).await.map_err(|e| server.classify(e))?;
            let mode: String = sqlx::query_scalar("SELECT @@SESSION.sql_mode")
                .fetch_one(&mut conn)
                .await
                .map_err(|e| server.classify(e))?;
            report.facts.set_strict_mode(mode.contains("STRICT_TRANS_TABLES") || mode.contains("STRICT_ALL_TABLES"));
            conn.execute("START TRANSACTION READ ONLY").await.map_err(|e| server.classify(e))?;
            for (probe, sql) in queries(Dialect::Mysql, false) {
                take(&mut report, probe, sqlx::query_scalar::<_, i64>(&sql).fetch_one(&mut conn)).await;
            }
            let _ = conn.execute("ROLLBACK").await;
        }
    }
    Ok(report)
}

/// Runs one probe's query and records its count, or why there is none.
async fn take(
    report: &mut LiveReport,
    probe: &Probe,
    query: impl std::future::Future<Output = std::result::Result<i64, sqlx::Error>>,
) {
    let span = tracing::info_span!("live_probe", table = %probe.table, kind = ?probe.kind);
    match query.instrument(span).await {
        Ok(count) => report.facts.insert(probe.clone(), u64::try_from(count).unwrap_or(0)),
        Err(error) => {
            tracing::info!(table = %probe.table, %error, "a data check was skipped");
            report.skipped.push((probe.clone(), first_line(&error)));
        }
    }
}

fn first_line(error: &sqlx::Error) -> String {
    error.to_string().lines().next().unwrap_or_default().to_owned()
}
