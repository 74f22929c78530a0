//! Empirical lock capture on PostgreSQL: the plan's steps run on a scratch copy of the current
//! schema (a throwaway database on the same server, dropped afterwards), each in a transaction of
//! its own so that the locks read from `pg_locks` before it ends are that step's alone (a lock an
//! earlier step of the same transaction held would hide a weaker one); rewrites show as changed
//! `relfilenode`s. They stand beside the locks Plumb predicted (eugene's trace mode, in Rust).

use std::collections::{BTreeMap, BTreeSet};

use plumb_engine::diff::DiffOptions;
use plumb_engine::model::Database;
use plumb_engine::plan::{plan, Plan};
use sqlx::{Connection, Executor, Row};
use tracing::Instrument;

use crate::apply::apply_to_scratch;
use crate::connect::{connect_postgres, ServerTarget};
use crate::scratch::with_scratch;
use crate::{Error, Result, Source};

const RELATIONS: &str = include_str!("relations.sql");
const LOCKS: &str = include_str!("locks.sql");

/// PostgreSQL's table lock modes, weakest first, as `pg_locks` names them.
const MODES: [&str; 8] = [
    "AccessShareLock",
    "RowShareLock",
    "RowExclusiveLock",
    "ShareUpdateExclusiveLock",
    "ShareLock",
    "ShareRowExclusiveLock",
    "ExclusiveLock",
    "AccessExclusiveLock",
];

/// `AccessExclusiveLock` → `ACCESS EXCLUSIVE`, the words the documentation and Plumb use.
fn words(mode: &str) -> String {
    let mut out = String::new();
    for (i, c) in mode.trim_end_matches("Lock").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

/// A lock one step took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObservedLock {
    /// The relation (`public.users`, or an index).
    pub relation: String,
    /// Whether the relation is a table (as opposed to an index or a sequence).
    pub table: bool,
    /// The mode, in words (`ACCESS EXCLUSIVE`).
    pub mode: String,
}

/// What one step did when it ran.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedStep {
    /// The step, from 1.
    pub step: usize,
    /// The lock Plumb predicted for it, in words.
    pub predicted: Option<String>,
    /// The locks it took.
    pub observed: Vec<ObservedLock>,
    /// The tables it rewrote (their data file changed).
    pub rewritten: Vec<String>,
    /// Whether the strongest lock it took on a table is the one predicted.
    pub agrees: bool,
}

impl CapturedStep {
    /// The strongest lock taken on a table, in words.
    pub fn strongest(&self) -> Option<&str> {
        self.observed
            .iter()
            .filter(|l| l.table)
            .max_by_key(|l| MODES.iter().position(|m| words(m) == l.mode))
            .map(|l| l.mode.as_str())
    }
}

/// Runs `plan` on a scratch copy of `start`, its whole starting schema, on `source`'s server and
/// reports the locks each step took; the scratch database is dropped afterwards, whatever happens.
pub async fn capture_locks(source: &Source, start: &Database, plan_to_run: &Plan) -> Result<Vec<CapturedStep>> {
    let Source::Postgres { .. } = source else {
        return Err(Error::Unsupported {
            what: "capturing locks outside PostgreSQL".into(),
            hint: "the predicted locks of MySQL/MariaDB and SQLite come from their documentation".into(),
        });
    };
    with_scratch(source, "locks", |scratch| async move { run(&scratch, start, plan_to_run).await })
        .instrument(tracing::info_span!("capture_locks"))
        .await
}

async fn run(scratch: &Source, start: &Database, plan_to_run: &Plan) -> Result<Vec<CapturedStep>> {
    // The scratch database gets the plan's starting schema the way Plumb migrates any database.
    let empty = scratch.load().await?;
    let setup = plan(&empty, start, &DiffOptions::default()).map_err(|e| Error::Unsupported {
        what: format!("copying the schema to a scratch database: {e}"),
        hint: "run without --capture-locks".into(),
    })?;
    apply_to_scratch(scratch, &setup).await?;
    let Source::Postgres { url } = scratch else { unreachable!("a PostgreSQL scratch database") };
    let server = ServerTarget::from_url(url)?;
    let mut conn = connect_postgres(&server).await?;
    let mut captured = Vec::with_capacity(plan_to_run.steps.len());
    for (i, step) in plan_to_run.steps.iter().enumerate() {
        let mut tx = conn.begin().await.map_err(|e| server.classify(e))?;
        let before_relations = relations(&mut tx).await?;
        let before_locks = locks(&mut tx).await?;
        tx.execute(sqlx::raw_sql(&step.sql)).await.map_err(|source| Error::StepFailed {
            step: i + 1,
            description: step.description.clone(),
            outcome: "on the scratch copy; nothing was written to the database".into(),
            source,
        })?;
        let after_relations = relations(&mut tx).await?;
        let name = |oid: &i64| after_relations.get(oid).or_else(|| before_relations.get(oid));
        let mut observed: Vec<ObservedLock> = locks(&mut tx)
            .await?
            .difference(&before_locks)
            .filter_map(|(oid, mode)| {
                name(oid).map(|(relation, kind, _)| ObservedLock {
                    relation: relation.clone(),
                    table: matches!(kind.as_str(), "r" | "p"),
                    mode: words(mode),
                })
            })
            .collect();
        observed.sort_by(|a, b| (&a.relation, &a.mode).cmp(&(&b.relation, &b.mode)));
        let rewritten = before_relations
            .iter()
            .filter(|(oid, (_, kind, file))| {
                matches!(kind.as_str(), "r" | "m")
                    && after_relations.get(oid).is_some_and(|(_, _, after)| after != file)
            })
            .map(|(_, (name, _, _))| name.clone())
            .collect();
        let predicted = step.impact.as_ref().and_then(|i| i.lock.clone()).map(|l| lock_words(&l));
        let mut step = CapturedStep { step: i + 1, predicted, observed, rewritten, agrees: false };
        step.agrees = step.predicted.as_deref() == step.strongest()
            || step.predicted.is_none() && step.strongest().is_none_or(weaker_than_share_update);
        captured.push(step);
        // The next step starts from this one's result (the scratch copy is dropped anyway).
        tx.commit().await.map_err(|e| server.classify(e))?;
    }
    Ok(captured)
}

/// `SHARE ROW EXCLUSIVE (both tables)` → `SHARE ROW EXCLUSIVE`.
fn lock_words(predicted: &str) -> String {
    predicted.split(" (").next().unwrap_or(predicted).split(" on ").next().unwrap_or(predicted).trim().to_owned()
}

/// Modes ordinary reads and writes take: a step that takes nothing stronger locks nobody out.
fn weaker_than_share_update(mode: &str) -> bool {
    ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE"].contains(&mode)
}

type Relations = BTreeMap<i64, (String, String, i64)>;

async fn relations(conn: &mut sqlx::PgConnection) -> Result<Relations> {
    let rows = sqlx::query(RELATIONS)
        .fetch_all(&mut *conn)
        .await
        .map_err(|source| Error::Query { query: "relations of the scratch database", source })?;
    Ok(rows
        .into_iter()
        .map(|r| (r.get::<i64, _>("oid"), (r.get("name"), r.get("kind"), r.get::<i64, _>("relfilenode"))))
        .collect())
}

async fn locks(conn: &mut sqlx::PgConnection) -> Result<BTreeSet<(i64, String)>> {
    let rows = sqlx::query(LOCKS)
        .fetch_all(&mut *conn)
        .await
        .map_err(|source| Error::Query { query: "locks held by the scratch session", source })?;
    Ok(rows.into_iter().map(|r| (r.get::<i64, _>("oid"), r.get::<String, _>("mode"))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_modes_read_as_the_documentation_writes_them() {
        assert_eq!(words("AccessExclusiveLock"), "ACCESS EXCLUSIVE");
        assert_eq!(words("ShareUpdateExclusiveLock"), "SHARE UPDATE EXCLUSIVE");
        assert_eq!(lock_words("SHARE ROW EXCLUSIVE (both tables)"), "SHARE ROW EXCLUSIVE");
        assert_eq!(lock_words("ACCESS EXCLUSIVE on the partition"), "ACCESS EXCLUSIVE");
    }
}
