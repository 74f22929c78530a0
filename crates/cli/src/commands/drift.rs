//! `plumb drift [--json]`: the truth about the schema (the repository's, or one environment's
//! database, as `.plumb/project.toml` says) against every other side, with what to run.

use plumb_db::drift::{drift, Resolve, State, REPOSITORY};
use plumb_db::project::Project;
use plumb_db::Source;
use serde::Serialize;

use super::print;
use crate::cli::DriftArgs;
use crate::exit::Exit;

/// One side as the CLI reports it.
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

/// Sources as the CLI resolves them: profiles from its store and keychain, `--shadow`.
struct Cli;

impl Resolve for Cli {
    async fn one(&self, text: &str) -> Result<Source, String> {
        super::source::source(text).map_err(|e| format!("{e:#}"))
    }

    async fn pair(&self, side: &str, truth: &str) -> Result<(Source, Source), String> {
        super::source::pair(side, truth).map_err(|e| format!("{e:#}"))
    }
}

pub(crate) async fn run(args: DriftArgs) -> anyhow::Result<Exit> {
    let project = Project::discover(&std::env::current_dir()?)?;
    let report = drift(&project, &Cli).await?;
    let sides: Vec<Side> = report
        .sides
        .into_iter()
        .map(|side| {
            let behind = |extra: String| {
                if side.name == REPOSITORY {
                    // The repository is a side only where a database is the truth: it follows it.
                    let into = if side.text.ends_with(".prisma") { format!(" --prisma {}", side.text) } else { String::new() };
                    format!(
                        "the repository is behind the {} database: bring it after it with plumb pull {}{into}",
                        report.truth, report.truth_text
                    )
                } else {
                    format!(
                        "behind the {}{extra}: plumb plan {} {} --out plan.json, then review and apply it",
                        report.truth, side.text, report.truth_text
                    )
                }
            };
            let (differences, advice) = match side.state {
                State::InSync => (Some(0), "in sync".to_owned()),
                State::Behind { migrations, differences } => {
                    (Some(differences), behind(format!(" ({migrations} migration(s) not applied)")))
                }
                State::Drifted { differences } => (Some(differences), behind(String::new())),
                State::Between { contract, differences } => (
                    Some(differences),
                    format!(
                        "between expand and contract: the expand plan ran; apply {} once the new version of the application runs everywhere",
                        contract.display()
                    ),
                ),
                State::Unreadable { why } => (None, format!("cannot read it: {why}")),
            };
            Side { name: side.name, source: side.source, differences, advice }
        })
        .collect();

    // The code the project names, against the truth: a schema can agree with its migrations
    // while the application asks for columns it no longer has.
    let code = match project.code_folders() {
        Some(folders) => {
            let truth = super::source::source(&report.truth_text)?;
            let prisma = plumb_db::project::schema_prisma(&project.root);
            let here = std::env::current_dir()?;
            Some(plumb_db::scan::run(&folders, &truth, prisma.as_deref(), false).await?.relative_to(&here))
        }
        None => None,
    };
    let missing_in_code = code.as_ref().map_or(0, |c| c.missing.len());
    if args.json {
        let report = serde_json::json!({
            "truth": { "name": report.truth, "source": report.truth_source },
            "sides": sides,
            "code": code,
        });
        print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        let mut out = format!("truth: {} ({})\n", report.truth, report.truth_source);
        for side in &sides {
            let what = match side.differences {
                Some(0) => "in sync".to_owned(),
                Some(n) => format!("{n} difference(s): {}", side.advice),
                None => side.advice.clone(),
            };
            out.push_str(&format!("  {:<12} {what}\n", side.name));
        }
        if let Some(code) = &code {
            out.push_str(&format!("code against the {}:\n{}", report.truth, super::scan::text(code)));
        }
        print(&out)?;
    }
    Ok(if sides.iter().any(|s| s.differences.is_none()) {
        Exit::Error
    } else if missing_in_code > 0 || sides.iter().any(|s| s.differences != Some(0)) {
        Exit::Differences
    } else {
        Exit::Ok
    })
}
