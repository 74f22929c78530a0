//! The diff viewer's glue: reads two sources once, keeps them for a while so that confirming a
//! rename or changing an exclude pattern re-compares without reading the databases again, and
//! returns the comparison with the plan (forward and rollback SQL) made from it.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use plumb_db::introspect::Progress;
use plumb_db::live::live_facts;
use plumb_db::Source;
use plumb_engine::compare::{compare, Comparison};
use plumb_engine::diff::DiffOptions;
use plumb_engine::lint::live::{LiveFacts, Probe};
use plumb_engine::lint::Finding;
use plumb_engine::model::Database;
use plumb_engine::plan::{plan_with, probes, Online, Step};
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, IpcError};

/// How many loaded pairs are kept: the current one, and a few the user may come back to.
const KEPT: usize = 4;

/// What to compare, as the UI writes it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct CompareOptions {
    /// Schemas to compare (all when empty).
    #[serde(default)]
    pub schemas: Vec<String>,
    /// Globs of objects to leave out (`_prisma_migrations`, `audit_*`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Renames the user confirmed (`users.name=users.full_name`).
    #[serde(default)]
    pub renames: Vec<String>,
    /// Plan online: no statement stops reads or writes for longer than a moment.
    #[serde(default)]
    pub online: bool,
    /// How the values of columns whose type has no cast to the new one convert
    /// (`orders.placed_at=to_timestamp(placed_at)`).
    #[serde(default)]
    pub using: Vec<String>,
}

/// One completed step of reading a side, as the UI receives it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct CompareProgress {
    pub side: Side,
    /// The catalog query that finished.
    pub step: &'static str,
    /// Steps of this side done so far.
    pub done: usize,
    /// Steps of this side in all.
    pub total: usize,
}

/// Which of the two sources a progress report is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "CompareSide"))]
#[serde(rename_all = "lowercase")]
pub(crate) enum Side {
    /// The current schema.
    From,
    /// The desired schema.
    To,
}

/// A comparison with its plan.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct CompareResult {
    /// Names the loaded pair for [`Comparisons::recompare`].
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: u64,
    /// The objects that differ, with their DDL side by side.
    pub comparison: Comparison,
    /// The SQL that migrates and the SQL that migrates back, when Plumb can plan the change.
    pub plan: Option<PlanPreview>,
    /// Why there is no plan, when there is none (a change Plumb cannot write SQL for yet).
    pub plan_error: Option<String>,
    /// The column whose conversion the user must write before there is a plan.
    pub cast_needed: Option<plumb_engine::MissingCast>,
    /// Tables on each side, for the summary line.
    pub from_tables: usize,
    /// Tables on the desired side.
    pub to_tables: usize,
    /// How long comparing and planning took, reading excluded.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub compare_ms: u64,
    /// What the checks of the current side's data did (`4 counts from demo-prod`), or why they
    /// could not run; the findings then rest on the schema alone.
    pub data_checks: Option<String>,
}

/// The parts of a plan the viewer shows (the plan file holds both schemas besides).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct PlanPreview {
    /// Whether the steps run in one transaction.
    pub transactional: bool,
    /// Whether the plan runs beside the application (online).
    pub online: bool,
    /// The units the executor runs: transactions, statements alone, backfills.
    pub phases: usize,
    /// The statements that migrate.
    pub steps: Vec<Step>,
    /// The statements that migrate back.
    pub rollback: Vec<Step>,
    /// Why there is no way back, when there is none.
    pub rollback_unavailable: Option<String>,
    /// The plan's SHA-256.
    pub hash: String,
    /// What the safety rules found in the forward steps.
    pub findings: Vec<Finding>,
}

/// The two schemas of a comparison, current and desired.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub(crate) struct PairSchemas {
    pub from: Database,
    pub to: Database,
}

/// Two schemas read once, where the current one lives, and the counts taken from its data so far
/// (a re-comparison only asks for the counts it has not taken yet).
struct Pair {
    source: Source,
    from: Database,
    to: Database,
    /// How the two are compared whatever the UI asks (enum labels as a set beside a schema.prisma).
    base: DiffOptions,
    checked: Mutex<LiveFacts>,
}

/// The pairs loaded recently, newest last.
#[derive(Default)]
pub(crate) struct Comparisons {
    next_id: AtomicU64,
    kept: Mutex<VecDeque<(u64, Arc<Pair>)>>,
}

impl Comparisons {
    /// Reads both sources as every comparison does ([`plumb_db::pair::read`]) and compares them.
    pub(crate) async fn compare(
        &self,
        source: Source,
        to: Source,
        options: CompareOptions,
        progress: &(dyn Fn(CompareProgress) + Send + Sync),
    ) -> Result<CompareResult, IpcError> {
        let from = &source;
        let side = |side: Side| {
            move |p: Progress| progress(CompareProgress { side, step: p.step, done: p.done, total: p.total })
        };
        let (from_progress, to_progress) = (side(Side::From), side(Side::To));
        let to_source = to;
        let (from, to) = plumb_db::pair::read(from, &to_source, &from_progress, &to_progress).await?;
        let base = plumb_db::pair::options_for(DiffOptions::default(), &source, &to_source);
        let pair = Arc::new(Pair { source: source.clone(), from, to, base, checked: Mutex::new(LiveFacts::default()) });
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        {
            let mut kept = self.kept.lock().expect("no thread panics while holding this lock");
            kept.push_back((id, Arc::clone(&pair)));
            while kept.len() > KEPT {
                kept.pop_front();
            }
        }
        run(id, pair, options).await
    }

    /// Compares a pair read before with other options (a confirmed rename, an exclude pattern).
    pub(crate) async fn recompare(&self, id: u64, options: CompareOptions) -> Result<CompareResult, IpcError> {
        run(id, self.pair(id)?, options).await
    }

    /// Writes the plan of the pair `id` under `options` to a new file at `path`, provided it is the
    /// plan the window showed (`hash`): what is saved for review is what was read, to the byte.
    pub(crate) async fn save_plan(
        &self,
        id: u64,
        options: CompareOptions,
        hash: &str,
        path: &Path,
    ) -> Result<(), IpcError> {
        let pair = self.pair(id)?;
        let (options, online) = planning(&pair, &options)?;
        let (facts, _) = check_data(&pair, &options).await;
        let plan = blocking(move || Ok(plan_with(&pair.from, &pair.to, &options, online.as_ref(), &facts)?)).await?;
        if plan.hash != hash {
            return Err(IpcError {
                code: ErrorCode::Invalid,
                message: "the plan is not the one shown any more (the current data was counted again): read it again, then create it".into(),
                details: None,
            });
        }
        plumb_db::project::write_new_plan(path, &plan)?;
        tracing::info!(id, path = %path.display(), steps = plan.steps.len(), "plan saved from a comparison");
        Ok(())
    }

    /// Both schemas of the pair `id` as read, for the window's diagram of the comparison.
    pub(crate) fn schemas(&self, id: u64) -> Result<PairSchemas, IpcError> {
        let pair = self.pair(id)?;
        Ok(PairSchemas { from: pair.from.clone(), to: pair.to.clone() })
    }

    fn pair(&self, id: u64) -> Result<Arc<Pair>, IpcError> {
        let kept = self.kept.lock().expect("no thread panics while holding this lock");
        kept.iter().find(|(kept_id, _)| *kept_id == id).map(|(_, pair)| Arc::clone(pair)).ok_or_else(|| IpcError {
            code: ErrorCode::Invalid,
            message: "this comparison is no longer held in memory; compare the two sources again".into(),
            details: None,
        })
    }
}

/// How the window's options plan a pair: the diff options (with the pair's own, such as enum
/// labels as a set beside a schema.prisma) and, for an online plan, how the server copies tables.
fn planning(pair: &Pair, options: &CompareOptions) -> Result<(DiffOptions, Option<Online>), IpcError> {
    let online = options.online.then(|| plumb_db::apply::pt_osc::online_for(&pair.source));
    let options = DiffOptions {
        enum_labels_as_set: pair.base.enum_labels_as_set,
        ..DiffOptions::parse(&options.schemas, &options.exclude, &options.renames)?.with_using(&options.using)?
    };
    Ok((options, online))
}

/// Diff and plan are CPU work (a quarter of a second for 2,000 tables): off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(work).await.map_err(|error| IpcError {
        code: ErrorCode::Internal,
        message: format!("comparing failed: {error}"),
        details: None,
    })?
}

/// The counts the plan needs from the current side's data, taking only those not taken before.
/// Best effort: a source that cannot be read any more leaves the findings to the schema alone.
async fn check_data(pair: &Pair, options: &DiffOptions) -> (LiveFacts, Option<String>) {
    // A comparison Plumb cannot plan still shows its differences: then there is nothing to check.
    let asked = probes(&pair.from, &pair.to, options).unwrap_or_default();
    let known = pair.checked.lock().expect("no thread panics while holding this lock").clone();
    let missing: Vec<Probe> = asked.iter().filter(|p| known.get(&p.table, &p.kind).is_none()).cloned().collect();
    let note = if missing.is_empty() {
        (!known.is_empty()).then(|| format!("{} counted in the current data", known.len()))
    } else {
        match live_facts(&pair.source, &missing).await {
            Ok(report) => {
                let mut checked = pair.checked.lock().expect("no thread panics while holding this lock");
                for probe in &missing {
                    if let Some(count) = report.facts.get(&probe.table, &probe.kind) {
                        checked.insert(probe.clone(), count);
                    }
                }
                let skipped = report.skipped.len();
                Some(match skipped {
                    0 => format!("{} counted in the current data", missing.len()),
                    n => format!(
                        "{} counted in the current data, {n} skipped ({})",
                        missing.len() - n,
                        report.skipped[0].1
                    ),
                })
            }
            Err(error) => Some(format!("the current data could not be checked: {error}")),
        }
    };
    let facts = pair.checked.lock().expect("no thread panics while holding this lock").clone();
    (facts, note)
}

/// Checks the current side's data for the plan's safety findings, then compares and plans.
async fn run(id: u64, pair: Arc<Pair>, options: CompareOptions) -> Result<CompareResult, IpcError> {
    let (options, online) = planning(&pair, &options)?;
    let (facts, data_checks) = check_data(&pair, &options).await;
    blocking(move || {
        let _span = tracing::info_span!("compare", id).entered();
        let started = Instant::now();
        let comparison = compare(&pair.from, &pair.to, &options)?;
        let mut cast_needed = None;
        let (plan, plan_error) = match plan_with(&pair.from, &pair.to, &options, online.as_ref(), &facts) {
            Ok(plan) => (
                Some(PlanPreview {
                    transactional: plan.transactional,
                    online: plan.is_online(),
                    phases: plan.phases().len(),
                    steps: plan.steps,
                    rollback: plan.rollback,
                    rollback_unavailable: plan.rollback_unavailable,
                    hash: plan.hash,
                    findings: plan.findings,
                }),
                None,
            ),
            Err(error @ plumb_engine::Error::UnsupportedChange { .. }) => (None, Some(error.to_string())),
            Err(plumb_engine::Error::NeedsUsing(cast)) => {
                let message = format!(
                    "PostgreSQL has no cast from {} to {}: say how the values of {}.{} convert",
                    cast.from, cast.to, cast.table, cast.column
                );
                cast_needed = Some(*cast);
                (None, Some(message))
            }
            Err(other) => return Err(IpcError::from(other)),
        };
        let tables = |db: &Database| db.schemas.iter().map(|s| s.tables.len()).sum();
        let compare_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        tracing::info!(objects = comparison.objects.len(), compare_ms, "compared");
        Ok(CompareResult {
            id,
            comparison,
            plan,
            plan_error,
            cast_needed,
            from_tables: tables(&pair.from),
            to_tables: tables(&pair.to),
            compare_ms,
            data_checks,
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use plumb_engine::compare::{DiffStatus, ObjectKind};
    use plumb_engine::diff::TableChange;

    use super::*;
    use crate::state::AppState;

    fn status_of(result: &CompareResult, name: &str) -> Option<DiffStatus> {
        result.comparison.objects.iter().find(|o| o.kind == ObjectKind::Table && o.name == name).map(|o| o.status)
    }

    fn data_loss(result: &CompareResult) -> Vec<String> {
        result.plan.as_ref().unwrap().steps.iter().filter_map(|s| s.data_loss.clone()).collect()
    }

    #[tokio::test]
    async fn compares_the_demos_then_confirms_the_offered_rename_without_reading_them_again() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let demos = state.demo_list().await.unwrap();
        let sides = Mutex::new(Vec::new());
        let result = state
            .comparisons
            .compare(
                demos[0].source.parse().unwrap(),
                demos[1].source.parse().unwrap(),
                CompareOptions::default(),
                &|p| sides.lock().unwrap().push(p.side),
            )
            .await
            .unwrap();
        let sides = sides.into_inner().unwrap();
        assert!(sides.contains(&Side::From) && sides.contains(&Side::To), "both sides report progress: {sides:?}");
        assert_eq!(status_of(&result, "labels"), Some(DiffStatus::Added));
        assert_eq!(status_of(&result, "tasks"), Some(DiffStatus::Changed));
        assert_eq!((result.from_tables, result.to_tables), (6, 7));
        let schemas = state.comparisons.schemas(result.id).unwrap();
        assert_eq!((schemas.from.schemas[0].tables.len(), schemas.to.schemas[0].tables.len()), (6, 7));
        let [rename] = result.comparison.possible_renames.as_slice() else { panic!("one possible rename") };
        assert_eq!((rename.from.as_str(), rename.to.as_str()), ("archived_at", "archived_on"));
        assert!(data_loss(&result).iter().any(|l| l.contains("projects.archived_at")), "{:?}", data_loss(&result));
        let messages: Vec<&str> = result.plan.as_ref().unwrap().findings.iter().map(|f| f.message.as_str()).collect();
        assert!(
            messages.contains(&"drops column main.users.legacy_username holding 3 non-null values"),
            "{messages:?}"
        );
        assert!(!result.plan.as_ref().unwrap().rollback.is_empty());
        let findings = &result.plan.as_ref().unwrap().findings;
        assert!(
            findings.iter().any(|f| f.rule == "possible-rename-as-drop-add" && !f.steps.is_empty()),
            "{findings:?}"
        );

        // The demo files go away: a re-comparison must not read them again.
        std::fs::remove_dir_all(dir.path().join("demo")).unwrap();
        let options =
            CompareOptions { renames: vec!["projects.archived_at=projects.archived_on".into()], ..Default::default() };
        let confirmed = state.comparisons.recompare(result.id, options).await.unwrap();
        let projects = confirmed.comparison.objects.iter().find(|o| o.name == "projects").unwrap();
        assert!(
            matches!(projects.table_changes.as_slice(), [TableChange::RenameColumn { .. }]),
            "{:?}",
            projects.table_changes
        );
        assert!(confirmed.comparison.possible_renames.is_empty());
        assert!(data_loss(&confirmed).iter().all(|l| !l.contains("archived")), "{:?}", data_loss(&confirmed));
    }

    #[tokio::test]
    async fn the_plan_shown_is_saved_as_a_plan_file_for_review_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let demos = state.demo_list().await.unwrap();
        let (from, to) = (demos[0].source.parse().unwrap(), demos[1].source.parse().unwrap());
        let options =
            CompareOptions { renames: vec!["projects.archived_at=projects.archived_on".into()], ..Default::default() };
        let shown = state.comparisons.compare(from, to, options.clone(), &|_| {}).await.unwrap();
        let hash = shown.plan.as_ref().unwrap().hash.clone();
        let project = dir.path().join("project");
        std::fs::create_dir_all(project.join(".plumb")).unwrap();
        let path = project.join(".plumb/plans/rename.plan.json");

        let err = state.comparisons.save_plan(shown.id, options.clone(), "sha256:other", &path).await.unwrap_err();
        assert!(err.message.contains("not the one shown") && !path.exists(), "{}", err.message);
        state.comparisons.save_plan(shown.id, options.clone(), &hash, &path).await.unwrap();
        let review = state.plans.open(&state.profiles, &path.display().to_string()).await.unwrap();
        assert_eq!(review.plan.hash, hash, "the file holds the plan shown, rename included");
        assert_eq!(review.project.root, project.display().to_string(), "its project is the one it was saved in");
        let err = state.comparisons.save_plan(shown.id, options, &hash, &path).await.unwrap_err();
        assert!(err.message.contains("exists already"), "never written over: {}", err.message);
    }

    #[tokio::test]
    async fn a_schema_prisma_keeps_what_prisma_does_not_manage_as_in_the_cli() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let sql = dir.path().join("schema.sql");
        std::fs::write(
            &sql,
            r#"CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL CHECK (length(email) > 3));
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE VIEW people AS SELECT email FROM "User";
CREATE TRIGGER user_touched AFTER UPDATE ON "User" BEGIN SELECT 1; END;
"#,
        )
        .unwrap();
        let prisma = dir.path().join("schema.prisma");
        std::fs::write(
            &prisma,
            "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n",
        )
        .unwrap();
        // Either way round, the check, the view and the trigger are taken from the other side.
        let (sql, prisma) = (sql.to_str().unwrap(), prisma.to_str().unwrap());
        for (from, to) in [(sql, prisma), (prisma, sql)] {
            let (from, to) = state.profiles.resolve_pair(from, to).await.unwrap();
            let result = state.comparisons.compare(from, to, CompareOptions::default(), &|_| {}).await.unwrap();
            assert!(result.comparison.objects.is_empty(), "{:#?}", result.comparison.objects);
            assert!(result.plan.unwrap().steps.is_empty());
        }
    }

    /// A column type change PostgreSQL has no cast for asks for the conversion by name, and the
    /// conversion given is the plan's USING.
    #[tokio::test]
    async fn a_type_change_without_a_cast_asks_for_the_conversion_and_plans_with_it() {
        use plumb_tests::{Server, TestDb};
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let (a, b) =
            tokio::join!(TestDb::fresh(Server::Postgres, "app_cast_a"), TestDb::fresh(Server::Postgres, "app_cast_b"));
        tokio::join!(a.exec("CREATE TABLE orders (placed bigint)"), b.exec("CREATE TABLE orders (placed timestamptz)"));
        let result =
            state.comparisons.compare(a.source(), b.source(), CompareOptions::default(), &|_| {}).await.unwrap();
        assert!(result.plan.is_none());
        let cast = result.cast_needed.as_ref().expect("the conversion is asked for");
        assert_eq!(
            (cast.table.as_str(), cast.column.as_str(), cast.to.as_str()),
            ("orders", "placed", "timestamp with time zone")
        );
        assert!(!result.plan_error.as_deref().unwrap_or_default().contains("--using"), "{:?}", result.plan_error);

        let options =
            CompareOptions { using: vec!["public.orders.placed=to_timestamp(placed)".into()], ..Default::default() };
        let planned = state.comparisons.recompare(result.id, options).await.unwrap();
        let steps = planned.plan.expect("a plan with the conversion").steps;
        assert!(steps.iter().any(|s| s.sql.contains("USING (to_timestamp(placed))")), "{steps:?}");
        assert!(planned.cast_needed.is_none());

        let bad = CompareOptions { using: vec!["placed".into()], ..Default::default() };
        let error = state.comparisons.recompare(result.id, bad).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::Invalid, "{}", error.message);
    }

    #[tokio::test]
    async fn bad_options_and_forgotten_comparisons_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let demos = state.demo_list().await.unwrap();
        let bad = CompareOptions { exclude: vec!["[".into()], ..Default::default() };
        let error = state
            .comparisons
            .compare(demos[0].source.parse().unwrap(), demos[1].source.parse().unwrap(), bad, &|_| {})
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::Invalid);
        assert!(error.message.contains("exclude pattern \"[\""), "{}", error.message);

        let error = state.comparisons.recompare(99, CompareOptions::default()).await.unwrap_err();
        assert_eq!(error.code, ErrorCode::Invalid);
        assert!(error.message.contains("compare the two sources again"), "{}", error.message);

        let missing = format!("sqlite:{}", dir.path().join("nope.sqlite").display());
        let error = state
            .comparisons
            .compare(demos[0].source.parse().unwrap(), missing.parse().unwrap(), CompareOptions::default(), &|_| {})
            .await
            .unwrap_err();
        assert_eq!(error.code, ErrorCode::FileNotFound, "{}", error.message);
    }
}
