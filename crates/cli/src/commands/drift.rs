//! `plumb drift [--json]`: the truth about the schema (the repository's, or one environment's
//! database, as `.plumb/project.toml` says) against every other side, with what to run.

use anyhow::Context as _;
use plumb_db::project::{Project, Truth};
use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::model::Database;
use plumb_engine::plan::Plan;
use serde::Serialize;
use std::path::{Path, PathBuf};

use super::print;
use crate::cli::DriftArgs;
use crate::exit::Exit;

/// One side compared with the truth.
#[derive(Debug, Serialize)]
struct Side {
    /// The environment's name, or `repository`.
    name: String,
    /// Where it was read from (no password).
    source: String,
    /// Differences with the truth; `None` when it could not be read.
    differences: Option<usize>,
    /// What to run, or why it could not be read.
    advice: String,
}

const REPOSITORY: &str = "repository";

pub(crate) async fn run(args: DriftArgs) -> anyhow::Result<Exit> {
    let project = Project::discover(&std::env::current_dir()?)?;
    let config = project
        .config
        .as_ref()
        .context("no .plumb/project.toml in this project: write one to say where the truth is (plumb drift --help)")?;
    let in_root = |path: &str| project.root.join(path).display().to_string();
    // (name, source text) of the truth, and of every side compared with it.
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
    // A repository truth (SQL or schema.prisma) replays where the first environment says (its
    // profile's shadow database, or its server) unless --shadow says where.
    let placed = others.iter().find_map(|(_, text)| {
        super::source::pair(&truth.1, text).ok().map(|(placed, _)| placed).filter(replays_on_a_server)
    });
    let truth_source = match placed {
        Some(placed) => placed,
        None => super::source::source(&truth.1)?,
    };
    // A schema.prisma truth is built beside each side, with that side's extensions; any other
    // truth is read once.
    let reference = match truth_source {
        Source::Prisma { .. } => None,
        _ => Some(truth_source.load().await.with_context(|| format!("reading the truth ({})", truth.0))?),
    };

    let contracts = contract_plans(&project.root);
    let mut sides = Vec::new();
    for (name, text) in others {
        let resolved = if name == REPOSITORY {
            super::source::pair(&text, &truth.1).map(|(repository, _)| repository)
        } else {
            super::source::source(&text)
        };
        let side = match resolved {
            Ok(source) => {
                match compared(&source, &truth_source, reference.as_ref()).await.and_then(|(current, reference)| {
                    let options = plumb_db::pair::options_for(DiffOptions::default(), &source, &truth_source);
                    let changes = diff(&current, &reference, &options)?;
                    Ok((current, changes))
                }) {
                    Ok((current, changes)) if !changes.is_empty() && between(&current, &contracts).is_some() => {
                        let file = between(&current, &contracts).expect("checked by the guard");
                        let advice = format!(
                        "between expand and contract: the expand plan ran; apply {} once the new version of the application runs everywhere",
                        file.display()
                    );
                        Side { name, source: source.to_string(), differences: Some(changes.changes.len()), advice }
                    }
                    Ok((_, changes)) if changes.is_empty() => {
                        Side { name, source: source.to_string(), differences: Some(0), advice: "in sync".into() }
                    }
                    Ok((_, changes)) => {
                        let advice = if name == REPOSITORY {
                            format!(
                                "the repository is behind {}: write a migration for it (plumb diff {text} {} --sql)",
                                truth.0, truth.1
                            )
                        } else {
                            format!(
                                "behind the {}: plumb plan {text} {} --out plan.json, then review and apply it",
                                truth.0, truth.1
                            )
                        };
                        Side { name, source: source.to_string(), differences: Some(changes.changes.len()), advice }
                    }
                    Err(e) => Side {
                        name,
                        source: source.to_string(),
                        differences: None,
                        advice: format!("cannot read it: {e}"),
                    },
                }
            }
            Err(e) => Side { name, source: text, differences: None, advice: format!("cannot read it: {e}") },
        };
        sides.push(side);
    }

    if args.json {
        let report =
            serde_json::json!({ "truth": { "name": truth.0, "source": truth_source.to_string() }, "sides": sides });
        print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        let mut out = format!("truth: {} ({truth_source})\n", truth.0);
        for side in &sides {
            let what = match side.differences {
                Some(0) => "in sync".to_owned(),
                Some(n) => format!("{n} difference(s): {}", side.advice),
                None => side.advice.clone(),
            };
            out.push_str(&format!("  {:<12} {what}\n", side.name));
        }
        print(&out)?;
    }
    Ok(if sides.iter().any(|s| s.differences.is_none()) {
        Exit::Error
    } else if sides.iter().any(|s| s.differences != Some(0)) {
        Exit::Differences
    } else {
        Exit::Ok
    })
}

/// The contract plans of split changes (`plumb plan --split`) kept in the project: its root and
/// `.plumb/plans`. Files that do not read as plans are not contract plans.
fn contract_plans(root: &Path) -> Vec<(PathBuf, Plan)> {
    [root.to_owned(), root.join(".plumb").join("plans")]
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(Result::ok)
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
    contracts
        .iter()
        .find(|(_, plan)| {
            plan.flavor.dialect() == current.flavor.dialect()
                && diff(current, &plan.from_schema, &DiffOptions::default()).is_ok_and(|d| d.is_empty())
        })
        .map(|(path, _)| path.as_path())
}

fn replays_on_a_server(source: &Source) -> bool {
    matches!(source, Source::Sql { shadow: Some(_), .. } | Source::Prisma { shadow: Some(_), .. })
}

/// A side and the truth, read to be compared. A schema.prisma, on either side, is built beside the
/// other (with its extensions) and takes from it what Prisma does not manage; any other side is
/// compared with the truth read once.
async fn compared(side: &Source, truth: &Source, reference: Option<&Database>) -> anyhow::Result<(Database, Database)> {
    match reference {
        Some(reference) if !matches!(side, Source::Prisma { .. }) => Ok((side.load().await?, reference.clone())),
        _ => super::source::load_pair(side, truth).await,
    }
}
