//! Plan files in the app: open one to review it, approve or reject it (signed with the reviewer's
//! key from the OS keychain, written beside the plan, as `plumb approve` does), check what the
//! gate will ask before applying it, apply it with progress, and read the runs' evidence.
//!
//! The project (its policy and evidence folder) is the folder the user chose in the window, else
//! the one holding the plan file, found upwards from its folder as the CLI finds it from the
//! current folder. The window always says which one it is.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use plumb_db::apply::{apply, check_target, pass_gate, ApplyEvent, RunOptions, RunStatus};
use plumb_db::evidence::{EvidenceFile, RunSummary, POST_VERIFY};
use plumb_db::pair::Named;
use plumb_db::profile::Profile;
use plumb_db::project::{approvals_beside, Project};
use plumb_db::trust::TrustEdit;
use plumb_db::Source;
use plumb_engine::approval::{Approval, ApprovalError, ApprovalKey, Decision};
use plumb_engine::compare::{compare, Comparison};
use plumb_engine::gate::{Applier, GateRequest};
use plumb_engine::lint::live::{LiveFacts, NO_FACTS};
use plumb_engine::plan::backup::TableBackup;
use plumb_engine::plan::Plan;
use plumb_engine::policy::EnvPolicy;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, IpcError};
use crate::profiles::Profiles;
use crate::projects::{ProjectInfo, Projects};

/// Who is using the app, as reviewer and as the person applying.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Person {
    /// Their user name (editable in the UI).
    pub name: String,
    /// Their approval key's public half, once they have one.
    pub public_key: Option<String>,
}

/// An approval file beside the plan, and whether the policy's reviewers list its key.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ApprovalView {
    pub approver: String,
    pub decision: Decision,
    pub decided_at: String,
    pub comment: String,
    pub acknowledged: Vec<String>,
    /// Why it does not count (another plan, untrusted key, edited), if it does not.
    pub problem: Option<String>,
    /// Its signature is valid but the project does not trust the key yet: the reviewer can be
    /// trusted from the window.
    pub untrusted: bool,
    /// Signed with the key of the person looking: nobody trusts themselves from the window.
    pub yours: bool,
}

/// A plan file opened for review.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct PlanReview {
    pub path: String,
    pub plan: Plan,
    /// What changes, object by object, as Compare lists it (with the plan's own renames).
    pub changes: Comparison,
    pub approvals: Vec<ApprovalView>,
    /// The project whose policy judges it and whose evidence folder its runs go to.
    pub project: ProjectInfo,
    pub identity: Person,
    /// The half of a split change (`plumb plan --split`) this plan is, and the other half's file.
    pub split: Option<SplitHalf>,
}

/// One half of a change split around a deploy of the application.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct SplitHalf {
    pub role: SplitRole,
    /// The other half's plan file, when it is beside this one.
    pub other: Option<String>,
}

/// The two halves of a change split around a deploy of the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub(crate) enum SplitRole {
    /// Applied now, while the old version of the application still runs.
    Expand,
    /// Applied once the new version runs everywhere.
    Contract,
}

/// Which half of a split change the plan file at `path` is, by its name (`NAME.expand.json`,
/// `NAME.contract.json`, as `plumb plan --split` writes them).
fn split_half(path: &Path) -> Option<SplitHalf> {
    let name = path.file_name()?.to_str()?;
    let (role, stem, other) = match (name.strip_suffix(".expand.json"), name.strip_suffix(".contract.json")) {
        (Some(stem), _) => (SplitRole::Expand, stem, "contract"),
        (_, Some(stem)) => (SplitRole::Contract, stem, "expand"),
        _ => return None,
    };
    let other = path.with_file_name(format!("{stem}.{other}.json"));
    Some(SplitHalf { role, other: other.is_file().then(|| other.display().to_string()) })
}

/// What applying the plan to a target will ask for.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ApplyPreview {
    pub environment: String,
    pub production: bool,
    /// The name to type, where the policy asks for it.
    pub confirm: Option<String>,
    pub approvals_needed: u32,
    /// Why the gate would refuse now (approvals, acknowledgements, policy, a changed target).
    pub blocked: Option<String>,
    /// The target already has the plan's desired schema: there is nothing left to apply.
    pub applied: bool,
    /// Statements of the plan lose data: the database's name is typed to confirm, whatever the
    /// environment.
    pub loses_data: bool,
}

/// What a run did.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ApplyOutcome {
    pub run_id: String,
    pub status: RunStatus,
    pub verified: bool,
    pub steps: usize,
    pub skipped: usize,
    pub evidence: String,
    /// `04-post-verify.md`.
    pub post_verify: String,
    pub backups: Vec<TableBackup>,
}

/// The runs of the project last opened.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct History {
    pub project: Option<String>,
    pub runs: Vec<RunSummary>,
}

/// Approve or reject.
#[derive(Debug, Clone, Copy, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub(crate) enum Verdict {
    Approve,
    Reject,
}

/// A plan, a target and a person applying, with what the gate reads about them.
struct Attempt {
    plan_path: PathBuf,
    plan: Plan,
    source: Source,
    environment: String,
    profile: Option<Profile>,
    project: Project,
    policy: EnvPolicy,
    approvals: Vec<Approval>,
    applier: Applier,
    /// The key that signs the run record, where a keychain keeps one.
    signer: Option<Arc<ApprovalKey>>,
    acknowledged: Vec<String>,
    database_name: String,
}

impl Attempt {
    /// The gate's question, with `facts` from the target for the findings it derives again and
    /// the target's schema (`live`) to derive them from.
    fn request<'a>(
        &'a self,
        confirmation: Option<&'a str>,
        facts: &'a LiveFacts,
        live: Option<&'a plumb_engine::plan::OnTarget>,
    ) -> GateRequest<'a> {
        GateRequest {
            policy: &self.policy,
            approvals: &self.approvals,
            applier: &self.applier,
            acknowledged: &self.acknowledged,
            confirmation,
            database_name: &self.database_name,
            facts,
            live,
        }
    }
}

/// Plan files under review and their runs, in the project the window works in.
pub(crate) struct Plans {
    /// Which project that is.
    pub projects: Projects,
}

fn read_plan(path: &Path) -> Result<Plan, IpcError> {
    let text = std::fs::read_to_string(path).map_err(|source| plumb_db::Error::Io { path: path.to_owned(), source })?;
    Plan::from_json(&text).map_err(|e| {
        let mut error = IpcError::from(e);
        error.message = format!("{}: {}", path.display(), error.message);
        error
    })
}

/// The acknowledgements the window sends (`RULE@STEP`, as `--allow` takes them), refused whole
/// when one names no rule.
fn acknowledgements(keys: &[String]) -> Result<Vec<String>, IpcError> {
    match plumb_engine::gate::unknown_rule(keys) {
        Some(unknown) => Err(IpcError {
            code: ErrorCode::Invalid,
            message: format!("{unknown} acknowledges no rule Plumb knows: make the plan again and tick its findings"),
            details: None,
        }),
        None => Ok(keys.to_vec()),
    }
}

/// A plan file, its project, and each approval beside it with whether it counts there.
struct Reviewed {
    path: PathBuf,
    plan: Plan,
    project: Project,
    approvals: Vec<(Approval, Result<(), ApprovalError>)>,
}

impl Plans {
    /// The app's plans, with the project folder chosen in an earlier start read from `data_dir`.
    pub(crate) fn new(data_dir: &Path) -> Self {
        Self { projects: Projects::new(data_dir) }
    }

    fn reviewed(&self, path: &str) -> Result<Reviewed, IpcError> {
        let path = PathBuf::from(path.trim());
        let plan = read_plan(&path)?;
        let project = self.projects.project_of(&path)?;
        let trusted = project.policy.trusted();
        let approvals = approvals_beside(&path)?
            .into_iter()
            .map(|a| {
                let verified = a.verify(&plan, &trusted);
                (a, verified)
            })
            .collect();
        Ok(Reviewed { path, plan, project, approvals })
    }

    /// Opens a plan file for review.
    pub(crate) async fn open(&self, profiles: &Profiles, path: &str) -> Result<PlanReview, IpcError> {
        let Reviewed { path, plan, project, approvals } = self.reviewed(path)?;
        let public_key = profiles.blocking(|_, keychain| Ok(plumb_db::approver::existing_public_key(keychain))).await?;
        let approvals = approvals
            .into_iter()
            .map(|(a, verified)| ApprovalView {
                untrusted: matches!(verified, Err(ApprovalError::Untrusted { .. })),
                yours: public_key.as_deref() == Some(a.public_key.as_str()),
                problem: match verified {
                    Ok(()) | Err(ApprovalError::Rejected { .. }) => None,
                    Err(e) => Some(e.why_not_counted()),
                },
                approver: a.approver,
                decision: a.decision,
                decided_at: a.decided_at,
                comment: a.comment,
                acknowledged: a.acknowledged,
            })
            .collect();
        let changes = compare(&plan.from_part, &plan.to_part, &plan.diff_options())?;
        Ok(PlanReview {
            path: path.display().to_string(),
            changes,
            approvals,
            project: ProjectInfo::of(&project, self.projects.is_chosen()),
            identity: Person { name: plumb_db::project::applier_name(None), public_key },
            split: split_half(&path),
            plan,
        })
    }

    /// The project's policy file once it trusts the key that signed `approver`'s approval of the
    /// plan at `path`: shown before anything is written. The key is read from the approval file
    /// itself, never taken from the window, and only a valid signature of this plan is trusted.
    pub(crate) fn trust_preview(&self, path: &str, approver: &str) -> Result<TrustEdit, IpcError> {
        let Reviewed { project, approvals, .. } = self.reviewed(path)?;
        let (approval, _) = approvals
            .into_iter()
            .find(|(a, verified)| a.approver == approver && matches!(verified, Err(ApprovalError::Untrusted { .. })))
            .ok_or_else(|| IpcError {
                code: ErrorCode::Invalid,
                message: format!(
                    "{approver} has no approval of this plan signed with a key the project does not trust yet"
                ),
                details: None,
            })?;
        Ok(plumb_db::trust::trust_reviewer(&project.root, &approval.approver, &approval.public_key)?)
    }

    /// Writes the edit shown by [`Plans::trust_preview`], provided the policy file still holds
    /// `before`; returns the review with the reviewer trusted.
    pub(crate) async fn trust(
        &self,
        profiles: &Profiles,
        path: &str,
        approver: &str,
        before: &str,
    ) -> Result<PlanReview, IpcError> {
        let mut edit = self.trust_preview(path, approver)?;
        // What the person saw is what is saved over: the preview is made again from the file, and
        // `save` refuses if the file moved on since they looked.
        edit.before = before.to_owned();
        plumb_db::trust::save(&edit)?;
        self.open(profiles, path).await
    }

    /// Signs a decision on the plan with the reviewer's key and writes it beside the plan.
    pub(crate) async fn approve(
        &self,
        profiles: &Profiles,
        path: &str,
        name: &str,
        verdict: Verdict,
        comment: &str,
        acknowledged: &[String],
    ) -> Result<PlanReview, IpcError> {
        let plan_path = PathBuf::from(path.trim());
        let plan = read_plan(&plan_path)?;
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(IpcError {
                code: ErrorCode::Invalid,
                message: "say who you are: the reviewer's name is empty".into(),
                details: None,
            });
        }
        let acknowledged = acknowledgements(acknowledged)?;
        let decision = match verdict {
            // sign_beside refuses an approval that leaves a blocking finding unacknowledged.
            Verdict::Approve => Decision::Approve,
            Verdict::Reject if comment.trim().is_empty() => {
                return Err(IpcError {
                    code: ErrorCode::Invalid,
                    message: "say why in the comment to reject a plan".into(),
                    details: None,
                })
            }
            Verdict::Reject => Decision::Reject,
        };
        let comment = comment.to_owned();
        let at = plan_path.clone();
        let signed = profiles
            .blocking(move |_, keychain| {
                plumb_db::approver::sign_beside(keychain, &at, &plan, &name, decision, &acknowledged, &comment)
            })
            .await?;
        tracing::info!(plan = %plan_path.display(), approval = %signed.path.display(), "plan reviewed");
        self.open(profiles, path).await
    }

    /// The target with its environment and, for a profile, the profile.
    async fn target(
        &self,
        profiles: &Profiles,
        demos: &[crate::state::SourceEntry],
        text: &str,
    ) -> Result<(Source, String, Option<Profile>), IpcError> {
        let named = if text.starts_with('@') {
            let (profile, source) = profiles.resolve_profile(text).await?;
            Named { source, profile: Some(profile) }
        } else {
            Named::plain(text.parse()?)
        };
        let environment = named.environment(demos.iter().find(|d| d.source == text).map(|d| d.environment.as_str()));
        Ok((named.source, environment, named.profile))
    }

    /// Everything the gate needs to judge applying the plan at `path` to `target` as `applier`.
    async fn attempt(
        &self,
        profiles: &Profiles,
        demos: &[crate::state::SourceEntry],
        path: &str,
        target: &str,
        applier: &str,
        acknowledged: &[String],
    ) -> Result<Attempt, IpcError> {
        let plan_path = PathBuf::from(path.trim());
        let plan = read_plan(&plan_path)?;
        let (source, environment, profile) = self.target(profiles, demos, target).await?;
        let project = self.projects.project_of(&plan_path)?;
        let policy = project.policy.for_environment(&environment);
        let (applier, signer) = self.applier(profiles, applier).await?;
        Ok(Attempt {
            applier,
            signer,
            approvals: approvals_beside(&plan_path)?,
            acknowledged: acknowledgements(acknowledged)?,
            database_name: source.database_name(),
            plan_path,
            plan,
            source,
            environment,
            profile,
            project,
            policy,
        })
    }

    /// What the gate asks for applying `path` to `target` as `applier`, and what it would refuse.
    pub(crate) async fn preview(
        &self,
        profiles: &Profiles,
        demos: &[crate::state::SourceEntry],
        path: &str,
        target: &str,
        applier: &str,
        acknowledged: &[String],
    ) -> Result<ApplyPreview, IpcError> {
        let attempt = self.attempt(profiles, demos, path, target, applier, acknowledged).await?;
        let Attempt { plan, source, environment, profile, policy, database_name, .. } = &attempt;
        let facts = plumb_db::live::live_facts(source, &plan.probes()).await?.facts;
        // Whether the target has the plan's result already is the first thing to say about it.
        let target = check_target(source, plan).await;
        let request = attempt.request(Some(database_name), &facts, target.as_ref().ok());
        let mut blocked = plumb_engine::gate::check(plan, &request).err().map(|e| e.in_window());
        if let Some(profile) = &profile {
            let may = profiles.blocking({
                let profile = profile.clone();
                move |store, _| store.may_write(&profile)
            });
            if let Err(e) = may.await {
                blocked.get_or_insert(e.message);
            }
        }
        let applied = matches!(target, Err(plumb_db::Error::AlreadyApplied { .. }));
        if let (Err(e), true) = (&target, blocked.is_none() || applied) {
            blocked = Some(e.in_window());
        }
        let loses_data = plan.data_losses() > 0;
        Ok(ApplyPreview {
            production: plumb_engine::policy::is_production(environment),
            confirm: plumb_engine::gate::name_to_type(plan, policy).then(|| database_name.clone()),
            approvals_needed: policy.approvals,
            blocked,
            applied,
            loses_data,
            environment: environment.clone(),
        })
    }

    /// Who applies, with the key that signs the run record where a keychain keeps one.
    async fn applier(&self, profiles: &Profiles, name: &str) -> Result<(Applier, Option<Arc<ApprovalKey>>), IpcError> {
        let name = name.to_owned();
        let (applier, key) =
            profiles.blocking(move |_, keychain| Ok(plumb_db::approver::applier(keychain, Some(&name)))).await?;
        Ok((applier, key.map(Arc::new)))
    }

    /// Applies the plan through the gate, sending each event to `events`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn run(
        &self,
        profiles: &Profiles,
        demos: &[crate::state::SourceEntry],
        path: &str,
        target: &str,
        applier: &str,
        acknowledged: &[String],
        confirmation: Option<&str>,
        events: &(dyn Fn(ApplyEvent) + Send + Sync),
    ) -> Result<ApplyOutcome, IpcError> {
        let attempt = self.attempt(profiles, demos, path, target, applier, acknowledged).await?;
        if let Some(profile) = attempt.profile.clone() {
            profiles.blocking(move |store, _| store.may_write(&profile)).await?;
        }
        let approved =
            // The gate counts in the target's data itself, under the lock.
            pass_gate(&attempt.source, attempt.plan.clone(), &attempt.request(confirmation.map(str::trim), &NO_FACTS, None), false)
                .await?;
        let Attempt { plan_path, project, signer, .. } = attempt;
        let slug = plan_path.file_stem().map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
        let options = RunOptions { evidence_root: project.evidence_root(), slug, signer };
        let report = apply(approved, &options, events).await?;
        let post_verify = std::fs::read_to_string(report.evidence.join(POST_VERIFY)).unwrap_or_default();
        Ok(ApplyOutcome {
            run_id: report.run_id,
            status: report.status,
            verified: report.verified,
            steps: report.steps,
            skipped: report.skipped,
            evidence: report.evidence.display().to_string(),
            post_verify,
            backups: report.backups,
        })
    }

    /// The runs of the project the window works in, newest first.
    pub(crate) fn history(&self) -> Result<History, IpcError> {
        let Some((project, _)) = self.projects.current()? else {
            return Ok(History { project: None, runs: Vec::new() });
        };
        let runs = plumb_db::evidence::list(&project.evidence_root())?;
        Ok(History { project: Some(project.root.display().to_string()), runs })
    }

    /// Where the runs of the project the window works in are kept.
    fn evidence_root(&self, folder: &str) -> Result<PathBuf, IpcError> {
        match self.projects.current()? {
            Some((project, _)) => Ok(project.evidence_root()),
            None => Err(plumb_db::Error::NotEvidence { what: folder.to_owned(), of: "the evidence folder" }.into()),
        }
    }

    /// A listed run's folder, as the window names it: only listed runs' folders are opened.
    pub(crate) fn run_folder(&self, folder: &str) -> Result<PathBuf, IpcError> {
        Ok(plumb_db::evidence::run_folder(&self.evidence_root(folder)?, Path::new(folder))?)
    }

    /// Every file of a listed run's evidence.
    pub(crate) fn evidence_files(&self, folder: &str) -> Result<Vec<EvidenceFile>, IpcError> {
        Ok(plumb_db::evidence::files(&self.evidence_root(folder)?, Path::new(folder))?)
    }

    /// One report of a listed run, by plain name.
    pub(crate) fn evidence(&self, folder: &str, file: &str) -> Result<String, IpcError> {
        Ok(plumb_db::evidence::read(&self.evidence_root(folder)?, Path::new(folder), file)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::AppState;
    use plumb_engine::diff::DiffOptions;

    /// A plan from one demo database to the other, written in a project folder.
    async fn plan_file(
        state: &AppState,
        project: &Path,
        from: usize,
        to: usize,
    ) -> (PathBuf, Vec<crate::state::SourceEntry>) {
        let demos = state.demo_list().await.unwrap();
        let load = |i: usize| demos[i].source.parse::<Source>().unwrap();
        let plan = plumb_engine::plan::plan(
            &load(from).load().await.unwrap(),
            &load(to).load().await.unwrap(),
            &DiffOptions::default(),
        )
        .unwrap();
        let path = project.join("plan.json");
        std::fs::write(&path, plan.to_json()).unwrap();
        (path, demos)
    }

    #[tokio::test]
    async fn a_chosen_project_folder_judges_every_plan_and_outlives_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        // A stray project above the plan's folder, as a .plumb left in a home folder would be.
        let stray = dir.path().join("home");
        let app = stray.join("work/app");
        std::fs::create_dir_all(stray.join(".plumb")).unwrap();
        std::fs::create_dir_all(app.join("plans")).unwrap();
        std::fs::write(stray.join(".plumb/policy.toml"), "evidence_dir = \"stray-runs\"\n").unwrap();
        let (path, _) = plan_file(&state, &app.join("plans"), 1, 0).await;
        let path = path.display().to_string();

        let found = state.plans.open(&state.profiles, &path).await.unwrap().project;
        assert_eq!((found.root.as_str(), found.chosen), (stray.to_str().unwrap(), false));
        assert!(found.evidence.ends_with("stray-runs") && found.policy_file.is_some(), "{found:?}");

        let chosen = state.plans.projects.choose(Some(app.to_str().unwrap())).unwrap().unwrap();
        assert_eq!((chosen.root.as_str(), chosen.chosen, chosen.policy_file), (app.to_str().unwrap(), true, None));
        let review = state.plans.open(&state.profiles, &path).await.unwrap();
        assert_eq!(review.project.root, chosen.root, "the chosen folder judges the plan, not the stray one");
        assert_eq!(state.plans.history().unwrap().project.as_deref(), Some(app.to_str().unwrap()));

        let missing = app.join("nowhere").display().to_string();
        let err = state.plans.projects.choose(Some(&missing)).unwrap_err();
        assert!(err.message.contains("nowhere") && err.message.contains("no such folder"), "{}", err.message);
        let again = Plans::new(dir.path()).projects.project().unwrap().unwrap();
        assert_eq!((again.root, again.chosen), (chosen.root, true), "kept for the next start, the bad choice ignored");

        assert!(state.plans.projects.choose(None).unwrap().is_some_and(|p| !p.chosen && p.root == found.root));
        assert!(Plans::new(dir.path()).projects.project().unwrap().is_none(), "nothing chosen any more");
    }

    #[test]
    fn the_halves_of_a_split_change_find_each_other_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let (expand, contract) = (dir.path().join("change.expand.json"), dir.path().join("change.contract.json"));
        std::fs::write(&contract, "{}").unwrap();
        let half = split_half(&expand).unwrap();
        assert_eq!((half.role, half.other), (SplitRole::Expand, Some(contract.display().to_string())));
        let half = split_half(&contract).unwrap();
        assert_eq!((half.role, half.other), (SplitRole::Contract, None), "the expand file is not there");
        assert!(split_half(&dir.path().join("plan.json")).is_none());
    }

    #[tokio::test]
    async fn review_preview_apply_and_history_of_a_plan_file() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let project = dir.path().join("project");
        // Its own .plumb: a project found above the temporary folder (a /tmp/.plumb) is not the test's.
        std::fs::create_dir_all(project.join(".plumb")).unwrap();
        // demo-dev (index 1) back to demo-prod's schema: drops columns, so findings to acknowledge.
        let (path, demos) = plan_file(&state, &project, 1, 0).await;
        let path_text = path.display().to_string();
        let review = state.plans.open(&state.profiles, &path_text).await.unwrap();
        assert!(review.approvals.is_empty() && review.project.policy_file.is_none());
        assert!(!review.project.chosen && review.project.root == project.display().to_string());
        assert!(review.changes.objects.iter().any(|o| o.name == "labels"), "{:?}", review.changes);

        let err = state.plans.approve(&state.profiles, &path_text, "ana", Verdict::Approve, "", &[]).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Blocked, "{}", err.message);
        let keys: Vec<String> = review
            .plan
            .findings
            .iter()
            .filter(|f| f.blocks())
            // As the window sends them: the gate's `RULE@STEP`, at the finding's first step.
            .map(|f| format!("{}@{}", f.rule, f.steps[0]))
            .collect();
        let err =
            state.plans.approve(&state.profiles, &path_text, "ana", Verdict::Approve, "", &keys).await.unwrap_err();
        assert!(err.message.contains("without an OS keychain"), "no key without a keychain: {}", err.message);

        let prod =
            state.plans.preview(&state.profiles, &demos, &path_text, &demos[0].source, "bo", &keys).await.unwrap();
        assert_eq!(
            (prod.production, prod.confirm.as_deref(), prod.approvals_needed),
            (true, Some("demo-prod.sqlite"), 1)
        );
        // demo-prod is where the plan leads: what it says first is that nothing is left to apply.
        assert!(prod.applied && prod.blocked.as_deref().is_some_and(|b| b.contains("nothing to apply")), "{prod:?}");
        let dev = state.plans.preview(&state.profiles, &demos, &path_text, &demos[1].source, "bo", &[]).await.unwrap();
        assert!(dev.blocked.as_deref().is_some_and(|b| b.contains("tick each in the SQL tab")), "{dev:?}");
        // A plan that loses data asks for the name on a dev database too, and the run insists.
        assert_eq!((dev.loses_data, dev.confirm.as_deref(), dev.applied), (true, Some("demo-dev.sqlite"), false));
        let unconfirmed = state
            .plans
            .run(&state.profiles, &demos, &path_text, &demos[1].source, "bo", &keys, None, &|_| {})
            .await
            .unwrap_err();
        assert!(
            unconfirmed
                .message
                .contains("this plan loses data (3 step(s)): type the database's name, \"demo-dev.sqlite\""),
            "{}",
            unconfirmed.message
        );

        let dev_file = match demos[1].source.parse::<Source>().unwrap() {
            Source::Sqlite { path } => path,
            other => panic!("demo-dev is an SQLite file, not {other}"),
        };
        let before = sqlite_contents(&dev_file);
        let events = std::sync::Mutex::new(Vec::new());
        let outcome = state
            .plans
            .run(&state.profiles, &demos, &path_text, &demos[1].source, "bo", &keys, Some("demo-dev.sqlite"), &|e| {
                events.lock().unwrap().push(e)
            })
            .await
            .unwrap();
        assert_eq!((outcome.status, outcome.verified), (RunStatus::Applied, true));
        // Checked again, the plan has nothing left to do: the preview says so, not "changed".
        let after =
            state.plans.preview(&state.profiles, &demos, &path_text, &demos[1].source, "bo", &keys).await.unwrap();
        assert!(after.applied, "{after:?}");
        assert!(
            after.blocked.as_deref().is_some_and(|b| b.contains("already has this plan's desired schema")),
            "{after:?}"
        );
        assert!(outcome.post_verify.contains("zero differences"));
        let events = events.into_inner().unwrap();
        assert!(
            matches!(events.first(), Some(ApplyEvent::Started { .. }))
                && matches!(events.last(), Some(ApplyEvent::Verifying))
        );

        // The app's apply backs up what it destroys, and the evidence brings it back.
        assert!(!outcome.backups.is_empty(), "the run dropped data: it took a backup first");
        let evidence = Path::new(&outcome.evidence);
        for script in ["rollback.sql", "restore.sql"] {
            sqlite3(&dev_file, &std::fs::read_to_string(evidence.join(script)).unwrap());
        }
        assert_eq!(sqlite_contents(&dev_file), before, "every value of demo-dev is back");

        let history = state.plans.history().unwrap();
        assert_eq!(history.runs.len(), 1);
        let folder = history.runs[0].folder.display().to_string();
        assert!(state.plans.evidence(&folder, "04-post-verify.md").unwrap().contains("APPLIED"));
        // Every file of the run, the reports first, as History and Review & apply list them.
        let listed = state.plans.evidence_files(&folder).unwrap();
        assert!(listed.iter().all(|f| f.readable != f.name.starts_with("backup")), "{listed:?}");
        let files: Vec<String> = listed.into_iter().map(|f| f.name).collect();
        assert_eq!(
            files[..5],
            [
                "00-connection-check.md",
                "01-schema-diff-preview.md",
                "02-migration-plan.md",
                "03-execution-log.md",
                "04-post-verify.md"
            ]
        );
        for file in ["plan.json", "restore.sql", "rollback.sql", "run.json", "schema-before.json"] {
            assert!(files.contains(&file.to_owned()), "{file} listed: {files:?}");
        }
        assert!(state.plans.evidence_files("/etc").is_err(), "only listed runs");
        assert!(state.plans.evidence(&folder, "../plan.json").is_err(), "only files of the run folder");
        assert!(state.plans.evidence("/etc", "passwd.md").is_err(), "only listed runs");
    }

    #[tokio::test]
    async fn the_apps_apply_backs_up_what_it_destroys_on_postgres_and_mariadb() {
        use plumb_tests::{Server, TestDb};
        for server in [Server::Postgres, Server::Mysql] {
            let name = format!("app_restore_{server:?}").to_lowercase();
            let to_name = format!("{name}_to");
            let (a, b) = tokio::join!(TestDb::fresh(server, &name), TestDb::fresh(server, &to_name));
            tokio::join!(
                a.exec("CREATE TABLE users (id int PRIMARY KEY, email text, legacy text); CREATE TABLE old_stuff (id int PRIMARY KEY); INSERT INTO users VALUES (1, 'a', 'kept'), (2, 'b', NULL), (3, 'c', 'it''s'); INSERT INTO old_stuff VALUES (1), (2);"),
                b.exec("CREATE TABLE users (id int PRIMARY KEY, email text);")
            );
            let dir = tempfile::tempdir().unwrap();
            let state = AppState::for_tests(dir.path());
            let project = dir.path().join("project");
            // Its own .plumb: a project found above the temporary folder (a /tmp/.plumb) is not the test's.
            std::fs::create_dir_all(project.join(".plumb")).unwrap();
            let (from, to) = (a.source().load().await.unwrap(), b.source().load().await.unwrap());
            let plan = plumb_engine::plan::plan(&from, &to, &DiffOptions::default()).unwrap();
            let path = project.join("plan.json");
            std::fs::write(&path, plan.to_json()).unwrap();
            let mut form = crate::profiles::parse_url(a.url(), "dev").unwrap().form;
            form.name = name.clone();
            let id = state.profiles.save(form, None).await.unwrap().form.id.unwrap();
            let keys: Vec<String> = plan.findings.iter().filter(|f| f.blocks()).map(|f| f.rule.clone()).collect();
            let outcome = state
                .plans
                .run(
                    &state.profiles,
                    &[],
                    &path.display().to_string(),
                    &format!("@{id}"),
                    "bo",
                    &keys,
                    Some(a.name()),
                    &|_| {},
                )
                .await
                .unwrap();
            assert!(outcome.verified && outcome.backups.len() == 2, "{server:?}: {:?}", outcome.backups);
            let evidence = Path::new(&outcome.evidence);
            for script in ["rollback.sql", "restore.sql"] {
                a.exec(&std::fs::read_to_string(evidence.join(script)).unwrap()).await;
            }
            let text = if server == Server::Mysql { "CHAR" } else { "TEXT" };
            let row = format!("CONCAT(CAST(id AS {text}), '=', COALESCE(legacy, 'NULL'))");
            let row = if server == Server::Mysql { format!("CONVERT({row} USING utf8mb4)") } else { row };
            let rows = a.texts(&format!("SELECT {row} FROM users ORDER BY id")).await;
            assert_eq!(rows, ["1=kept", "2=NULL", "3=it's"], "{server:?}");
            let id =
                if server == Server::Mysql { "CONVERT(CAST(id AS CHAR) USING utf8mb4)" } else { "CAST(id AS TEXT)" };
            let ids = a.texts(&format!("SELECT {id} FROM old_stuff ORDER BY id")).await;
            assert_eq!(ids, ["1", "2"], "{server:?}");
        }
    }

    /// Runs `script` with the `sqlite3` client, stopping at the first error; its output.
    fn sqlite3(file: &Path, script: &str) -> String {
        use std::io::Write as _;
        let mut child = std::process::Command::new("sqlite3")
            .arg("-bail")
            .arg(file)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("the sqlite3 client runs");
        child.stdin.take().unwrap().write_all(script.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "sqlite3: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Every user table's rows, columns in name order, values quoted, rows sorted.
    fn sqlite_contents(file: &Path) -> Vec<String> {
        let tables = sqlite3(
            file,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'plumb_%' ORDER BY name;",
        );
        let mut out = Vec::new();
        for table in tables.lines() {
            let columns = sqlite3(file, &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY name;"));
            let row: Vec<String> = columns.lines().map(|c| format!("quote(\"{c}\")")).collect();
            let rows = sqlite3(file, &format!("SELECT {} FROM \"{table}\" ORDER BY 1;", row.join(" || '|' || ")));
            out.push(format!("{table}({}): {rows}", columns.lines().collect::<Vec<_>>().join(",")));
        }
        out
    }

    #[test]
    fn acknowledgements_name_rules_plumb_knows_or_are_refused() {
        let keys = ["drop-column@4".to_owned(), "drop-table".to_owned()];
        assert_eq!(acknowledgements(&keys).unwrap(), keys);
        let forged = [keys[0].clone(), "made-up@1".to_owned()];
        let err = acknowledgements(&forged).unwrap_err();
        assert!(matches!(err.code, ErrorCode::Invalid) && err.message.starts_with("made-up@1"), "{}", err.message);
    }
}
