//! The Audit view: `plumb audit` on a database of the sidebar ([`plumb_db::audit`], the CLI's
//! code), in the scope of the project the window works in, and the plan of the chosen fixes saved
//! for Review & apply.

use plumb_db::audit::{run, Report, Scope};

use crate::error::IpcError;
use crate::profiles::Profiles;
use crate::projects::Projects;

/// What the audit looks at beyond the schema: the project's exposed schemas (Supabase) and the
/// relations its schema.prisma declares without the database enforcing them.
fn scope(projects: &Projects) -> Result<Scope, IpcError> {
    Ok(match projects.current()? {
        Some((project, _)) => Scope::of_project(&project.root, &[], None)?,
        None => Scope::default(),
    })
}

/// Audits the database `source` names (a path, a URL, `@profile`).
pub(crate) async fn audit(profiles: &Profiles, projects: &Projects, source: &str) -> Result<Report, IpcError> {
    let target = profiles.resolve(source).await?;
    Ok(run(&target, &scope(projects)?).await?.report(&target))
}

/// Plans the fixes of the checks `checks` (all when empty) on the database `source` names, read
/// again now, and saves the plan as a new file at `path`; `None` when no chosen fix is a schema
/// change.
pub(crate) async fn create_plan(
    profiles: &Profiles,
    projects: &Projects,
    source: &str,
    checks: &[String],
    path: &str,
) -> Result<Option<String>, IpcError> {
    let path = projects.new_plan_file(path)?;
    let target = profiles.resolve(source).await?;
    let audited = run(&target, &scope(projects)?).await?;
    let Some(plan) = audited.fix_plan(&target, &audited.chosen(checks)?).await? else { return Ok(None) };
    plumb_db::project::write_new_plan(&path, &plan)?;
    tracing::info!(path = %path.display(), steps = plan.steps.len(), "plan of audit fixes saved");
    Ok(Some(path.display().to_string()))
}

#[cfg(test)]
mod tests {
    use crate::state::AppState;

    #[tokio::test]
    async fn the_audit_of_a_demo_database_plans_its_fixes_for_review_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let project = dir.path().join("project");
        std::fs::create_dir_all(&project).unwrap();
        state.plans.projects.choose(Some(project.to_str().unwrap())).unwrap();
        let demos = state.demo_list().await.unwrap();
        let prod = &demos[0].source;
        let before = std::fs::read(prod.trim_start_matches("sqlite:")).unwrap();

        let report = super::audit(&state.profiles, &state.plans.projects, prod).await.unwrap();
        let unindexed: Vec<_> = report.findings.iter().filter(|r| r.finding.id == "DB-002").collect();
        assert_eq!(unindexed.len(), 4, "{:#?}", report.findings);
        assert!(unindexed.iter().all(|r| r.fix_sql.as_deref().is_some_and(|s| s.starts_with("CREATE INDEX"))));

        let path =
            super::create_plan(&state.profiles, &state.plans.projects, prod, &["DB-002".into()], "plans/fix.plan.json")
                .await
                .unwrap()
                .unwrap();
        assert_eq!(path, project.join("plans/fix.plan.json").display().to_string());
        let review = state.plans.open(&state.profiles, &path).await.unwrap();
        assert_eq!(review.plan.steps.len(), 4);
        let again = super::create_plan(&state.profiles, &state.plans.projects, prod, &[], "plans/fix.plan.json").await;
        assert!(again.is_err(), "a plan file is never written over");
        assert_eq!(std::fs::read(prod.trim_start_matches("sqlite:")).unwrap(), before, "auditing writes nothing");
    }
}
