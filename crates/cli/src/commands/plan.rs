//! `plumb plan FROM TO [--out FILE] [--rollback]`.

use std::fmt::Write;
use std::time::Instant;

use anyhow::Context;
use plumb_db::live::live_facts;
use plumb_db::lock_capture::{capture_locks, CapturedStep};
use plumb_db::Source;
use plumb_engine::lint::live::LiveFacts;
use plumb_engine::plan::{plan_with_facts, probes, Plan, Step};

use crate::cli::PlanArgs;
use crate::exit::Exit;
use crate::output::findings;

pub(crate) async fn run(args: PlanArgs) -> anyhow::Result<Exit> {
    let from: Source = super::source::source(&args.from)?;
    let to: Source = super::source::source(&args.to)?;
    let options = super::diff::options(args.compare)?;
    let (current, desired) = tokio::try_join!(from.load(), to.load())?;
    let mut checked = String::new();
    let facts = if args.no_data_checks {
        LiveFacts::default()
    } else {
        let asked = probes(&current, &desired, &options)?;
        let started = Instant::now();
        let report = live_facts(&from, &asked).await?;
        if !report.facts.is_empty() || !report.skipped.is_empty() {
            let _ = writeln!(
                checked,
                "-- data checks on {from}: {} of {} counts taken in {} ms",
                asked.len() - report.skipped.len(),
                asked.len(),
                started.elapsed().as_millis()
            );
        }
        for (probe, why) in &report.skipped {
            let _ = writeln!(checked, "--   skipped a check on {}: {why}", probe.table);
        }
        report.facts
    };
    let plan = plan_with_facts(&current, &desired, &options, &facts)?;
    let mut text = format!("-- plan: {from} -> {to}\n{checked}{}", render(&plan, args.rollback));
    if args.capture_locks && !plan.is_empty() {
        text.push_str(&observed_locks(&capture_locks(&from, &plan).await?));
    }
    if let Some(path) = &args.out {
        std::fs::write(path, plan.to_json()).with_context(|| format!("cannot write the plan to {}", path.display()))?;
        let _ = writeln!(
            text,
            "-- written to {}: apply it with `plumb apply {} --to {from}`",
            path.display(),
            path.display()
        );
    }
    super::print(&text)?;
    Ok(Exit::Ok)
}

/// The locks each step took on the scratch copy, beside the predicted ones.
fn observed_locks(captured: &[CapturedStep]) -> String {
    let mut out =
        String::from("\n-- locks observed on a scratch copy of the schema (each step in its own transaction):\n");
    for step in captured {
        let took: Vec<String> =
            step.observed.iter().filter(|l| l.table).map(|l| format!("{} on {}", l.mode, l.relation)).collect();
        let _ = write!(
            out,
            "-- {}. predicted {}; took {}",
            step.step,
            step.predicted.as_deref().unwrap_or("no lock that blocks"),
            if took.is_empty() { "no table lock".to_owned() } else { took.join(", ") }
        );
        if !step.rewritten.is_empty() {
            let _ = write!(out, "; rewrote {}", step.rewritten.join(", "));
        }
        let _ = writeln!(out, "{}", if step.agrees { "" } else { "  <- DIFFERS from the prediction" });
    }
    let differ = captured.iter().filter(|s| !s.agrees).count();
    let _ = writeln!(out, "-- {differ} of {} steps differ from the predicted locks", captured.len());
    out
}

fn steps(out: &mut String, steps: &[Step]) {
    for (i, step) in steps.iter().enumerate() {
        let _ = writeln!(out, "\n-- {}. {}", i + 1, step.description);
        if let Some(loss) = &step.data_loss {
            let _ = writeln!(out, "-- DATA LOSS: {loss} (the way back cannot restore it)");
        }
        if let Some(impact) = step.impact.as_ref().and_then(findings::impact) {
            let _ = writeln!(out, "-- LOCKS: {impact}");
        }
        let _ = writeln!(out, "{};", step.sql.trim_end_matches(';'));
    }
}

/// A plan as readable SQL with its facts in comments.
pub(crate) fn render(plan: &Plan, with_rollback: bool) -> String {
    let mut out = String::new();
    if plan.is_empty() {
        out.push_str("-- nothing to do: the schemas are the same\n");
        return out;
    }
    let run = if plan.transactional { "in one transaction" } else { "one statement at a time (DDL commits by itself)" };
    let _ = writeln!(out, "-- {} steps for {}, {run}", plan.steps.len(), plan.flavor);
    let _ = writeln!(out, "-- from {}\n-- to   {}", plan.from_fingerprint, plan.to_fingerprint);
    let losses = plan.steps.iter().filter(|s| s.data_loss.is_some()).count();
    if losses > 0 {
        let _ = writeln!(out, "-- {losses} step(s) destroy data: read the DATA LOSS lines");
    }
    if !plan.findings.is_empty() {
        let _ = writeln!(out, "--\n-- safety: {}", findings::summary(&plan.findings));
        for f in &plan.findings {
            let at = match f.steps.as_slice() {
                [] => String::new(),
                [one] => format!(" (step {one})"),
                many => format!(" (steps {})", many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
            };
            findings::finding(&mut out, &format!("--{at} "), "--     ", f);
        }
        if !plan.unacknowledged(&[]).is_empty() {
            let _ = writeln!(out, "-- blocking findings must be acknowledged to apply: plumb apply … --allow RULE");
        }
    }
    steps(&mut out, &plan.steps);
    if with_rollback {
        match &plan.rollback_unavailable {
            Some(reason) => {
                let _ = writeln!(out, "\n-- rollback: not available: {reason}");
            }
            None => {
                let _ = writeln!(out, "\n-- rollback: {} steps", plan.rollback.len());
                steps(&mut out, &plan.rollback);
            }
        }
    }
    out
}
