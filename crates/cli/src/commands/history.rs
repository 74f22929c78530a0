//! `plumb history [RUN [FILE]] [--to TARGET] [--json]`: the runs in this project's evidence
//! folder, or those a database recorded in its own `plumb_history`; one run's evidence files, or
//! one of its reports.

use plumb_db::apply::RunRecord;
use plumb_db::project::Project;

use super::print;
use crate::cli::HistoryArgs;
use crate::exit::Exit;

/// One run in a line, and under it what else is known (`where` the evidence is, the failure).
fn line(r: &RunRecord, target: Option<&str>, below: Option<&str>) -> String {
    let approvers =
        if r.approvers.is_empty() { "no approval needed".to_owned() } else { format!("approved by {}", r.approvers) };
    let to = target.map(|t| format!(" to {t}")).unwrap_or_default();
    let below = below.map(|b| format!("\n    {b}")).unwrap_or_default();
    format!(
        "{}  {:<10}  {}  {} steps{to} ({}) by {}, {approvers}{below}\n",
        r.started_at,
        r.status.as_str().to_uppercase(),
        r.run_id,
        r.steps,
        r.environment,
        r.applied_by
    )
}

/// The files of one run's evidence, or one of its reports: only listed runs', only reports by
/// plain name, as the window reads them.
fn evidence(run: &str, file: Option<&str>, json: bool) -> anyhow::Result<Exit> {
    let root = Project::discover(&std::env::current_dir()?)?.evidence_root();
    let listed = plumb_db::evidence::list(&root)?;
    let Some(summary) = listed.iter().find(|r| r.record.run_id == run) else {
        anyhow::bail!("no run {run} in {} (plumb history lists them)", root.display());
    };
    if let Some(file) = file {
        print(&plumb_db::evidence::read(&root, &summary.folder, file)?)?;
        return Ok(Exit::Ok);
    }
    let files = plumb_db::evidence::files(&root, &summary.folder)?;
    let text = if json {
        format!("{}\n", serde_json::to_string_pretty(&files)?)
    } else {
        let mut text = format!("{}\n", summary.folder.display());
        for f in &files {
            let how = if f.readable { "" } else { "  (open it from the folder)" };
            text.push_str(&format!("  {}{how}\n", f.name));
        }
        text
    };
    print(&text)?;
    Ok(Exit::Ok)
}

pub(crate) async fn run(args: HistoryArgs) -> anyhow::Result<Exit> {
    if let Some(run) = &args.run {
        return evidence(run, args.file.as_deref(), args.json);
    }
    let (json, text) = match &args.to {
        Some(target) => {
            let source = super::source::source(target)?;
            let runs = plumb_db::apply::recorded_runs(&source).await?;
            let text = match runs.is_empty() {
                true => format!("{source} has no recorded run\n"),
                false => runs.iter().map(|r| line(r, None, r.detail.as_deref())).collect(),
            };
            (serde_json::to_string_pretty(&runs)?, text)
        }
        None => {
            let project = Project::discover(&std::env::current_dir()?)?;
            let runs = plumb_db::evidence::list(&project.evidence_root())?;
            let text = match runs.is_empty() {
                true => format!("no runs recorded in {}\n", project.evidence_root().display()),
                false => runs
                    .iter()
                    .map(|run| {
                        let mut below = run.folder.display().to_string();
                        if run.record.status == plumb_db::apply::RunStatus::Running {
                            // run.json is written at the start and rewritten at the end.
                            below.push_str(
                                "
    no end recorded: still running, or its process died (03-execution-log.md says how far it got)",
                            );
                        }
                        line(&run.record, Some(&run.target), Some(&below))
                    })
                    .collect(),
            };
            (serde_json::to_string_pretty(&runs)?, text)
        }
    };
    print(&if args.json { format!("{json}\n") } else { text })?;
    Ok(Exit::Ok)
}
