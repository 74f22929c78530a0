//! `plumb history [--json]`: the runs in this project's evidence folder.

use plumb_db::project::Project;

use super::print;
use crate::cli::HistoryArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: HistoryArgs) -> anyhow::Result<Exit> {
    if let Some(target) = &args.to {
        let source = super::source::source(target)?;
        let runs = plumb_db::apply::recorded_runs(&source).await?;
        if args.json {
            print(&format!("{}\n", serde_json::to_string_pretty(&runs)?))?;
            return Ok(Exit::Ok);
        }
        let mut out = if runs.is_empty() { format!("{source} has no recorded run\n") } else { String::new() };
        for r in &runs {
            let approvers = if r.approvers.is_empty() {
                "no approval needed".to_owned()
            } else {
                format!("approved by {}", r.approvers)
            };
            out.push_str(&format!(
                "{}  {:<10}  {}  {} steps ({}) by {}, {approvers}{}\n",
                r.started_at,
                r.status.as_str().to_uppercase(),
                r.run_id,
                r.steps,
                r.environment,
                r.applied_by,
                r.detail.as_deref().map(|d| format!("\n    {d}")).unwrap_or_default()
            ));
        }
        print(&out)?;
        return Ok(Exit::Ok);
    }
    let project = Project::discover(&std::env::current_dir()?)?;
    let runs = plumb_db::evidence::list(&project.evidence_root())?;
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&runs)?))?;
        return Ok(Exit::Ok);
    }
    if runs.is_empty() {
        print(&format!("no runs recorded in {}\n", project.evidence_root().display()))?;
        return Ok(Exit::Ok);
    }
    let mut out = String::new();
    for run in &runs {
        let r = &run.record;
        let approvers = if r.approvers.is_empty() {
            "no approval needed".to_owned()
        } else {
            format!("approved by {}", r.approvers)
        };
        out.push_str(&format!(
            "{}  {:<10}  {}  {} steps to {} ({}) by {}, {approvers}\n    {}\n",
            r.started_at,
            r.status.as_str().to_uppercase(),
            r.run_id,
            r.steps,
            run.target,
            r.environment,
            r.applied_by,
            run.folder.display()
        ));
    }
    print(&out)?;
    Ok(Exit::Ok)
}
