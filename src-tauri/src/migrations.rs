//! The migrations view: one folder's migrations against several databases side by side (dev,
//! staging, prod), each read from the tool's own table; a new migration shown before it is
//! written (as `plumb migrate new`), and the pending ones of a database made into a plan file that
//! goes through Review & apply (as `plumb migrate deploy`).

use std::path::{Path, PathBuf};

use plumb_db::migrations::{deploy_plan, prepare, status, Folder, Layout, State};
use plumb_db::Source;
use plumb_engine::dialect::{Dialect, Flavor};
use plumb_engine::lint::Finding;
use plumb_engine::plan::Step;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, IpcError};
use crate::profiles::Profiles;
use crate::projects::Projects;

/// A database to read, as the sidebar names it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "MigrationsTarget"))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Target {
    /// The sidebar entry's id.
    pub id: String,
    /// Its source text (`@profile`, a path).
    pub source: String,
    /// Its dialect, where the window knows it before reading.
    #[serde(default)]
    pub dialect: Option<Dialect>,
}

/// Where every migration stands on one database.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "MigrationsColumn"))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Column {
    /// The sidebar entry's id.
    pub id: String,
    /// The tool's table read (`_prisma_migrations`); none when the database has none yet.
    pub table: Option<String>,
    /// One state per migration of the folder, in its order.
    pub states: Vec<State>,
    /// Migrations the database recorded that the folder does not have.
    pub unknown: Vec<String>,
    /// Why the database could not be read, instead of the above.
    pub error: Option<IpcError>,
    /// The database is of another dialect than the folder's: not read.
    pub other_dialect: bool,
}

impl Column {
    /// A database whose states were not read (it could not be, or it is of another dialect).
    fn unread(id: String) -> Self {
        Column { id, table: None, states: Vec::new(), unknown: Vec::new(), error: None, other_dialect: false }
    }
}

/// The folder and its migrations against each database.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "MigrationsMatrix"))]
#[serde(rename_all = "camelCase")]
pub(crate) struct Matrix {
    pub folder: String,
    pub layout: Layout,
    pub migrations: Vec<String>,
    /// The dialect the folder says it is for, if it says.
    pub dialect: Option<Dialect>,
    pub columns: Vec<Column>,
}

/// A new migration, before it is written: the files it writes and what it does.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct NewMigration {
    /// The files it writes, relative to the migrations folder, the forward one first.
    pub files: Vec<String>,
    pub flavor: Flavor,
    pub steps: Vec<Step>,
    pub findings: Vec<Finding>,
    /// The plan's hash: what is written must be what was shown.
    pub hash: String,
}

/// The migration that takes `folder` to `desired` (a schema.prisma, an SQL file, a database),
/// shown before anything is written; `None` when the folder already builds it.
pub(crate) async fn new_migration(
    profiles: &Profiles,
    folder: &str,
    name: &str,
    desired: &str,
) -> Result<Option<NewMigration>, IpcError> {
    let dir = Path::new(folder.trim());
    let desired = profiles.resolve(desired).await?;
    let Some(prepared) = prepare(dir, name, &desired, None).await? else { return Ok(None) };
    let files =
        prepared.files.iter().map(|(path, _)| path.strip_prefix(dir).unwrap_or(path).display().to_string()).collect();
    let plan = prepared.plan;
    Ok(Some(NewMigration { files, flavor: plan.flavor, steps: plan.steps, findings: plan.findings, hash: plan.hash }))
}

/// Writes the migration [`new_migration`] showed, provided it still does the same (`hash`).
pub(crate) async fn write_migration(
    profiles: &Profiles,
    folder: &str,
    name: &str,
    desired: &str,
    hash: &str,
) -> Result<Vec<String>, IpcError> {
    let desired = profiles.resolve(desired).await?;
    match prepare(Path::new(folder.trim()), name, &desired, None).await? {
        Some(prepared) if prepared.plan.hash == hash => {
            let created = prepared.write()?;
            Ok(created.files.iter().map(|p| p.display().to_string()).collect())
        }
        _ => Err(IpcError {
            code: ErrorCode::Invalid,
            message:
                "the folder or the schema changed since the migration was shown: nothing was written; look at it again"
                    .into(),
            details: None,
        }),
    }
}

/// The pending migrations of `folder` on `target` as a plan file in the project's plans folder
/// (the chosen project, else the folder's own), for Review & apply; `None` when nothing is pending.
pub(crate) async fn deploy(
    profiles: &Profiles,
    projects: &Projects,
    folder: &str,
    target: &str,
    target_name: &str,
) -> Result<Option<String>, IpcError> {
    let folder = Folder::read(Path::new(folder.trim()))?;
    let source = profiles.resolve(target).await?;
    let Some(plan) = deploy_plan(&folder, &source, None).await? else { return Ok(None) };
    let name = folder.path.file_name().map_or_else(|| "migrations".into(), |n| n.to_string_lossy().into_owned());
    let path = projects.new_plan_path_near(&folder.path, &format!("deploy {name}"), target_name)?;
    plumb_db::project::write_new_plan(&path, &plan)?;
    tracing::info!(path = %path.display(), steps = plan.steps.len(), "deploy plan saved");
    Ok(Some(path.display().to_string()))
}

/// The folder named, or else the first known migrations folder of `project`.
fn folder(named: Option<&str>, project: Option<&Path>) -> Result<Folder, IpcError> {
    match (named.map(str::trim).filter(|n| !n.is_empty()), project) {
        (Some(path), _) => Ok(Folder::read(Path::new(path))?),
        (None, Some(root)) => Ok(Folder::find(root)?),
        (None, None) => Err(IpcError {
            code: ErrorCode::Invalid,
            message: "choose a migrations folder (or open a plan of the project first)".into(),
            details: None,
        }),
    }
}

/// Reads every target at once; one that cannot be read gets its error, the others their states.
pub(crate) async fn matrix(
    profiles: &Profiles,
    named: Option<&str>,
    project: Option<PathBuf>,
    targets: Vec<Target>,
) -> Result<Matrix, IpcError> {
    let folder = folder(named, project.as_deref())?;
    let dialect = folder.dialect();
    let mut reads = tokio::task::JoinSet::new();
    let mut other_dialect = Vec::new();
    for (index, target) in targets.into_iter().enumerate() {
        // A SQLite database has no business in a PostgreSQL folder's grid: it is not read, and
        // says why instead of showing every migration as pending.
        if let (Some(folder_dialect), Some(target_dialect)) = (dialect, target.dialect) {
            if folder_dialect != target_dialect {
                other_dialect.push((index, Column { other_dialect: true, ..Column::unread(target.id) }));
                continue;
            }
        }
        let source: Result<Source, IpcError> = profiles.resolve(&target.source).await;
        let folder = folder.clone();
        reads.spawn(async move {
            let read = match source {
                Ok(source) => status(&folder, &source).await.map_err(IpcError::from),
                Err(e) => Err(e),
            };
            (index, column(&folder, target.id, read))
        });
    }
    let mut columns: Vec<(usize, Column)> = reads.join_all().await;
    columns.extend(other_dialect);
    columns.sort_by_key(|(index, _)| *index);
    Ok(Matrix {
        folder: folder.path.display().to_string(),
        layout: folder.layout,
        migrations: folder.migrations.iter().map(|m| m.name.clone()).collect(),
        dialect,
        columns: columns.into_iter().map(|(_, c)| c).collect(),
    })
}

fn column(folder: &Folder, id: String, read: Result<plumb_db::migrations::Status, IpcError>) -> Column {
    match read {
        Ok(found) => {
            let state_of =
                |name: &str| found.entries.iter().find(|e| e.name == name).map_or(State::Pending, |e| e.state);
            Column {
                id,
                table: found.table.clone(),
                states: folder.migrations.iter().map(|m| state_of(&m.name)).collect(),
                unknown: found
                    .entries
                    .iter()
                    .filter(|e| e.state == State::MissingLocally)
                    .map(|e| e.name.clone())
                    .collect(),
                error: None,
                other_dialect: false,
            }
        }
        Err(error) => Column { error: Some(error), ..Column::unread(id) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plumb_db::profile::{Keychain, ProfileStore};

    #[tokio::test]
    async fn a_migration_from_a_schema_prisma_is_shown_written_then_deployed_through_a_plan_file() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("app");
        std::fs::create_dir_all(project.join(".plumb")).unwrap();
        let prisma = project.join("prisma");
        std::fs::create_dir_all(&prisma).unwrap();
        let schema = prisma.join("schema.prisma");
        std::fs::write(
            &schema,
            "datasource db {\n  provider = \"sqlite\"\n  url = \"file:dev.db\"\n}\nmodel Note {\n  id   Int    @id\n  body String\n}\n",
        )
        .unwrap();
        let migrations = prisma.join("migrations");
        let (folder, desired) = (migrations.to_str().unwrap(), schema.to_str().unwrap());
        let profiles = Profiles::new(ProfileStore::new(dir.path().join("config")), Keychain::memory_only("test"));

        let shown = new_migration(&profiles, folder, "init", desired).await.unwrap().unwrap();
        assert!(shown.steps.iter().any(|s| s.sql.contains("CREATE TABLE \"Note\"")), "{:?}", shown.steps);
        assert!(shown.files[0].ends_with("_init/migration.sql") && !migrations.exists(), "nothing written yet");
        let err = write_migration(&profiles, folder, "init", desired, "sha256:other").await.unwrap_err();
        assert!(err.message.contains("nothing was written") && !migrations.exists(), "{}", err.message);
        let written = write_migration(&profiles, folder, "init", desired, &shown.hash).await.unwrap();
        assert!(written.iter().all(|f| Path::new(f).is_file()) && migrations.join("migration_lock.toml").is_file());
        assert!(
            new_migration(&profiles, folder, "again", desired).await.unwrap().is_none(),
            "the folder builds it now"
        );

        let dev = dir.path().join("dev.db");
        std::fs::write(&dev, "").unwrap();
        let projects = Projects::new(dir.path());
        let path = deploy(&profiles, &projects, folder, dev.to_str().unwrap(), "dev.db").await.unwrap().unwrap();
        assert!(path.starts_with(project.join(".plumb/plans").to_str().unwrap()), "{path}");
        let plan = plumb_engine::plan::Plan::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert!(plan.steps.iter().any(|s| s.sql.contains("_prisma_migrations")), "the deploy records the migration");
    }

    #[tokio::test]
    async fn each_database_gets_its_states_or_its_error() {
        let dir = tempfile::tempdir().unwrap();
        let migrations = dir.path().join("migrations");
        for name in ["20240101000000_a", "20240102000000_b"] {
            std::fs::create_dir_all(migrations.join(name)).unwrap();
            std::fs::write(migrations.join(name).join("migration.sql"), "SELECT 1;").unwrap();
        }
        let empty = dir.path().join("empty.db");
        std::fs::write(&empty, "").unwrap();
        let profiles = Profiles::new(ProfileStore::new(dir.path().join("config")), Keychain::memory_only("test"));
        let targets = vec![
            Target { id: "dev".into(), source: empty.display().to_string(), dialect: None },
            Target { id: "gone".into(), source: dir.path().join("missing.db").display().to_string(), dialect: None },
        ];
        let found = matrix(&profiles, migrations.to_str(), None, targets).await.unwrap();
        assert_eq!(found.migrations, ["20240101000000_a", "20240102000000_b"]);
        assert_eq!(found.columns[0].states, [State::Pending, State::Pending]);
        assert!(found.columns[0].error.is_none() && found.columns[0].table.is_none());
        assert!(found.columns[1].error.as_ref().is_some_and(|e| e.message.contains("missing.db")));
        let none = matrix(&profiles, None, None, Vec::new()).await.unwrap_err();
        assert!(none.message.contains("choose a migrations folder"), "{}", none.message);
    }
}
