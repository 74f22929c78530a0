//! The app's state and the glue logic the commands call. Tested without a window.

use std::path::{Path, PathBuf};

use plumb_db::demo::ensure_demo_databases;
use plumb_db::introspect::Progress;
use plumb_db::profile::{Keychain, ProfileStore};
use plumb_db::Source;
use plumb_engine::dialect::Dialect;
use plumb_engine::model::Database;
use serde::Serialize;
use tauri::Manager;

use crate::compare::Comparisons;
use crate::error::IpcError;
use crate::plans::Plans;
use crate::profiles::Profiles;

/// State shared by every command.
pub(crate) struct AppState {
    data_dir: PathBuf,
    /// Pairs of schemas the diff viewer has read.
    pub comparisons: Comparisons,
    /// Saved connections (shared with the CLI) and their passwords.
    pub profiles: Profiles,
    /// Plan files under review and their runs.
    pub plans: Plans,
    /// Readings the window can stop.
    pub work: crate::work::Work,
}

/// One completed introspection step, as the UI receives it over a channel.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct IntrospectProgress {
    /// The catalog query that finished (`columns`).
    pub step: &'static str,
    /// Steps done so far.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
}

/// A database the sidebar lists.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct SourceEntry {
    /// Stable id for the UI (`demo-prod`).
    pub id: String,
    /// The name shown.
    pub name: String,
    /// `dev`, `staging`, `prod` or a custom name: decides the colour band.
    pub environment: String,
    /// The source text to pass to `schema_introspect`.
    pub source: String,
    /// Whether the environment is production as the policy reads it: decided here, once, for
    /// every screen that shows it.
    pub production: bool,
    /// Its dialect, as the window's source pickers group them.
    pub dialect: Dialect,
}

impl AppState {
    /// Sets up logging into the app's log folder and finds the data folder.
    pub(crate) fn init(app: &tauri::AppHandle) -> Result<Self, Box<dyn std::error::Error>> {
        let log_dir = app.path().app_log_dir()?;
        std::fs::create_dir_all(&log_dir)?;
        let log_file = tracing_appender::rolling::never(&log_dir, "plumb.log");
        let filter = tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(log_file).with_ansi(false).init();
        let data_dir = app.path().app_data_dir()?;
        // The CLI's profile folder, so that both see the same profiles.
        let config_dir = match plumb_db::profile::default_dir() {
            Ok(dir) => dir,
            Err(_) => app.path().app_config_dir()?,
        };
        tracing::info!(data_dir = %data_dir.display(), config_dir = %config_dir.display(), log_dir = %log_dir.display(), "Plumb started");
        Ok(Self::new(data_dir, config_dir, Keychain::from_environment()))
    }

    pub(crate) fn new(data_dir: PathBuf, config_dir: PathBuf, keychain: Keychain) -> Self {
        Self {
            plans: Plans::new(&data_dir),
            data_dir,
            comparisons: Comparisons::default(),
            profiles: Profiles::new(ProfileStore::new(config_dir), keychain),
            work: crate::work::Work::default(),
        }
    }

    /// A state in `dir` with passwords in memory only.
    #[cfg(test)]
    pub(crate) fn for_tests(dir: &Path) -> Self {
        Self::new(dir.to_owned(), dir.join("config"), Keychain::memory_only("tests"))
    }

    fn demo_dir(&self) -> PathBuf {
        self.data_dir.join("demo")
    }

    /// The demo databases, created on first use.
    pub(crate) async fn demo_list(&self) -> plumb_db::Result<Vec<SourceEntry>> {
        let demos = ensure_demo_databases(&self.demo_dir()).await?;
        Ok(demos
            .into_iter()
            .map(|demo| SourceEntry {
                id: demo.name.to_owned(),
                name: demo.name.to_owned(),
                environment: demo.environment.to_owned(),
                source: sqlite_source(&demo.path),
                production: plumb_engine::policy::is_production(demo.environment),
                dialect: Dialect::Sqlite,
            })
            .collect())
    }

    /// Reads the schema of a source, reporting each step to `progress`.
    pub(crate) async fn introspect(
        &self,
        source: &str,
        progress: &(dyn Fn(IntrospectProgress) + Send + Sync),
    ) -> Result<Database, IpcError> {
        let source: Source = self.profiles.resolve(source).await?;
        let forward = |p: Progress| progress(IntrospectProgress { step: p.step, done: p.done, total: p.total });
        Ok(source.introspect_with(&forward).await?.database)
    }
}

fn sqlite_source(path: &Path) -> String {
    format!("sqlite:{}", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn lists_demos_and_introspects_them() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::for_tests(dir.path());
        let demos = state.demo_list().await.unwrap();
        assert_eq!(demos.iter().map(|d| d.environment.as_str()).collect::<Vec<_>>(), ["prod", "dev"]);
        let steps = std::sync::Mutex::new(Vec::new());
        let prod = state.introspect(&demos[0].source, &|p| steps.lock().unwrap().push(p.done)).await.unwrap();
        assert_eq!(steps.into_inner().unwrap(), [1, 2, 3, 4, 5, 6], "every step reaches the UI");
        let dev = state.introspect(&demos[1].source, &|_| {}).await.unwrap();
        let tasks = prod.schema("main").and_then(|s| s.table("tasks")).expect("demo-prod has tasks");
        assert!(tasks.column("title").is_some());
        assert!(dev.schema("main").and_then(|s| s.table("labels")).is_some(), "dev is ahead by a table");
        assert!(prod.schema("main").and_then(|s| s.table("labels")).is_none());
    }
}
