//! The project a command runs in: the folder holding `.plumb/` (found upwards from where Plumb
//! starts, as git finds `.git`), its policy, its evidence folder, its configuration (where the
//! truth about the schema is, and its environments), and the approvals written beside a plan file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use plumb_engine::approval::Approval;
use plumb_engine::plan::Plan;
use plumb_engine::policy::{Policy, POLICY_PATH};

use crate::{Error, Result};

/// Where the project's configuration lives, relative to its root.
pub const CONFIG_PATH: &str = ".plumb/project.toml";

/// Where plans made in the app are saved, relative to the project's root.
pub const PLANS_DIR: &str = ".plumb/plans";

/// Which side holds the truth about the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// The repository: its schema (a migrations folder, a `.sql` file) is what databases must have.
    Repo,
    /// A database (one of the environments): the repository follows it.
    Database,
}

/// `.plumb/project.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectConfig {
    /// Which side is the truth.
    pub truth: Truth,
    /// The schema in the repository, relative to the project root (a migrations folder or a
    /// `.sql` file).
    pub schema: Option<String>,
    /// In `database` mode, the environment whose database is the truth.
    pub database: Option<String>,
    /// Environment name → source (`@profile`, a URL, a path).
    #[serde(default)]
    pub environments: BTreeMap<String, String>,
    /// Folders of the application's code, relative to the project root: `plumb drift` scans them
    /// against the truth (`plumb scan`), and so does `plumb scan` without paths.
    #[serde(default)]
    pub code: Vec<String>,
}

impl ProjectConfig {
    /// Where a database is the truth: that environment's name and its source as written.
    pub fn truth_database(&self) -> Option<(&str, &str)> {
        let name = self.database.as_deref().filter(|_| self.truth == Truth::Database)?;
        // The configuration is checked when read: its truth is one of its environments.
        Some((name, self.environments.get(name).map_or(name, String::as_str)))
    }

    /// Reads the configuration's text; `path` names it in errors.
    pub fn from_toml(text: &str, path: &str) -> Result<Self> {
        let invalid = |reason: String| Error::Definition { object: format!("project configuration {path}"), reason };
        let config: ProjectConfig = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        match (config.truth, &config.schema, &config.database) {
            (Truth::Repo, None, _) => Err(invalid(
                "truth = \"repo\" needs schema = \"prisma/migrations\" (or another folder or .sql file)".into(),
            )),
            (Truth::Database, _, None) => Err(invalid("truth = \"database\" needs database = \"ENVIRONMENT\"".into())),
            (Truth::Database, _, Some(env)) if !config.environments.contains_key(env) => {
                Err(invalid(format!("database = {env:?} is not one of [environments]")))
            }
            _ => Ok(config),
        }
    }
}

/// A project: its root, its policy (defaults when it has no policy file) and its configuration.
#[derive(Debug, Clone)]
pub struct Project {
    /// The folder holding `.plumb/`, or the starting folder when none does.
    pub root: PathBuf,
    /// The policy, from `.plumb/policy.toml` or the defaults.
    pub policy: Policy,
    /// Whether the policy came from a file.
    pub has_policy_file: bool,
    /// `.plumb/project.toml`, when there is one.
    pub config: Option<ProjectConfig>,
}

impl Project {
    /// The project containing `start`.
    pub fn discover(start: &Path) -> Result<Self> {
        Self::load(start.ancestors().find(|dir| dir.join(".plumb").is_dir()).unwrap_or(start))
    }

    /// The project whose root is `root`, chosen by the user: no folder above it is looked at, so a
    /// stray `.plumb` in a parent folder cannot capture its runs.
    pub fn at(root: &Path) -> Result<Self> {
        if !root.is_dir() {
            return Err(Error::Io {
                path: root.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder"),
            });
        }
        Self::load(root)
    }

    fn load(root: &Path) -> Result<Self> {
        let root = root.to_owned();
        let read = |path: &Path| match std::fs::read_to_string(path) {
            Ok(text) => Ok(Some(text)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { path: path.to_owned(), source }),
        };
        let policy_path = root.join(POLICY_PATH);
        let policy =
            read(&policy_path)?.map(|t| Policy::from_toml(&t, &policy_path.display().to_string())).transpose()?;
        let config_path = root.join(CONFIG_PATH);
        let config = read(&config_path)?
            .map(|t| ProjectConfig::from_toml(&t, &config_path.display().to_string()))
            .transpose()?;
        Ok(Self { has_policy_file: policy.is_some(), policy: policy.unwrap_or_default(), config, root })
    }

    /// The folders of application code `.plumb/project.toml` lists (`code = [...]`), when it
    /// lists some.
    pub fn code_folders(&self) -> Option<Vec<PathBuf>> {
        let folders = &self.config.as_ref()?.code;
        (!folders.is_empty()).then(|| folders.iter().map(|f| self.root.join(f)).collect())
    }

    /// Where run folders go.
    pub fn evidence_root(&self) -> PathBuf {
        self.root.join(self.policy.evidence_dir())
    }

    /// A path no file has yet for a plan from `from` to `to` made on `day`, in the project's plans
    /// folder: `.plumb/plans/2026-12-07-demo-prod-to-demo-dev.plan.json`, then `…-2.plan.json`.
    pub fn new_plan_path(&self, from: &str, to: &str, day: jiff::civil::Date) -> PathBuf {
        let dir = self.root.join(PLANS_DIR);
        let name = format!(
            "{}-{}-to-{}",
            day.strftime("%Y-%m-%d"),
            crate::file_name::slug(from, '-'),
            crate::file_name::slug(to, '-')
        );
        (1..)
            .map(|n| dir.join(if n == 1 { format!("{name}.plan.json") } else { format!("{name}-{n}.plan.json") }))
            .find(|path| !path.exists())
            .expect("some numbered name is free")
    }
}

/// Writes a new plan file, creating its folder. A file already there is never written over: a plan
/// may have approvals beside it that would then sign another plan's name.
pub fn write_new_plan(path: &Path, plan: &Plan) -> Result<()> {
    let io = |source: std::io::Error| Error::Io { path: path.to_owned(), source };
    if path.extension().is_none_or(|e| e != "json") {
        return Err(io(std::io::Error::new(std::io::ErrorKind::InvalidInput, "a plan file's name ends in .json")));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Io { path: dir.to_owned(), source })?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            io(std::io::Error::new(e.kind(), "a file of this name exists already; choose another name"))
        } else {
            io(e)
        }
    })?;
    std::io::Write::write_all(&mut file, plan.to_json().as_bytes()).map_err(io)
}

/// The user's name as Plumb signs and applies with it unless told otherwise (`PLUMB_APPROVER`,
/// else the OS user name).
pub fn user_name() -> Option<String> {
    ["PLUMB_APPROVER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
}

/// The project's `schema.prisma`, where Prisma looks for it: `prisma/schema.prisma`, else
/// `schema.prisma` in `root`.
pub fn schema_prisma(root: &Path) -> Option<PathBuf> {
    ["prisma/schema.prisma", "schema.prisma"].iter().map(|p| root.join(p)).find(|p| p.is_file())
}

/// The name of the person applying: the one they gave, else [`user_name`], else `unnamed user`.
pub fn applier_name(given: Option<&str>) -> String {
    given
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .or_else(user_name)
        .unwrap_or_else(|| "unnamed user".into())
}

/// Where `name`'s approval of `plan` is written: `plan.json` → `plan.approval.ana.json`.
pub fn approval_path(plan: &Path, name: &str) -> PathBuf {
    let safe: String =
        name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    plan.with_file_name(format!("{}.approval.{safe}.json", stem(plan)))
}

fn stem(plan: &Path) -> String {
    plan.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "plan".into())
}

/// Every approval file beside `plan`, sorted by file name. One that cannot be read is an error
/// naming it: a broken approval must not pass silently for a missing one.
pub fn approvals_beside(plan: &Path) -> Result<Vec<Approval>> {
    let dir = match plan.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    let prefix = format!("{}.approval.", stem(plan));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|source| Error::Io { path: dir.clone(), source })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".json"))
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.clone(), source })?;
            Approval::from_json(&text).map_err(|e| Error::Definition {
                object: format!("approval file {}", path.display()),
                reason: format!("{e}; delete it or ask its author to approve again"),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approvals_are_written_beside_the_plan_under_a_safe_name() {
        let path = approval_path(Path::new("/work/plans/add-index.json"), "Ana María/ops");
        assert_eq!(path, Path::new("/work/plans/add-index.approval.Ana_María_ops.json"));
    }

    #[test]
    fn the_project_is_the_nearest_folder_with_dot_plumb() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        let alone = Project::discover(&nested).unwrap();
        assert_eq!((alone.root.as_path(), alone.has_policy_file), (nested.as_path(), false));
        std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
        std::fs::write(dir.path().join(".plumb/policy.toml"), "evidence_dir = \"audit/runs\"\n").unwrap();
        let found = Project::discover(&nested).unwrap();
        assert_eq!(found.root, dir.path());
        assert_eq!(found.evidence_root(), dir.path().join("audit/runs"));
        std::fs::write(dir.path().join(".plumb/policy.toml"), "evidence = 1\n").unwrap();
        let err = Project::discover(&nested).unwrap_err().to_string();
        assert!(err.contains("policy.toml cannot be used") && err.contains("unknown field `evidence`"), "{err}");
    }

    #[test]
    fn a_chosen_project_ignores_the_folders_above_it() {
        let dir = tempfile::tempdir().unwrap();
        let chosen = dir.path().join("app");
        std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
        std::fs::create_dir_all(&chosen).unwrap();
        std::fs::write(dir.path().join(".plumb/policy.toml"), "evidence_dir = \"stray\"\n").unwrap();
        assert_eq!(Project::discover(&chosen).unwrap().root, dir.path(), "found by walking up");
        let project = Project::at(&chosen).unwrap();
        assert_eq!((project.root.as_path(), project.has_policy_file), (chosen.as_path(), false));
        let err = Project::at(&chosen.join("missing")).unwrap_err().to_string();
        assert!(err.contains("missing") && err.contains("no such folder"), "{err}");
    }

    #[test]
    fn a_new_plan_gets_a_dated_name_no_file_has_and_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let project = Project::at(dir.path()).unwrap();
        let day = jiff::civil::date(2026, 12, 7);
        let first = project.new_plan_path("demo-prod", "postgres://app@db/shop", day);
        assert_eq!(first, dir.path().join(".plumb/plans/2026-12-07-demo-prod-to-postgres-app-db-shop.plan.json"));
        let empty = plumb_engine::model::Database::new(plumb_engine::dialect::Flavor::Sqlite, None);
        let plan = plumb_engine::plan::plan(&empty, &empty, &Default::default()).unwrap();
        write_new_plan(&first, &plan).unwrap();
        assert!(Plan::from_json(&std::fs::read_to_string(&first).unwrap()).is_ok());
        let second = project.new_plan_path("demo-prod", "postgres://app@db/shop", day);
        assert_eq!(second.file_name().unwrap(), "2026-12-07-demo-prod-to-postgres-app-db-shop-2.plan.json");
        let err = write_new_plan(&first, &plan).unwrap_err().to_string();
        assert!(err.contains("exists already"), "{err}");
        let err = write_new_plan(&dir.path().join("plan.txt"), &plan).unwrap_err().to_string();
        assert!(err.contains("ends in .json"), "{err}");
    }

    #[test]
    fn the_configuration_says_where_the_truth_is() {
        let read = |text: &str| ProjectConfig::from_toml(text, "project.toml");
        let repo = read("truth = \"repo\"\nschema = \"prisma/migrations\"\n[environments]\ndev = \"@dev\"\n").unwrap();
        assert_eq!((repo.truth, repo.environments.len()), (Truth::Repo, 1));
        assert!(read("truth = \"repo\"\n").unwrap_err().to_string().contains("needs schema"));
        assert!(read("truth = \"database\"\ndatabase = \"prod\"\n")
            .unwrap_err()
            .to_string()
            .contains("not one of [environments]"));
        assert!(read("truth = \"code\"\n").unwrap_err().to_string().contains("unknown variant `code`"));
    }
}
