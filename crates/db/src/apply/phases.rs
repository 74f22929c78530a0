//! Running a plan that is not one transaction: MySQL/MariaDB plans (whose DDL commits by itself)
//! and online plans, phase by phase ([`plumb_engine::plan::online::phases`]). Every phase is
//! journaled in `plumb_journal` as it completes — a transaction's journal rows commit with it —
//! so an interrupted run resumes (`--resume`) at the first unfinished phase.
//!
//! An online phase that needs a lock stopping reads or writes waits for it only briefly
//! (`online_lock_timeout_ms`), then gives up, pauses and tries again, instead of queueing behind a
//! long transaction with every other query queued behind it. Statements that must run alone
//! (`CREATE INDEX CONCURRENTLY`) run outside any transaction, and a failed one's leftovers (an
//! INVALID index) are removed before the next attempt. Backfills walk the key in batches, each
//! committed by itself, from the first row not yet copied.

use std::time::{Duration, Instant};

use tracing::Instrument;

use plumb_engine::plan::online::{Backfill, Phase, PhaseKind, TableCopy};
use plumb_engine::plan::{Plan, Run, Step};
use plumb_engine::policy::EnvPolicy;

use super::history::Bookkeeping;
use super::session::{lock_timed_out, Session};
use super::{now, step_entry, ApplyEvent, Progress, RunRecord};
use crate::evidence::RunFolder;
use crate::{Error, Result};

/// Attempts of a step that timed out waiting for its lock, and the longest pause between two.
const LOCK_ATTEMPTS: u32 = 60;
const LONGEST_PAUSE_MS: u64 = 2_000;
/// Attempts of a statement that must run alone and failed (a concurrent build that hit a
/// deadlock or a unique violation by a concurrent write leaves an INVALID index).
const ALONE_ATTEMPTS: u32 = 3;

pub(super) struct Runner<'a> {
    pub session: &'a mut Session,
    pub plan: &'a Plan,
    pub policy: &'a EnvPolicy,
    pub record: &'a RunRecord,
    pub folder: &'a RunFolder,
    pub events: &'a (dyn Fn(ApplyEvent) + Send + Sync),
    pub target: &'a crate::Source,
}

impl Runner<'_> {
    /// Runs every phase not yet done, in order.
    pub(super) async fn run(&mut self, Progress { done, finished_by_server, .. }: Progress<'_>) -> Result<()> {
        let total = self.plan.steps.len();
        let online = self.plan.is_online();
        for (index, phase) in self.plan.phases().iter().enumerate() {
            let pending: Vec<usize> = phase.steps.iter().copied().filter(|n| !done.contains(n)).collect();
            for &n in phase.steps.iter().filter(|n| done.contains(n)) {
                (self.events)(ApplyEvent::Skipped { step: n });
                let step = &self.plan.steps[n - 1];
                if finished_by_server == Some(n) {
                    self.journal(n, 0).await?;
                    self.folder.log(&format!(
                        "- step {n}/{total}: {} — found in effect on the target: the server finished it after the interrupted run's connection died, before the journal could record it; journaled now, not run again",
                        step.description
                    ))?;
                } else {
                    self.folder.log(&format!(
                        "- step {n}/{total}: {} — already done by the interrupted run",
                        step.description
                    ))?;
                }
            }
            if pending.is_empty() {
                continue;
            }
            if online {
                let transactional = self.plan.flavor.dialect().transactional_ddl();
                self.folder.log(&format!("\n### Phase {} — {}\n", index + 1, describe(phase, transactional)))?;
            }
            match phase.kind {
                PhaseKind::Transaction if self.plan.flavor.dialect().transactional_ddl() => {
                    self.transaction(&pending).await?;
                }
                PhaseKind::Transaction => {
                    for n in pending {
                        self.statement(n, online).await?;
                    }
                }
                PhaseKind::Alone => self.alone(pending[0]).await?,
                PhaseKind::Backfill => self.backfill(pending[0]).await?,
                PhaseKind::Verify => self.verify(pending[0]).await?,
                PhaseKind::TableCopy => self.table_copy(pending[0]).await?,
            }
        }
        Ok(())
    }

    async fn journal(&mut self, step: usize, elapsed_ms: u128) -> Result<()> {
        let book = Bookkeeping::new(self.plan.flavor);
        let sql = book.journal(&self.record.run_id, step, &self.plan.steps[step - 1].description, &now(), elapsed_ms);
        self.session.execute(&sql).await.map_err(|e| self.session.classify("apply", e))
    }

    fn running(&self, n: usize) {
        let step = &self.plan.steps[n - 1];
        (self.events)(ApplyEvent::Running {
            step: n,
            total: self.plan.steps.len(),
            description: step.description.clone(),
            sql: step.sql.clone(),
        });
    }

    fn done(&self, n: usize, started: Instant, how: &str) -> Result<()> {
        let step = &self.plan.steps[n - 1];
        let elapsed = started.elapsed().as_millis();
        self.folder.log(&step_entry(n, self.plan.steps.len(), step, &format!("{how} in {elapsed} ms")))?;
        (self.events)(ApplyEvent::Done { step: n, elapsed_ms: u64::try_from(elapsed).unwrap_or(u64::MAX) });
        Ok(())
    }

    /// The error for step `n`, logged, saying what stays applied (every step before
    /// `uncommitted`) and the way forward.
    fn failed(&self, n: usize, uncommitted: usize, source: sqlx::Error, elapsed: u128) -> Error {
        let step = &self.plan.steps[n - 1];
        let outcome = self.outcome(uncommitted);
        let _ = self.folder.log(&step_entry(
            n,
            self.plan.steps.len(),
            step,
            &format!("**failed** after {elapsed} ms: {source}"),
        ));
        Error::StepFailed { step: n, description: step.description.clone(), outcome, source }
    }

    /// The error for step `n` (a check or a copy, not a statement) stopping the run, logged.
    fn stopped(&self, n: usize, reason: String) -> Error {
        let _ = self.folder.log(&format!("- step {n}: **failed**: {reason}"));
        Error::StepStopped { step: n, description: self.plan.steps[n - 1].description.clone(), reason }
    }

    /// What the steps before `n` left on the target: all of them ran and stay.
    fn outcome(&self, n: usize) -> String {
        let ran: Vec<String> = (1..n).map(|s| s.to_string()).collect();
        match ran.len() {
            0 => "no step had run".to_owned(),
            _ => format!(
                "steps {} had run and stay applied (plumb_journal lists them); fix the cause and resume with --resume, or go back with a plan from the target to {}",
                ran.join(", "),
                self.folder.path().join("schema-before.json").display()
            ),
        }
    }

    /// Pauses before attempt `attempt` (from 1) of a statement that timed out on its lock.
    async fn back_off(&self, n: usize, attempt: u32) {
        let pause_ms = 50u64.saturating_mul(1 << attempt.min(6)).min(LONGEST_PAUSE_MS);
        tracing::info!(step = n, attempt, pause_ms, "lock not granted in time; retrying");
        (self.events)(ApplyEvent::Waiting { step: n, attempt, pause_ms });
        let pause = Duration::from_millis(pause_ms);
        tokio::time::sleep(pause).await;
    }

    /// One statement committed by itself (MySQL; an online plan's quick statement), retried
    /// when it timed out waiting for its lock.
    async fn statement(&mut self, n: usize, online: bool) -> Result<()> {
        self.running(n);
        let started = Instant::now();
        let sql = self.plan.steps[n - 1].sql.clone();
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.session.execute(&sql).instrument(tracing::info_span!("apply_step", step = n)).await {
                Ok(()) => break,
                Err(e) if online && lock_timed_out(&e) && attempt < LOCK_ATTEMPTS => self.back_off(n, attempt).await,
                Err(e) => return Err(self.failed(n, n, e, started.elapsed().as_millis())),
            }
        }
        self.journal(n, started.elapsed().as_millis()).await?;
        self.done(n, started, if attempt > 1 { "ok after waiting for its lock, committed" } else { "ok, committed" })
    }

    /// Quick statements in one transaction with their journal rows, all tried again when one
    /// timed out waiting for its lock (the transaction rolled back, nothing half done).
    async fn transaction(&mut self, steps: &[usize]) -> Result<()> {
        let started = Instant::now();
        let mut attempt = 0;
        'attempts: loop {
            attempt += 1;
            self.begin().await?;
            for &n in steps {
                self.running(n);
                let sql = &self.plan.steps[n - 1].sql;
                let ran = self.session.execute(sql).instrument(tracing::info_span!("apply_step", step = n)).await;
                match ran {
                    Ok(()) => self.journal(n, started.elapsed().as_millis()).await?,
                    Err(e) => {
                        let _ = self.session.execute("ROLLBACK").await;
                        if self.plan.is_online() && lock_timed_out(&e) && attempt < LOCK_ATTEMPTS {
                            self.back_off(n, attempt).await;
                            continue 'attempts;
                        }
                        let error = self.failed(n, steps[0], e, started.elapsed().as_millis());
                        let _ = self.folder.log("\nThis phase was rolled back: none of its steps stays applied.");
                        return Err(error);
                    }
                }
            }
            break;
        }
        self.session.execute("COMMIT").await.map_err(|e| self.session.classify("apply", e))?;
        let how = if attempt > 1 {
            format!("committed (attempt {attempt}, after lock waits gave up)")
        } else {
            "committed".into()
        };
        for &n in steps {
            self.done(n, started, &how)?;
        }
        Ok(())
    }

    /// `BEGIN`, with the short lock wait of an online plan's transaction (an ordinary plan's
    /// transactions wait as long as the session's lock timeout allows).
    async fn begin(&mut self) -> Result<()> {
        let sql = match self.plan.is_online() {
            true => format!("BEGIN;\nSET LOCAL lock_timeout = '{}ms'", self.policy.online_lock_timeout_ms),
            false => "BEGIN".to_owned(),
        };
        self.session.execute(&sql).await.map_err(|e| self.session.classify("apply", e))
    }

    /// A statement outside any transaction. Its waits block nobody's reads or writes, so it waits
    /// as long as the policy's lock timeout allows; a failed attempt's leftovers are removed
    /// before the next one (and before the first, when an interrupted run may have left them).
    async fn alone(&mut self, n: usize) -> Result<()> {
        self.running(n);
        let started = Instant::now();
        let step: &Step = &self.plan.steps[n - 1];
        let Run::Alone { cleanup } = &step.run else { unreachable!("an alone phase holds an alone step") };
        let (sql, cleanup) = (step.sql.clone(), cleanup.clone());
        let wait = format!("SET lock_timeout = '{}s'", self.policy.lock_timeout_seconds);
        self.session.execute(&wait).await.map_err(|e| self.session.classify("apply", e))?;
        let mut attempt = 0;
        let outcome = loop {
            attempt += 1;
            if let Some(cleanup) = &cleanup {
                if let Err(e) = self.session.execute(cleanup).await {
                    break Err(e);
                }
            }
            match self.session.execute(&sql).instrument(tracing::info_span!("apply_step", step = n)).await {
                Ok(()) => break Ok(()),
                Err(e) if cleanup.is_some() && attempt < ALONE_ATTEMPTS => {
                    self.folder.log(&format!(
                        "- step {n}: attempt {attempt} failed ({e}); removing what it left and trying again"
                    ))?;
                }
                Err(e) => break Err(e),
            }
        };
        let short = format!("SET lock_timeout = '{}ms'", self.policy.online_lock_timeout_ms);
        self.session.execute(&short).await.map_err(|e| self.session.classify("apply", e))?;
        if let Err(e) = outcome {
            return Err(self.failed(n, n, e, started.elapsed().as_millis()));
        }
        self.journal(n, started.elapsed().as_millis()).await?;
        self.done(n, started, "ok, outside a transaction")
    }

    /// Copies a column's values in batches of the key, each committed by itself, starting from
    /// the first row not copied yet (so a resumed run continues where the interrupted one
    /// stopped), reporting rows done, rate and time left.
    async fn backfill(&mut self, n: usize) -> Result<()> {
        self.running(n);
        let started = Instant::now();
        let step = &self.plan.steps[n - 1];
        let Run::Backfill(Backfill { pending, table, .. }) = &step.run else {
            unreachable!("a backfill phase holds a backfill step")
        };
        let (sql, pending, table) = (step.sql.clone(), pending.clone(), table.clone());
        let (first, last) = match self.session.pair(&pending).await {
            Ok((Some(first), Some(last))) => (first, last),
            Ok(_) => {
                self.journal(n, 0).await?;
                return self.done(n, started, "nothing left to copy");
            }
            Err(e) => return Err(self.failed(n, n, e, 0)),
        };
        let batch = i64::from(self.policy.backfill_batch_rows);
        let pause = Duration::from_millis(u64::from(self.policy.backfill_pause_ms));
        let span = last.saturating_sub(first).saturating_add(1).max(1);
        let total = u64::try_from(span).unwrap_or(u64::MAX);
        self.folder.log(&format!("- step {n}: backfilling {table}, keys {first} to {last}, {batch} per batch"))?;
        (self.events)(ApplyEvent::Backfilling { step: n, done: 0, total, rows_per_second: 0, seconds_left: 0 });
        let mut from = first;
        let mut rows = 0u64;
        let mut last_report = Instant::now();
        while from <= last {
            let to = from.saturating_add(batch);
            match self.session.batch(&sql, from, to).instrument(tracing::debug_span!("backfill_batch", from, to)).await
            {
                Ok(changed) => rows += changed,
                Err(e) => return Err(self.failed(n, n, e, started.elapsed().as_millis())),
            }
            from = to;
            let done = u64::try_from(from.min(last + 1) - first).unwrap_or(0);
            if last_report.elapsed() >= Duration::from_millis(250) || from > last {
                last_report = Instant::now();
                let seconds = started.elapsed().as_secs_f64().max(0.001);
                #[allow(clippy::cast_precision_loss, clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                let (rate, left) = {
                    let rate = done as f64 / seconds;
                    (rate as u64, ((total - done) as f64 / rate.max(1.0)) as u64)
                };
                (self.events)(ApplyEvent::Backfilling {
                    step: n,
                    done,
                    total,
                    rows_per_second: rate,
                    seconds_left: left,
                });
            }
            if !pause.is_zero() && from <= last {
                tokio::time::sleep(pause).await;
            }
        }
        self.folder.log(&format!("- step {n}: {rows} rows of {table} updated"))?;
        self.journal(n, started.elapsed().as_millis()).await?;
        self.done(n, started, "backfilled, batch by batch")
    }

    /// Counts the rows that break what the server did not check; any fails the run.
    async fn verify(&mut self, n: usize) -> Result<()> {
        self.running(n);
        let started = Instant::now();
        let step = &self.plan.steps[n - 1];
        let Run::Verify { failure } = &step.run else { unreachable!("a verify phase holds a verify step") };
        let (sql, failure) = (step.sql.clone(), failure.clone());
        let count = match self.session.count(&sql).await {
            Ok(count) => count,
            Err(e) => return Err(self.failed(n, n, e, started.elapsed().as_millis())),
        };
        if count > 0 {
            let reason = format!(
                "{count} {failure}: step {n} found them after the steps before it ran ({}); fix those rows, then resume with --resume",
                self.outcome(n)
            );
            return Err(self.stopped(n, reason));
        }
        self.journal(n, started.elapsed().as_millis()).await?;
        self.done(n, started, "checked: no row breaks it")
    }

    /// A table copy by `pt-online-schema-change`, after removing what an interrupted copy left.
    async fn table_copy(&mut self, n: usize) -> Result<()> {
        self.running(n);
        let started = Instant::now();
        let Run::TableCopy(copy) = &self.plan.steps[n - 1].run else {
            unreachable!("a table copy phase holds a table copy step")
        };
        let copy: TableCopy = copy.clone();
        for leftover in super::pt_osc::leftovers(self.plan, &copy.table) {
            self.session.execute(&leftover).await.map_err(|e| self.session.classify("apply", e))?;
        }
        self.folder.log(&format!("- step {n}: `{}`", super::pt_osc::command_line(self.target, &copy)))?;
        let events = self.events;
        let copied = super::pt_osc::run(self.target, &copy, &|done, total, left| {
            events(ApplyEvent::Backfilling { step: n, done, total, rows_per_second: 0, seconds_left: left });
        })
        .await;
        if let Err(detail) = copied {
            let reason = format!("pt-online-schema-change failed: {detail}; {}", self.outcome(n));
            return Err(self.stopped(n, reason));
        }
        self.journal(n, started.elapsed().as_millis()).await?;
        self.done(n, started, "copied and swapped by pt-online-schema-change")
    }
}

/// A phase for the evidence log.
fn describe(phase: &Phase, transactional_ddl: bool) -> String {
    let steps = match phase.steps.as_slice() {
        [one] => format!("step {one}"),
        [first, .., last] => format!("steps {first}–{last}"),
        [] => String::new(),
    };
    let how = match phase.kind {
        PhaseKind::Transaction if transactional_ddl => "a transaction of quick statements",
        PhaseKind::Transaction => "quick statements, each committed by itself",
        PhaseKind::Alone => "alone, outside any transaction",
        PhaseKind::Backfill => "a batched backfill",
        PhaseKind::Verify => "a check of the data",
        PhaseKind::TableCopy => "a table copy by pt-online-schema-change",
    };
    format!("{how}: {steps}")
}
