//! Drift (`plumb drift`, and the window's board of environments): the truth about the schema —
//! the repository's, or one environment's database, as `.plumb/project.toml` says — against every
//! other side: in sync, behind by migrations, drifted, between the expand and the contract of a
//! split change, or unreadable. The words and commands to show are each front end's own.

use std::future::Future;
use std::path::{Path, PathBuf};

use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::model::Database;
use plumb_engine::plan::Plan;
use serde::Serialize;

use crate::migrations::{status, Folder};
use crate::project::{Project, Truth};
use crate::{Error, Result, Source};

/// The name of the repository's side.
pub const REPOSITORY: &str = "repository";

/// How a front end turns the project's source texts (`@profile`, URLs, paths) into sources: the
/// CLI and the window keep passwords and shadow databases each in their own way.
pub trait Resolve: Sync {
    /// One source.
    fn one(&self, text: &str) -> impl Future<Output = std::result::Result<Source, String>> + Send;
    /// A side and the truth it is compared with, a side that replays placed beside the other.
    fn pair(
        &self,
        side: &str,
        truth: &str,
    ) -> impl Future<Output = std::result::Result<(Source, Source), String>> + Send;
}

/// Where one side stands against the truth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "DriftState"))]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum State {
    /// No difference.
    InSync,
    /// Migrations of the repository's folder are not applied to it yet (counted from its
    /// migration table).
    Behind {
        /// Migrations not applied.
        migrations: usize,
        /// Schema differences with the truth.
        differences: usize,
    },
    /// It differs from the truth and no pending migration explains it.
    Drifted {
        /// Schema differences with the truth.
        differences: usize,
    },
    /// The expand plan of a split change ran on it; its contract plan (`file`) has not yet.
    Between {
        /// The contract plan's file.
        contract: PathBuf,
        /// Schema differences with the truth.
        differences: usize,
    },
    /// It could not be read.
    Unreadable {
        /// Why.
        why: String,
    },
}

/// One side compared with the truth.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// The environment's name, or [`REPOSITORY`].
    pub name: String,
    /// The project's text for it (`@prod`, `dev.db`), to compare it again.
    pub text: String,
    /// Where it was read from (no password).
    pub source: String,
    /// Where it stands.
    pub state: State,
}

/// The truth and every side.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The truth's name (an environment, or [`REPOSITORY`]).
    pub truth: String,
    /// The project's text for the truth, resolved in the project's folder.
    pub truth_text: String,
    /// Where the truth was read from (no password).
    pub truth_source: String,
    /// Every other side, in the configuration's order.
    pub sides: Vec<Side>,
}

/// Compares every side of `project` with its truth. Without a `.plumb/project.toml` there is no
/// truth: an error saying what to write.
pub async fn drift(project: &Project, resolve: &impl Resolve) -> Result<Report> {
    let config = project.config.as_ref().ok_or_else(|| Error::Unsupported {
        what: format!("drift without {}", project.root.join(crate::project::CONFIG_PATH).display()),
        hint: "write it to say where the truth is: truth = \"repo\" with schema = \"prisma/migrations\", or truth = \"database\" with database = \"prod\", and [environments]".into(),
    })?;
    let in_root = |path: &str| project.root.join(path).display().to_string();
    // A path in the configuration is the project's, wherever Plumb runs from.
    let located = |text: &str| {
        let plain = !text.starts_with('@') && !text.contains(':') && Path::new(text).is_relative();
        if plain {
            in_root(text)
        } else {
            text.to_owned()
        }
    };
    let (truth, others): ((String, String), Vec<(String, String)>) = match config.truth {
        Truth::Repo => {
            let schema = config.schema.as_deref().map(in_root).expect("checked when read");
            let envs = config.environments.iter().map(|(n, s)| (n.clone(), s.clone())).collect();
            ((REPOSITORY.to_owned(), schema), envs)
        }
        Truth::Database => {
            let name = config.database.clone().expect("checked when read");
            let truth = (name.clone(), config.environments[&name].clone());
            let mut others: Vec<(String, String)> =
                config.environments.iter().filter(|(n, _)| **n != name).map(|(n, s)| (n.clone(), s.clone())).collect();
            if let Some(schema) = &config.schema {
                others.push((REPOSITORY.to_owned(), in_root(schema)));
            }
            (truth, others)
        }
    };
    let unreadable =
        |what: &str, why: String| Error::Unsupported { what: format!("reading the truth ({what})"), hint: why };
    // A repository truth (SQL or schema.prisma) replays where the first environment says (its
    // profile's shadow database, or its server).
    let mut placed = None;
    for (_, text) in &others {
        if let Ok((source, _)) = resolve.pair(&located(&truth.1), &located(text)).await {
            if replays_on_a_server(&source) {
                placed = Some(source);
                break;
            }
        }
    }
    let truth_source = match placed {
        Some(placed) => placed,
        None => resolve.one(&located(&truth.1)).await.map_err(|why| unreadable(&truth.0, why))?,
    };
    // A schema.prisma truth is built beside each side, with that side's extensions; any other
    // truth is read once.
    let reference = match truth_source {
        Source::Prisma { .. } => None,
        _ => Some(truth_source.load().await?),
    };
    // Migrations not applied to a side are counted where the truth is a migrations folder.
    let folder = (config.truth == Truth::Repo).then(|| Folder::read(Path::new(&truth.1)).ok()).flatten();
    let contracts = contract_plans(&project.root);

    let mut sides = Vec::new();
    for (name, text) in others {
        let resolved = if name == REPOSITORY {
            resolve.pair(&text, &located(&truth.1)).await.map(|(repository, _)| repository)
        } else {
            resolve.one(&located(&text)).await
        };
        let source = match resolved {
            Ok(source) => source,
            Err(why) => {
                sides.push(Side { name, source: text.clone(), text, state: State::Unreadable { why } });
                continue;
            }
        };
        let state = match side_state(&source, &truth_source, reference.as_ref(), &contracts).await {
            Ok(State::Drifted { differences }) => match &folder {
                Some(folder) => match status(folder, &source).await {
                    Ok(found) if found.table.is_some() && found.pending() > 0 => {
                        State::Behind { migrations: found.pending(), differences }
                    }
                    _ => State::Drifted { differences },
                },
                None => State::Drifted { differences },
            },
            Ok(state) => state,
            Err(e) => State::Unreadable { why: e.to_string() },
        };
        sides.push(Side { name, text, source: source.to_string(), state });
    }
    Ok(Report { truth: truth.0, truth_text: truth.1, truth_source: truth_source.to_string(), sides })
}

/// A side against the truth: in sync, between expand and contract, or how many differences.
async fn side_state(
    side: &Source,
    truth: &Source,
    reference: Option<&Database>,
    contracts: &[(PathBuf, Plan)],
) -> Result<State> {
    let (current, reference) = match reference {
        Some(reference) if !matches!(side, Source::Prisma { .. }) => (side.load().await?, reference.clone()),
        // A schema.prisma, on either side, is built beside the other (with its extensions).
        _ => crate::pair::read(side, truth, &|_| {}, &|_| {}).await?,
    };
    let options = crate::pair::options_for(DiffOptions::default(), side, truth);
    let differences = diff(&current, &reference, &options)
        .map_err(|e| Error::Unsupported {
            what: format!("comparing {side} with the truth: {e}"),
            hint: "compare the two sources to see what Plumb cannot follow".into(),
        })?
        .changes
        .len();
    Ok(match between(&current, contracts) {
        _ if differences == 0 => State::InSync,
        Some(contract) => State::Between { contract: contract.to_owned(), differences },
        None => State::Drifted { differences },
    })
}

/// The contract plans of split changes (`plumb plan --split`) kept in the project: its root and
/// `.plumb/plans`. Files that do not read as plans are not contract plans.
fn contract_plans(root: &Path) -> Vec<(PathBuf, Plan)> {
    [root.to_owned(), root.join(crate::project::PLANS_DIR)]
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(std::result::Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(".contract.json"))
        .filter_map(|path| {
            let plan = Plan::from_json(&std::fs::read_to_string(&path).ok()?).ok()?;
            Some((path, plan))
        })
        .collect()
}

/// The contract plan whose start `current` is (no difference with it): a database between its
/// expand and its contract.
fn between<'a>(current: &Database, contracts: &'a [(PathBuf, Plan)]) -> Option<&'a Path> {
    let fingerprint = current.fingerprint();
    contracts
        .iter()
        .find(|(_, plan)| plan.flavor.dialect() == current.flavor.dialect() && plan.from_fingerprint == fingerprint)
        .map(|(path, _)| path.as_path())
}

fn replays_on_a_server(source: &Source) -> bool {
    matches!(source, Source::Sql { shadow: Some(_), .. } | Source::Prisma { shadow: Some(_), .. })
}
