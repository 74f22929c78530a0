//! The project the window works in: its policy judges plans and its evidence folder keeps runs.
//! It is the folder the user chose (kept across starts of the app), else the one found from the
//! folder of the plan last opened, as the CLI finds it from the current folder.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use plumb_db::project::Project;
use serde::Serialize;

use crate::error::{ErrorCode, IpcError};

/// The project plans are judged in, as the window names it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProjectInfo {
    /// Its folder.
    pub root: String,
    /// Whether the user chose it; otherwise it was found from the folder of the plan last opened.
    pub chosen: bool,
    /// Its policy file, when it has one (else the default policy applies).
    pub policy_file: Option<String>,
    /// Where its runs' evidence goes.
    pub evidence: String,
}

impl ProjectInfo {
    pub(crate) fn of(project: &Project, chosen: bool) -> Self {
        Self {
            root: project.root.display().to_string(),
            chosen,
            policy_file: project
                .has_policy_file
                .then(|| project.root.join(plumb_engine::policy::POLICY_PATH).display().to_string()),
            evidence: project.evidence_root().display().to_string(),
        }
    }
}

/// What a project's folder holds, and the project file Plumb would write for it (as `plumb init`).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProjectSetUp {
    /// The database, tools, schema, migrations and URL variables found.
    pub detection: plumb_db::detect::Detection,
    /// The `.plumb/project.toml` to write, unless nothing tells where the schema is.
    pub proposal: Option<plumb_db::detect::Proposal>,
}

/// The chosen project folder and the folder of the plan last worked on.
pub(crate) struct Projects {
    /// The folder of the plan last opened or applied: its project is where the window works when
    /// the user has not chosen one.
    plan_folder: Mutex<Option<PathBuf>>,
    /// The project folder the user chose, kept across starts of the app in `chosen_file`.
    chosen: Mutex<Option<PathBuf>>,
    chosen_file: PathBuf,
}

impl Projects {
    /// The projects, with the folder chosen in an earlier start read from `data_dir`.
    pub(crate) fn new(data_dir: &Path) -> Self {
        let chosen_file = data_dir.join("project-folder");
        let chosen = std::fs::read_to_string(&chosen_file)
            .ok()
            .map(|text| PathBuf::from(text.trim_end_matches('\n')))
            .filter(|p| p.is_dir());
        Self { plan_folder: Mutex::new(None), chosen: Mutex::new(chosen), chosen_file }
    }

    fn chosen(&self) -> Option<PathBuf> {
        self.chosen.lock().expect("the chosen project lock").clone()
    }

    /// Whether the user chose the project.
    pub(crate) fn is_chosen(&self) -> bool {
        self.chosen().is_some()
    }

    /// The project a plan at `plan` is judged in: the chosen one, else the one found from its
    /// folder. The plan's folder is remembered as the last one worked in.
    pub(crate) fn project_of(&self, plan: &Path) -> Result<Project, IpcError> {
        let dir = plan.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
        *self.plan_folder.lock().expect("the plan folder lock") = Some(dir.to_owned());
        match self.chosen() {
            Some(root) => Ok(Project::at(&root)?),
            None => Ok(Project::discover(dir)?),
        }
    }

    /// The project the window works in and whether the user chose it.
    pub(crate) fn current(&self) -> Result<Option<(Project, bool)>, IpcError> {
        if let Some(root) = self.chosen() {
            return Ok(Some((Project::at(&root)?, true)));
        }
        // A plan folder deleted since is no project: nothing is found from it, nothing made in it.
        let Some(folder) = self.plan_folder.lock().expect("the plan folder lock").clone().filter(|f| f.is_dir()) else {
            return Ok(None);
        };
        Ok(Some((Project::discover(&folder)?, false)))
    }

    /// The project the window works in, which must be known: an error says how to choose one.
    pub(crate) fn current_project(&self) -> Result<(Project, ProjectInfo), IpcError> {
        let (project, chosen) = self.current()?.ok_or_else(|| IpcError {
            code: ErrorCode::Invalid,
            message: "choose the project folder first: its .plumb/project.toml names the environments and the truth"
                .into(),
            details: None,
        })?;
        let info = ProjectInfo::of(&project, chosen);
        Ok((project, info))
    }

    /// What the project the window works in holds, and the project file Plumb proposes for it;
    /// nothing while there is no project, or once it has its file (the folder is then not read).
    pub(crate) fn set_up(&self) -> Result<Option<ProjectSetUp>, IpcError> {
        let Some((project, _)) = self.current()?.filter(|(project, _)| project.config.is_none()) else {
            return Ok(None);
        };
        let detection = plumb_db::detect::detect(&project.root)?;
        let proposal = plumb_db::detect::propose(&detection);
        Ok(Some(ProjectSetUp { detection, proposal }))
    }

    /// Writes the project file proposed for the project the window works in, provided it is the
    /// text shown (`shown`): proposed again from the folder now, never written over an existing file.
    pub(crate) fn init(&self, shown: &str) -> Result<ProjectInfo, IpcError> {
        let (project, info) = self.current_project()?;
        let proposal = plumb_db::detect::propose(&plumb_db::detect::detect(&project.root)?)
            .filter(|p| p.text == shown)
            .ok_or_else(|| IpcError {
                code: ErrorCode::Invalid,
                message: "the folder changed since the proposal was shown: look at it again, then write it".into(),
                details: None,
            })?;
        plumb_db::detect::write_project_file(&project.root, &proposal, false).map_err(|e| match e {
            plumb_db::Error::Io { path, source } if source.kind() == std::io::ErrorKind::AlreadyExists => IpcError {
                code: ErrorCode::Invalid,
                message: format!("{} exists already: edit it in the project", path.display()),
                details: None,
            },
            other => other.into(),
        })?;
        Ok(info)
    }

    /// The project the window works in now: the chosen one, else that of the plan last opened.
    pub(crate) fn project(&self) -> Result<Option<ProjectInfo>, IpcError> {
        Ok(self.current()?.map(|(project, chosen)| ProjectInfo::of(&project, chosen)))
    }

    /// Where a plan from `from` to `to` made today goes unless the user says otherwise: the
    /// project's plans folder, under a name no file has yet. `None` while there is no project.
    pub(crate) fn new_plan_path(&self, from: &str, to: &str) -> Result<Option<String>, IpcError> {
        let today = jiff::Zoned::now().date();
        Ok(self.current()?.map(|(project, _)| project.new_plan_path(from, to, today).display().to_string()))
    }

    /// Where a new plan about something in `dir` (a migrations folder) goes: the chosen project's
    /// plans folder, else that of the project `dir` is in.
    pub(crate) fn new_plan_path_near(&self, dir: &Path, from: &str, to: &str) -> Result<PathBuf, IpcError> {
        let project = match self.chosen() {
            Some(root) => Project::at(&root)?,
            None => Project::discover(dir)?,
        };
        Ok(project.new_plan_path(from, to, jiff::Zoned::now().date()))
    }

    /// Where a new plan typed as `path` is written: a relative path is in the project's folder,
    /// never in whatever folder the app was started from.
    pub(crate) fn new_plan_file(&self, path: &str) -> Result<PathBuf, IpcError> {
        let path = Path::new(path.trim());
        if path.is_absolute() {
            return Ok(path.to_owned());
        }
        match self.current()? {
            Some((project, _)) if !path.as_os_str().is_empty() => Ok(project.root.join(path)),
            _ => Err(IpcError {
                code: ErrorCode::Invalid,
                message: "say where to save the plan: a full path, or choose a project folder first".into(),
                details: None,
            }),
        }
    }

    /// Makes `folder` the project of every plan the window opens (and of History), or, with
    /// `None`, goes back to finding it from each plan's folder. A folder whose policy cannot be
    /// read is refused, and the choice kept as it was.
    pub(crate) fn choose(&self, folder: Option<&str>) -> Result<Option<ProjectInfo>, IpcError> {
        let folder = folder.map(str::trim).filter(|f| !f.is_empty());
        match folder {
            Some(folder) => {
                let project = Project::at(Path::new(folder))?;
                let text = project.root.display().to_string();
                if let Some(dir) = self.chosen_file.parent() {
                    std::fs::create_dir_all(dir)
                        .map_err(|source| plumb_db::Error::Io { path: dir.to_owned(), source })?;
                }
                std::fs::write(&self.chosen_file, format!("{text}\n"))
                    .map_err(|source| plumb_db::Error::Io { path: self.chosen_file.clone(), source })?;
                *self.chosen.lock().expect("the chosen project lock") = Some(project.root);
            }
            None => {
                match std::fs::remove_file(&self.chosen_file) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        return Err(plumb_db::Error::Io { path: self.chosen_file.clone(), source: e }.into())
                    }
                    _ => {}
                }
                *self.chosen.lock().expect("the chosen project lock") = None;
            }
        }
        self.project()
    }

    /// The folder of the project the window works in, if any.
    pub(crate) fn project_root(&self) -> Option<PathBuf> {
        self.current().ok().flatten().map(|(project, _)| project.root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_set_up_with_the_file_shown_and_never_over_one() {
        let dir = tempfile::tempdir().unwrap();
        let projects = Projects::new(dir.path());
        assert!(projects.set_up().unwrap().is_none(), "no project, nothing to set up");
        let root = dir.path().join("app");
        std::fs::create_dir_all(root.join("migrations")).unwrap();
        std::fs::write(root.join("migrations/0001_init.sql"), "CREATE TABLE t (id INTEGER PRIMARY KEY);\n").unwrap();
        std::fs::write(root.join(".env"), "DATABASE_URL=sqlite:dev.db\n").unwrap();
        projects.choose(Some(root.to_str().unwrap())).unwrap();

        let set_up = projects.set_up().unwrap().unwrap();
        assert_eq!(set_up.detection.migrations.as_deref(), Some("migrations"));
        let proposal = set_up.proposal.unwrap();
        assert!(
            proposal.text.contains("schema = \"migrations\"") && proposal.text.contains("dev = \"env:DATABASE_URL\"")
        );
        let edited = proposal.text.replace("dev =", "prod =");
        assert!(projects.init(&edited).unwrap_err().message.contains("changed since the proposal was shown"));
        assert!(!root.join(CONFIG).exists(), "nothing written for a text other than the proposal");
        projects.init(&proposal.text).unwrap();
        assert_eq!(std::fs::read_to_string(root.join(CONFIG)).unwrap(), proposal.text);
        assert!(projects.set_up().unwrap().is_none(), "a project with its file has nothing to set up");
        assert!(projects.init(&proposal.text).unwrap_err().message.contains("exists already"));
    }

    const CONFIG: &str = plumb_db::project::CONFIG_PATH;
}
