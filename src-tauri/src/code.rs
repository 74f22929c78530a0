//! The application's code and seed data, from the window: `plumb scan` of the project's code
//! folders (or a folder chosen) against a database of the sidebar, and `plumb seed` of a
//! development profile ([`plumb_db::scan`], [`plumb_db::seed`], the CLI's code and rules).

use std::path::PathBuf;

use plumb_db::scan::Report;
use plumb_db::seed::{Idempotency, Seed, Seeded};

use crate::error::{ErrorCode, IpcError};
use crate::profiles::Profiles;
use crate::projects::Projects;

/// Scans `folder`, or the code folders of the project the window works in, against `source`.
/// Files are named from the project's folder.
pub(crate) async fn scan(
    profiles: &Profiles,
    projects: &Projects,
    source: &str,
    folder: Option<&str>,
) -> Result<Report, IpcError> {
    let project = projects.current()?.map(|(p, _)| p);
    let folders = match (folder.map(str::trim).filter(|f| !f.is_empty()), &project) {
        (Some(folder), _) => vec![PathBuf::from(folder)],
        (None, Some(project)) => project.code_folders().ok_or_else(|| IpcError {
            code: ErrorCode::Invalid,
            message: format!(
                "{} names no code folders: choose a folder, or add code = [\"src\"] to it",
                project.root.join(plumb_db::project::CONFIG_PATH).display()
            ),
            details: None,
        })?,
        (None, None) => {
            return Err(IpcError {
                code: ErrorCode::Invalid,
                message: "choose a folder of the application's code (or the project folder, whose .plumb/project.toml lists them)".into(),
                details: None,
            })
        }
    };
    let prisma = project.as_ref().and_then(|p| plumb_db::project::schema_prisma(&p.root));
    let target = profiles.resolve(source).await?;
    let report = plumb_db::scan::run(&folders, &target, prisma.as_deref(), false).await?;
    Ok(match &project {
        Some(project) => report.relative_to(&project.root),
        None => report,
    })
}

/// The seed `path` names: a `.sql` file or a folder of them.
fn seed_at(path: &str) -> Result<Seed, IpcError> {
    Ok(Seed::files(&PathBuf::from(path.trim()))?)
}

/// Runs the seed at `path` twice on a scratch copy of `source`'s schema; `source` is only read.
pub(crate) async fn check(profiles: &Profiles, source: &str, path: &str) -> Result<Idempotency, IpcError> {
    let seed = seed_at(path)?;
    let named = profiles.resolve_named(source).await?;
    let production = plumb_engine::policy::is_production(&plumb_db::seed::environment(&named, None));
    Ok(plumb_db::seed::check(&seed, &named.source, None, production).await?)
}

/// Seeds `source` (a profile) with the seed at `path`, under the policy of the project the window
/// works in; refused on production and wherever the policy says `seed = false`, and on a
/// read-only profile.
pub(crate) async fn seed(
    profiles: &Profiles,
    projects: &Projects,
    demos: &[crate::state::SourceEntry],
    source: &str,
    path: &str,
) -> Result<Seeded, IpcError> {
    let seed = seed_at(path)?;
    let (project, _) = projects.current_project()?;
    let named = profiles.resolve_named(source).await?;
    // The demo databases carry their environment (demo-prod is production), as for an apply.
    let given = demos.iter().find(|d| d.source == source).map(|d| d.environment.as_str());
    let environment = plumb_db::seed::environment(&named, given);
    let policy = project.policy.for_environment(&environment);
    plumb_db::seed::refuse(&named.source, &policy)?;
    if let Some(profile) = named.profile.clone() {
        profiles.blocking(move |store, _| store.may_write(&profile)).await?;
    }
    let seeded = plumb_db::seed::run(&seed, &named.source, &policy, &project.evidence_root()).await?;
    tracing::info!(target = %seeded.target, tables = seeded.tables.len(), "seeded");
    Ok(seeded)
}

#[cfg(test)]
mod tests {
    use crate::state::AppState;

    #[tokio::test]
    async fn the_window_never_seeds_production_and_scans_only_what_it_is_told_to() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let project = dir.path().join("project");
        std::fs::create_dir_all(project.join("src")).unwrap();
        state.plans.projects.choose(Some(project.to_str().unwrap())).unwrap();
        let demos = state.demo_list().await.unwrap();
        let prod = demos.iter().find(|d| d.environment == "prod").unwrap();
        let file = prod.source.trim_start_matches("sqlite:").to_owned();
        let before = std::fs::read(&file).unwrap();
        let seed = dir.path().join("seed.sql");
        std::fs::write(&seed, "INSERT INTO users (email, name) VALUES ('x@example.com', 'x');\n").unwrap();

        let refused = super::seed(&state.profiles, &state.plans.projects, &demos, &prod.source, seed.to_str().unwrap())
            .await
            .unwrap_err();
        assert_eq!(refused.code, crate::error::ErrorCode::Blocked, "{}", refused.message);
        assert!(refused.message.contains("production is never seeded"), "{}", refused.message);
        assert_eq!(std::fs::read(&file).unwrap(), before, "byte-identical");

        // No code folders named and none chosen: said so, nothing guessed.
        let error = super::scan(&state.profiles, &state.plans.projects, &prod.source, None).await.unwrap_err();
        assert!(error.message.contains("names no code folders"), "{}", error.message);
        std::fs::write(project.join("src/q.py"), "cursor.execute(\"SELECT nickname FROM users\")\n").unwrap();
        let folder = project.join("src");
        let report = super::scan(&state.profiles, &state.plans.projects, &prod.source, Some(folder.to_str().unwrap()))
            .await
            .unwrap();
        let found: Vec<(&str, &str)> = report.missing.iter().map(|f| (f.file.as_str(), f.name.as_str())).collect();
        assert_eq!(found, [("src/q.py", "users.nickname")], "named from the project's folder");
    }
}
