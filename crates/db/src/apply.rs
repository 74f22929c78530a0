//! Applying a plan, behind the gate: the target must still be the schema the plan was made from
//! (fingerprint), and afterwards it must be the schema the plan leads to (post-verify).
//!
//! PostgreSQL and SQLite run the whole plan in one transaction: a failure leaves the target as it
//! was. MySQL and MariaDB commit each DDL statement by themselves, so the steps run one by one and
//! a failure says which ran. SQLite follows its rebuild procedure: foreign keys off around the
//! transaction, `foreign_key_check` before commit.

use sqlx::{Connection, Executor};
use tracing::Instrument;

use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::plan::Plan;

use crate::connect::{connect_postgres, open_mysql, open_sqlite_read_write, ServerTarget};
use crate::{Error, Result, Source};

/// Something that happened during an apply, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyEvent {
    /// Step `step` (from 1) of `total` is about to run.
    Running {
        /// The step's number, from 1.
        step: usize,
        /// Steps in all.
        total: usize,
        /// What it does.
        description: String,
    },
    /// The steps ran; the target is being checked against the plan's desired schema.
    Verifying,
}

/// What an apply did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyReport {
    /// Steps run.
    pub steps: usize,
    /// Whether the target now has exactly the schema the plan leads to.
    pub verified: bool,
}

/// Checks that `target` is the schema `plan` starts from. When it is not, the error carries the
/// drift: the changes that turn the plan's starting schema into the target as it is now.
pub async fn check_target(target: &Source, plan: &Plan) -> Result<()> {
    let live = target.load().await?;
    if live.flavor.dialect() != plan.flavor.dialect() {
        return Err(Error::WrongTarget { plan: plan.flavor.to_string(), target: live.flavor.to_string() });
    }
    let actual = live.fingerprint();
    if actual == plan.from_fingerprint {
        return Ok(());
    }
    // Both schemas are of the plan's dialect (checked above), which is all diff refuses.
    let drift = diff(&plan.from_schema, &live, &DiffOptions::default())
        .map_err(|e| Error::Unsupported { what: format!("showing the drift ({e})"), hint: "make a new plan".into() })?;
    Err(Error::StaleSchema { expected: plan.from_fingerprint.to_string(), actual: actual.to_string(), drift })
}

/// How long a step may wait for a lock before the apply gives up (and, on PostgreSQL, rolls back).
const LOCK_TIMEOUT_POSTGRES: &str = "SET LOCAL lock_timeout = '5s'";
const LOCK_TIMEOUT_MYSQL: &str = "SET SESSION lock_wait_timeout = 5";

/// Applies `plan` to `target` after checking that the target is the schema the plan starts from.
pub async fn apply(target: &Source, plan: &Plan, events: &(dyn Fn(ApplyEvent) + Send + Sync)) -> Result<ApplyReport> {
    check_target(target, plan).await?;
    let total = plan.steps.len();
    let announce = |i: usize| {
        events(ApplyEvent::Running { step: i + 1, total, description: plan.steps[i].description.clone() });
    };
    let failed = |i: usize, source: sqlx::Error, outcome: &str| Error::StepFailed {
        step: i + 1,
        description: plan.steps[i].description.clone(),
        outcome: outcome.to_owned(),
        source,
    };
    match target {
        Source::Sqlite { path } => {
            let mut conn = open_sqlite_read_write(path).await?;
            let setup = |source| Error::Query { query: "apply", source };
            // Must be outside the transaction: inside one it is a no-op (step 1 of the procedure).
            conn.execute("PRAGMA foreign_keys = OFF").await.map_err(setup)?;
            let mut tx = conn.begin_with("BEGIN IMMEDIATE").await.map_err(setup)?;
            for (i, step) in plan.steps.iter().enumerate() {
                announce(i);
                tx.execute(sqlx::raw_sql(&step.sql))
                    .instrument(tracing::info_span!("apply_step", step = i + 1))
                    .await
                    .map_err(|e| failed(i, e, "nothing was changed (the transaction was rolled back)"))?;
            }
            let violations: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(&mut *tx)
                .await
                .map_err(setup)?;
            if let Some((table,)) = violations.first() {
                return Err(Error::Definition {
                    object: format!("table {table}"),
                    reason: format!(
                        "{} rows would break foreign keys after this plan; nothing was changed",
                        violations.len()
                    ),
                });
            }
            tx.commit().await.map_err(setup)?;
            conn.execute("PRAGMA foreign_keys = ON").await.map_err(setup)?;
        }
        Source::Postgres { url } => {
            let server = ServerTarget::from_url(url)?;
            let mut conn = connect_postgres(&server).await?;
            let mut tx = conn.begin().await.map_err(|e| server.classify(e))?;
            // A step waiting behind a long transaction would queue every query on its table:
            // give up after a few seconds instead (the plan's safety findings assume this).
            tx.execute(LOCK_TIMEOUT_POSTGRES).await.map_err(|e| server.classify(e))?;
            for (i, step) in plan.steps.iter().enumerate() {
                announce(i);
                tx.execute(sqlx::raw_sql(&step.sql))
                    .instrument(tracing::info_span!("apply_step", step = i + 1))
                    .await
                    .map_err(|e| failed(i, e, "nothing was changed (the transaction was rolled back)"))?;
            }
            tx.commit().await.map_err(|e| server.classify(e))?;
        }
        Source::Mysql { url } => {
            let server = ServerTarget::from_url(url)?;
            let (mut conn, _, _) = open_mysql(&server).await?;
            conn.execute(LOCK_TIMEOUT_MYSQL).await.map_err(|e| server.classify(e))?;
            for (i, step) in plan.steps.iter().enumerate() {
                announce(i);
                conn.execute(sqlx::raw_sql(&step.sql))
                    .instrument(tracing::info_span!("apply_step", step = i + 1))
                    .await
                    .map_err(|e| {
                        // MySQL commits each DDL statement: say exactly what already ran.
                        let outcome = match i {
                            0 => "no step had run".to_owned(),
                            n => format!("steps 1 to {n} had run and stay applied"),
                        };
                        failed(i, e, &outcome)
                    })?;
            }
        }
        Source::Snapshot { path } => {
            return Err(Error::Unsupported {
                what: format!("applying a plan to the snapshot {}", path.display()),
                hint: "apply to a database".into(),
            })
        }
    }
    events(ApplyEvent::Verifying);
    let after = target.load().await?;
    Ok(ApplyReport { steps: total, verified: after.fingerprint() == plan.to_fingerprint })
}
