//! Applying a plan, behind the gate. [`pass_gate`] is the only way to get an [`ApprovedPlan`], the
//! only input [`apply`] accepts: the plan intact and allowed by the environment's policy, its
//! approvals and acknowledgements in order, the target's advisory lock held, and the target
//! re-read with the lock held and found to be the schema the plan starts from.
//!
//! PostgreSQL and SQLite run the whole plan in one transaction (backups and journal included): a
//! failure or a lost connection leaves the target as it was. MySQL and MariaDB commit each DDL
//! statement by themselves, so the steps run one by one, each recorded in `plumb_journal` once it
//! completed: an interrupted run is resumed from the first statement the journal lacks. SQLite
//! follows its rebuild procedure: foreign keys off around the transaction, `foreign_key_check`
//! before commit.
//!
//! Afterwards the target is read again and must equal the plan's desired schema, else the run is
//! recorded as unverified with the remaining difference.

pub(crate) mod history;
mod phases;
pub mod pt_osc;
mod session;

use std::path::{Path, PathBuf};
use std::time::Instant;

use tracing::Instrument;

use plumb_engine::approval::Approval;
use plumb_engine::diff::{diff, ChangeSet};
use plumb_engine::gate::{Clearance, GateRequest};
use plumb_engine::lint::live::LiveFacts;
use plumb_engine::plan::backup::{backups, TableBackup};
use plumb_engine::plan::effect::already_done;
use plumb_engine::plan::{OnTarget, Plan};
use plumb_engine::policy::EnvPolicy;

pub use history::{recorded_runs, RunRecord, RunStatus};

use crate::evidence::{RunFolder, RunSummary};
use crate::{Error, Result, Source};
use history::Bookkeeping;
use session::Session;

/// Something that happened during an apply, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "event", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ApplyEvent {
    /// The run started; its evidence goes to `folder`.
    Started {
        /// The run's id.
        run_id: String,
        /// Steps in all.
        total: usize,
        /// The evidence folder.
        folder: PathBuf,
    },
    /// The data at risk is being copied aside.
    BackingUp {
        /// The tables (or, for SQLite, the database file).
        what: String,
    },
    /// Step `step` (from 1) of `total` is about to run.
    Running {
        /// The step's number, from 1.
        step: usize,
        /// Steps in all.
        total: usize,
        /// What it does.
        description: String,
        /// Its SQL.
        sql: String,
    },
    /// Step `step` completed.
    Done {
        /// The step's number, from 1.
        step: usize,
        /// How long it took.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        elapsed_ms: u64,
    },
    /// Step `step` gave up waiting for a lock that stops reads or writes (an online plan's
    /// short wait) and is tried again after a pause.
    Waiting {
        /// The step's number, from 1.
        step: usize,
        /// The attempt coming next, from 2.
        attempt: u32,
        /// The pause before it.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        pause_ms: u64,
    },
    /// A backfill or table copy moved on: `done` of `total` (rows of the key range, or percent
    /// for a table copy).
    Backfilling {
        /// The step's number, from 1.
        step: usize,
        /// How far it is.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        done: u64,
        /// How far it goes.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        total: u64,
        /// Rows copied per second so far (0 when unknown).
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        rows_per_second: u64,
        /// Estimated time left.
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        seconds_left: u64,
    },
    /// Step `step` completed in an earlier, interrupted run: skipped.
    Skipped {
        /// The step's number, from 1.
        step: usize,
    },
    /// The steps ran; the target is being checked against the plan's desired schema.
    Verifying,
}

/// What an apply did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplyReport {
    /// The run's id.
    pub run_id: String,
    /// Applied (verified) or unverified.
    pub status: RunStatus,
    /// Steps run now.
    pub steps: usize,
    /// Steps an earlier, interrupted run had completed.
    pub skipped: usize,
    /// Whether the target now has exactly the schema the plan leads to.
    pub verified: bool,
    /// What still differs when not verified.
    pub remaining: ChangeSet,
    /// The evidence folder.
    pub evidence: PathBuf,
    /// The tables copied aside before destructive statements.
    pub backups: Vec<TableBackup>,
}

/// Checks that `target` is the schema `plan` starts from, and returns it as it is, read against the
/// plan (for the gate). When it is not, the error carries the drift: what changed since the plan
/// was made.
pub async fn check_target(target: &Source, plan: &Plan) -> Result<OnTarget> {
    let on_target = on_target(target.load().await?, plan)?;
    check_live(&on_target, plan)?;
    Ok(on_target)
}

/// `live` read against `plan`, refused when it is another dialect's.
fn on_target(live: plumb_engine::model::Database, plan: &Plan) -> Result<OnTarget> {
    if live.flavor.dialect() != plan.flavor.dialect() {
        return Err(Error::WrongTarget { plan: plan.flavor.to_string(), target: live.flavor.to_string() });
    }
    Ok(plan.on_target(live))
}

fn check_live(target: &OnTarget, plan: &Plan) -> Result<()> {
    let (live, actual) = (&target.live, &target.fingerprint);
    if *actual == plan.from_fingerprint {
        return Ok(());
    }
    if *actual == plan.to_fingerprint {
        return Err(Error::AlreadyApplied { fingerprint: actual.to_string() });
    }
    // Both schemas are of the plan's dialect (checked as the target was read, `on_target`), which
    // is all diff refuses.
    let (drift, elsewhere) = plan
        .drift_on(live)
        .map_err(|e| Error::Unsupported { what: format!("showing the drift ({e})"), hint: "make a new plan".into() })?;
    Err(Error::StaleSchema {
        expected: plan.from_fingerprint.to_string(),
        actual: actual.to_string(),
        drift,
        elsewhere,
    })
}

/// A plan that passed every gate, holding the target's lock. The only input [`apply`] accepts.
pub struct ApprovedPlan {
    plan: Plan,
    /// The schema the plan starts from, whole: the target outside the plan's parts.
    start: plumb_engine::model::Database,
    /// The schema the plan leads to, whole: what the post-verify compares the result with
    /// (`None`: rebuilt on the result, for a run that completes an interrupted one).
    goal: Option<plumb_engine::model::Database>,
    target: Source,
    policy: EnvPolicy,
    clearance: Clearance,
    approvals: Vec<Approval>,
    applier: String,
    session: Session,
    /// The interrupted run this one completes, and its completed steps.
    resume: Option<(String, Vec<usize>)>,
    /// The step the interrupted run's server finished after its client died: in effect on the
    /// target, missing from the journal.
    finished_by_server: Option<usize>,
}

impl ApprovedPlan {
    /// What let the plan through.
    pub fn clearance(&self) -> &Clearance {
        &self.clearance
    }

    /// The plan.
    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The interrupted run being resumed and the steps it had completed.
    pub fn resuming(&self) -> Option<(&str, &[usize])> {
        self.resume.as_ref().map(|(id, done)| (id.as_str(), done.as_slice()))
    }
}

/// Runs the gate: the advisory lock, the target and the counts its findings want read under it,
/// then the checks of [`plumb_engine::gate::check`] and the target against the plan's start. `resume` accepts a target that an interrupted run of this
/// same plan left half-way (MySQL/MariaDB); the run then completes it.
pub async fn pass_gate(target: &Source, plan: Plan, request: &GateRequest<'_>, resume: bool) -> Result<ApprovedPlan> {
    // The gate's check derives the whole plan again: it runs once, with the target's counts read
    // under the lock (taking the lock writes nothing). Callers that want an answer before asking
    // for a confirmation (the CLI, the app's preview) call `gate::check` themselves.
    let mut session = Session::lock(target).await?;
    let (on_target, facts) = match read_under_lock(target, &plan).await {
        Ok(read) => read,
        Err(e) => {
            session.close().await;
            return Err(e);
        }
    };
    // The findings the plan is judged by are derived from its steps and these counts, never read
    // from the file.
    let clearance =
        match plumb_engine::gate::check(&plan, &GateRequest { facts: &facts, live: Some(&on_target), ..*request }) {
            Ok(clearance) => clearance,
            Err(refused) => {
                session.close().await;
                return Err(refused.into());
            }
        };
    // The whole schemas, rebuilt on the target outside the plan's parts. A target an interrupted
    // run left half-way also holds what that run made for itself (an online plan's sync trigger,
    // pt-online-schema-change's copy): there the goal is rebuilt on the result instead, which no
    // longer holds them.
    let stale = check_live(&on_target, &plan);
    let OnTarget { live, rebuilt, .. } = on_target;
    let (start, goal) = match rebuilt {
        Some((start, goal)) => (start, Some(goal)),
        None => (plan.whole_on(&live).0, None),
    };
    let mut interrupted = None;
    let mut finished_by_server = None;
    if let Err(stale) = stale {
        let found = match (&stale, resume) {
            (Error::StaleSchema { .. } | Error::AlreadyApplied { .. }, true) => {
                unfinished_run(&mut session, &plan).await
            }
            _ => None,
        };
        // The statement the client died in may have finished on the server (MySQL's DDL commits
        // by itself): what the target holds decides, not the journal alone.
        let found = found.map(|(run, mut done)| {
            let next = (1..=plan.steps.len()).find(|n| !done.contains(n));
            if let Some(n) = next.filter(|n| already_done(&plan.steps[n - 1], &live, &plan.whole_on(&live).1)) {
                done.push(n);
                finished_by_server = Some(n);
            }
            (run, done)
        });
        match found {
            Some(run) => interrupted = Some(run),
            None => {
                session.close().await;
                return Err(match (stale, resume) {
                    (Error::StaleSchema { .. }, true) => {
                        Error::NothingToResume { target: target.to_string(), plan_hash: plan.hash.clone() }
                    }
                    (other, _) => other,
                });
            }
        }
    }
    Ok(ApprovedPlan {
        plan,
        start,
        goal,
        target: target.clone(),
        policy: request.policy.clone(),
        clearance,
        approvals: request.approvals.to_vec(),
        applier: request.applier.name.clone(),
        session,
        resume: interrupted,
        finished_by_server,
    })
}

/// The target as it is and the counts the plan's findings ask of its data, read while the apply
/// lock is held.
async fn read_under_lock(target: &Source, plan: &Plan) -> Result<(OnTarget, LiveFacts)> {
    let live = target.load().await?;
    let facts = crate::live::live_facts(target, &plan.probes()).await?.facts;
    Ok((on_target(live, plan)?, facts))
}

/// The latest interrupted or failed run of `plan` and the steps its journal records.
async fn unfinished_run(session: &mut Session, plan: &Plan) -> Option<(String, Vec<usize>)> {
    let book = Bookkeeping::new(plan.flavor);
    // Runs still marked running died: this session holds the lock.
    session.execute(&book.mark_interrupted()).await.ok()?;
    let run_id = session.texts(&book.unfinished_run(&plan.hash)).await.ok()?.into_iter().next()?;
    let done = session.integers(&book.journaled_steps(&run_id)).await.ok()?;
    Some((run_id, done.into_iter().filter_map(|s| usize::try_from(s).ok()).collect()))
}

/// Applies `plan` to a database Plumb itself made and will throw away (a scratch copy, a test
/// database): through the same gate and run as any apply, under a development policy with every
/// finding acknowledged, its evidence in a temporary folder.
pub async fn apply_to_scratch(target: &Source, plan: &Plan) -> Result<ApplyReport> {
    // Thrown away afterwards: copies of its data would only pile up in `plumb_backup`.
    let policy = EnvPolicy { backup: false, ..EnvPolicy::default_for("scratch") };
    // Every rule, whatever the findings derived under the lock turn out to be.
    let acknowledged: Vec<String> = plumb_engine::lint::rules().iter().map(|r| r.id.to_owned()).collect();
    let applier = plumb_engine::gate::Applier { name: "plumb".into(), public_key: None };
    // A copy Plumb made itself and throws away: nobody to ask for its name.
    let name = target.database_name();
    let request = GateRequest {
        policy: &policy,
        approvals: &[],
        applier: &applier,
        acknowledged: &acknowledged,
        confirmation: Some(&name),
        database_name: &name,
        facts: &plumb_engine::lint::live::NO_FACTS,
        // pass_gate reads the target under its lock.
        live: None,
    };
    let approved = pass_gate(target, plan.clone(), &request, false).await?;
    let evidence = tempfile::tempdir().map_err(|source| Error::Io { path: std::env::temp_dir(), source })?;
    let options = RunOptions { evidence_root: evidence.path().to_owned(), slug: "scratch".into(), signer: None };
    apply(approved, &options, &|_| {}).await
}

/// Where a run writes its evidence and what it is called.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The folder run folders are created in (the policy's evidence folder).
    pub evidence_root: PathBuf,
    /// A short name for the run's folder (the plan file's name).
    pub slug: String,
    /// The person applying's key, which signs the run record (`run.json`): proof of who applied,
    /// beside the approvals' proof of who approved.
    pub signer: Option<std::sync::Arc<plumb_engine::approval::ApprovalKey>>,
}

fn now() -> String {
    jiff::Timestamp::now().to_string()
}

/// Applies an approved plan, writing its evidence and history as it goes.
pub async fn apply(
    approved: ApprovedPlan,
    options: &RunOptions,
    events: &(dyn Fn(ApplyEvent) + Send + Sync),
) -> Result<ApplyReport> {
    let ApprovedPlan {
        plan,
        start,
        goal,
        target,
        policy,
        clearance,
        approvals,
        applier,
        mut session,
        resume,
        finished_by_server,
    } = approved;
    let book = Bookkeeping::new(plan.flavor);
    let run_id = resume.as_ref().map_or_else(crate::evidence::new_run_id, |(id, _)| id.clone());
    let done: Vec<usize> = resume.as_ref().map(|(_, d)| d.clone()).unwrap_or_default();
    let folder = RunFolder::open(&options.evidence_root, &run_id, &options.slug)?;
    let total = plan.steps.len();
    events(ApplyEvent::Started { run_id: run_id.clone(), total, folder: folder.path().to_owned() });

    let backup_file = matches!(target, Source::Sqlite { .. }).then(|| folder.path().join("backup-before.sqlite"));
    let at_risk = if policy.backup && resume.is_none() {
        // The copies are named after the run: `plumb_backup.r20261122t013000z3fa9c2e1_users`.
        let tag: String = std::iter::once('r').chain(run_id.chars().filter(char::is_ascii_alphanumeric)).collect();
        backups(&plan, &tag.to_lowercase(), backup_file.as_deref().and_then(Path::to_str))
    } else {
        Vec::new()
    };
    let check = crate::profile::preflight(&target).await;
    folder.before(
        (&plan, &start),
        check.as_ref().map_err(ToString::to_string),
        &clearance,
        &approvals,
        &at_risk,
        backup_file.as_deref().filter(|_| !at_risk.is_empty()),
    )?;

    let record = RunRecord {
        run_id: run_id.clone(),
        plan_hash: plan.hash.clone(),
        environment: policy.environment.clone(),
        applied_by: applier,
        approvers: clearance.approvers.join(", "),
        started_at: now(),
        finished_at: None,
        status: RunStatus::Running,
        steps: u32::try_from(total).unwrap_or(u32::MAX),
        detail: None,
    };
    let sqlite_copy = match (&target, &backup_file) {
        (Source::Sqlite { path }, Some(file)) => Some((path.as_path(), file.as_path())),
        _ => None,
    };
    let signed = |record: &RunRecord| {
        let key = options.signer.as_ref();
        RunSummary {
            record: record.clone(),
            target: target.to_string(),
            folder: folder.path().to_owned(),
            applier_key: key.map(|k| k.public_key()),
            applier_signature: key.map(|k| k.sign_text(&crate::evidence::signed_text(record))),
        }
    };
    // Written now, so that a run killed before its end is still listed by `plumb history`
    // (as running, with the log of what it did); the end rewrites it.
    folder.started(&signed(&record))?;
    let progress = Progress { resuming: resume.is_some(), done: &done, finished_by_server };
    let outcome =
        run_steps(&mut session, &plan, &policy, &record, progress, &at_risk, sqlite_copy, &folder, events, &target)
            .await;
    let (status, detail) = match &outcome {
        Ok(()) => (RunStatus::Applied, None),
        Err(e) => (RunStatus::Failed, Some(e.to_string())),
    };
    let finish = book.finish(&run_id, status, &now(), detail.as_deref());
    // After a failure on PostgreSQL/SQLite the transaction is gone with the history row it held:
    // record the failed run on its own.
    let recorded = match (&outcome, plan.transactional) {
        (Err(_), true) => {
            // A failure before the steps (a backup refused) leaves the transaction open, aborted
            // on PostgreSQL: end it first. With none open this is a harmless error.
            let _ = session.execute("ROLLBACK").await;
            let mut failed = record.clone();
            failed.status = RunStatus::Failed;
            failed.detail = detail.clone();
            session.execute(&format!("{};\n{}", book.create(), book.start(&failed))).await
        }
        _ => session.execute(&finish).await,
    };
    if let Err(error) = recorded {
        tracing::warn!(%error, "recording the run in plumb_history");
    }
    session.close().await;

    let summary = |status: RunStatus, detail: Option<String>| {
        signed(&RunRecord { finished_at: Some(now()), status, detail, ..record.clone() })
    };
    if let Err(error) = outcome {
        folder.log(&format!("\n**FAILED**: {error}"))?;
        folder.after(&summary(RunStatus::Failed, Some(error.to_string())), None, plan.flavor.has_schemas())?;
        return Err(error);
    }

    events(ApplyEvent::Verifying);
    let after = target.load().await?;
    let goal = goal.unwrap_or_else(|| plan.whole_on(&after).1);
    let remaining = diff(&after, &goal, &plan.verify_options()).map_err(|e| Error::Unsupported {
        what: format!("verifying the result ({e})"),
        hint: "run plumb diff".into(),
    })?;
    let verified = remaining.is_empty();
    let status = if verified { RunStatus::Applied } else { RunStatus::Unverified };
    if !verified {
        let detail = format!("{} difference(s) remain after the run", remaining.changes.len());
        let mut session = Session::lock(&target).await?;
        // SQLite's lock is a transaction of its own: commit the record.
        let commit = if matches!(session, Session::Sqlite(_)) { ";\nCOMMIT" } else { "" };
        let record = format!("{}{commit}", book.finish(&run_id, status, &now(), Some(&detail)));
        if let Err(error) = session.execute(&record).await {
            tracing::warn!(%error, "recording the unverified run");
        }
        session.close().await;
    }
    folder.after(&summary(status, None), Some(&remaining), plan.flavor.has_schemas())?;
    Ok(ApplyReport {
        run_id,
        status,
        steps: total - done.len(),
        skipped: done.len(),
        verified,
        remaining,
        evidence: folder.path().to_owned(),
        backups: at_risk,
    })
}

/// Where a resumed run starts: the steps already done, and which of them the server finished
/// after the interrupted run's client died (not journaled yet).
#[derive(Clone, Copy)]
struct Progress<'a> {
    /// The run completes an interrupted one (which may have finished no step).
    resuming: bool,
    done: &'a [usize],
    finished_by_server: Option<usize>,
}

/// Backs up, runs the steps not yet done, journals each, and commits where the dialect has
/// transactional DDL.
#[allow(clippy::too_many_arguments)]
async fn run_steps(
    session: &mut Session,
    plan: &Plan,
    policy: &EnvPolicy,
    record: &RunRecord,
    progress: Progress<'_>,
    at_risk: &[TableBackup],
    sqlite_copy: Option<(&Path, &Path)>,
    folder: &RunFolder,
    events: &(dyn Fn(ApplyEvent) + Send + Sync),
    target: &Source,
) -> Result<()> {
    let book = Bookkeeping::new(plan.flavor);
    let total = plan.steps.len();
    let setup = |session: &Session, e| session.classify("apply", e);
    // SQLite's transaction began with the lock; PostgreSQL's begins here (an online plan's
    // transactions begin phase by phase).
    if let (Session::Postgres(..), true) = (&*session, plan.transactional) {
        session.execute("BEGIN").await.map_err(|e| setup(session, e))?;
    }
    let mut prologue = vec![book.create().to_owned()];
    prologue.push(if progress.resuming { book.resume(&record.run_id, "resumed") } else { book.start(record) });
    prologue.extend(timeouts(session, policy, plan));
    session.execute(&prologue.join(";\n")).await.map_err(|e| setup(session, e))?;
    folder.log(&match progress.resuming {
        // The interrupted run's log stops where it was killed; this part says so and goes on.
        true => format!(
            "\n# Execution log (resumed)\n\nRun `{}` was interrupted: {} resumed it at {}, skipping the {} step(s) its journal lists as done.\n",
            record.run_id,
            record.applied_by,
            now(),
            progress.done.len()
        ),
        false => format!(
            "# Execution log\n\nRun `{}` by {}, started {}.\n",
            record.run_id, record.applied_by, record.started_at
        ),
    })?;

    if !at_risk.is_empty() {
        let what = at_risk.iter().map(|b| b.table.as_str()).collect::<Vec<_>>().join(", ");
        events(ApplyEvent::BackingUp { what: what.clone() });
        let started = Instant::now();
        match sqlite_copy {
            Some((database, file)) => vacuum_into(database, file).await?,
            None => {
                if let Some(store) = plumb_engine::plan::backup::store_sql(plan.flavor) {
                    session.execute(&store).await.map_err(|e| setup(session, e))?;
                }
                for copy in at_risk.iter().filter_map(|b| b.copy_sql.as_deref()) {
                    session.execute(copy).await.map_err(|e| setup(session, e))?;
                }
            }
        }
        folder.log(&format!("- backed up {what} in {} ms", started.elapsed().as_millis()))?;
    }

    if !plan.transactional {
        let mut runner = phases::Runner { session, plan, policy, record, folder, events, target };
        runner.run(progress).await?;
        folder.log(&format!("\nAll {total} steps done at {}.", now()))?;
        return Ok(());
    }
    // One transaction: nothing was done before, nothing is resumed.
    for (i, step) in plan.steps.iter().enumerate() {
        let number = i + 1;
        events(ApplyEvent::Running {
            step: number,
            total,
            description: step.description.clone(),
            sql: step.sql.clone(),
        });
        let started = Instant::now();
        let ran = session.execute(&step.sql).instrument(tracing::info_span!("apply_step", step = number)).await;
        let elapsed = started.elapsed().as_millis();
        if let Err(source) = ran {
            folder.log(&step_entry(number, total, step, &format!("**failed** after {elapsed} ms: {source}")))?;
            let _ = session.execute("ROLLBACK").await;
            folder.log("\nRolled back: no step above stays applied.")?;
            let outcome = "nothing was changed (the transaction was rolled back)".to_owned();
            return Err(Error::StepFailed { step: number, description: step.description.clone(), outcome, source });
        }
        session
            .execute(&book.journal(&record.run_id, number, &step.description, &now(), elapsed))
            .await
            .map_err(|e| setup(session, e))?;
        // A step that ran is kept only if the run commits (said at the end).
        folder.log(&step_entry(number, total, step, &format!("ran in {elapsed} ms")))?;
        events(ApplyEvent::Done { step: number, elapsed_ms: u64::try_from(elapsed).unwrap_or(u64::MAX) });
    }

    if let Session::Sqlite(conn) = session {
        let violations: Vec<(String,)> = sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
            .fetch_all(&mut *conn)
            .await
            .map_err(|source| Error::Query { query: "foreign_key_check", source })?;
        if let Some((table,)) = violations.first() {
            let _ = session.execute("ROLLBACK").await;
            folder.log("\nRolled back: no step above stays applied.")?;
            return Err(Error::Definition {
                object: format!("table {table}"),
                reason: format!(
                    "{} rows would break foreign keys after this plan; nothing was changed",
                    violations.len()
                ),
            });
        }
    }
    if let Err(e) = session.execute("COMMIT").await {
        folder.log("\nThe commit failed: no step above stays applied.")?;
        return Err(setup(session, e));
    }
    folder.log(&format!("\nCommitted: all {total} steps are applied ({}).", now()))?;
    Ok(())
}

/// A step's entry in the execution log: what it does, what became of it, its SQL.
fn step_entry(number: usize, total: usize, step: &plumb_engine::plan::Step, outcome: &str) -> String {
    format!("- step {number}/{total}: {} — {outcome}\n\n```sql\n{}\n```", step.description, step.sql.trim_end())
}

/// The policy's timeouts for this session's statements. An online plan waits for a lock that
/// stops reads or writes only briefly, then tries again (`apply::phases`).
fn timeouts(session: &Session, policy: &EnvPolicy, plan: &Plan) -> Vec<String> {
    match session {
        // LOCAL: they end with the transaction. An online plan's statements run in transactions
        // of their own: set for the session.
        Session::Postgres(..) => {
            let (scope, lock) = match plan.transactional {
                true => ("LOCAL", format!("{}s", policy.lock_timeout_seconds)),
                false => ("SESSION", format!("{}ms", policy.online_lock_timeout_ms)),
            };
            let mut set = vec![format!("SET {scope} lock_timeout = '{lock}'")];
            if policy.statement_timeout_seconds > 0 {
                set.push(format!("SET {scope} statement_timeout = '{}s'", policy.statement_timeout_seconds));
            }
            set
        }
        Session::Mysql(..) => vec![
            // Whole seconds, at least 1 on MySQL: an online plan waits the least it can.
            format!(
                "SET SESSION lock_wait_timeout = {}",
                if plan.is_online() { 1 } else { policy.lock_timeout_seconds.max(1) }
            ),
            // Strict: a value a new type cannot hold fails the statement instead of being cut
            // (<https://mariadb.com/kb/en/sql-mode/#strict-mode>).
            "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'STRICT_ALL_TABLES')".to_owned(),
        ],
        Session::Sqlite(_) => Vec::new(),
    }
}

/// Copies the whole SQLite database to `file` from a second connection: `VACUUM INTO` cannot run
/// inside the run's transaction, and the run's write lock keeps the copy consistent with it.
async fn vacuum_into(database: &Path, file: &Path) -> Result<()> {
    private_like(database, file)?;
    let mut reader = crate::connect::open_sqlite_read_only(database).await?;
    let into = plumb_engine::dialect::quote_literal(plumb_engine::dialect::Dialect::Sqlite, &file.to_string_lossy());
    sqlx::Executor::execute(&mut reader, sqlx::raw_sql(&format!("VACUUM INTO {into}")))
        .instrument(tracing::info_span!("backup", file = %file.display()))
        .await
        .map_err(|source| Error::Query { query: "VACUUM INTO (backup)", source })?;
    Ok(())
}

/// Creates `copy` empty, no more readable than `original` (a copy of a 0600 database is 0600, not
/// the umask's 0644), before any data goes in.
fn private_like(original: &Path, copy: &Path) -> Result<()> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mode = std::fs::metadata(original).map_err(io(original))?.permissions().mode() & 0o666;
        std::fs::OpenOptions::new().write(true).create_new(true).mode(mode).open(copy).map_err(io(copy))?;
        // The umask may have taken bits away, never added: set exactly the original's.
        std::fs::set_permissions(copy, std::fs::Permissions::from_mode(mode)).map_err(io(copy))?;
    }
    #[cfg(not(unix))]
    {
        let _ = original;
        std::fs::OpenOptions::new().write(true).create_new(true).open(copy).map_err(io(copy))?;
    }
    Ok(())
}
