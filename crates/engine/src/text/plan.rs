//! A plan as readable SQL, its facts and safety findings in comments.

use std::fmt::Write;

use super::findings;
use crate::dialect::comment_text;
use crate::plan::{Plan, Run, Step};

/// A plan as readable SQL with its facts in comments.
pub fn plan(plan: &Plan, with_rollback: bool) -> String {
    let mut out = String::new();
    if plan.is_empty() {
        out.push_str("-- nothing to do: the schemas are the same\n");
        return out;
    }
    let phases = plan.phases().len();
    let run = match (plan.transactional, plan.is_online()) {
        (true, false) => "in one transaction".to_owned(),
        (true, true) => format!("online, in one transaction ({} has no online DDL: a table rebuild holds the write lock while it copies the rows)", plan.flavor),
        (false, true) => format!("online, in {phases} phases: no statement stops reads or writes for longer than a moment"),
        (false, false) => "one statement at a time (DDL commits by itself)".to_owned(),
    };
    let _ = writeln!(out, "-- {} steps for {}, {run}", plan.steps.len(), plan.flavor);
    let _ = writeln!(out, "-- from {}\n-- to   {}", plan.from_fingerprint, plan.to_fingerprint);
    let losses = plan.data_losses();
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
                let _ = writeln!(out, "\n-- rollback: not available: {}", comment_text(reason));
            }
            None => {
                let _ = writeln!(out, "\n-- rollback: {} steps", plan.rollback.len());
                steps(&mut out, &plan.rollback);
            }
        }
    }
    out
}

/// How a step of an online plan runs, when not with the steps around it.
fn runs(run: &Run) -> Option<String> {
    Some(match run {
        Run::Transaction => return None,
        Run::NewTransaction => "in a transaction of its own (the steps before it are committed first)".into(),
        Run::Alone { cleanup: Some(_) } => {
            "alone, outside any transaction; a failed attempt's leftovers are removed and it is tried again".into()
        }
        Run::Alone { cleanup: None } => "alone, outside any transaction".into(),
        Run::Backfill(b) => {
            format!("in batches of {} ($1 to $2), each committed by itself, from the first row not yet copied", b.key)
        }
        Run::Verify { failure } => format!("a check: the run stops if it counts any {failure}"),
        Run::TableCopy(copy) => {
            format!("by pt-online-schema-change --alter \"{}\" on {}", copy.alter.replace('\n', " "), copy.table)
        }
    })
}

fn steps(out: &mut String, steps: &[Step]) {
    for (i, step) in steps.iter().enumerate() {
        let _ = writeln!(out, "\n-- {}. {}", i + 1, comment_text(&step.description));
        if let Some(loss) = &step.data_loss {
            let _ = writeln!(out, "-- DATA LOSS: {} (the way back cannot restore it)", comment_text(loss));
        }
        if let Some(impact) = step.impact.as_ref().and_then(findings::impact) {
            let _ = writeln!(out, "-- LOCKS: {impact}");
        }
        if let Some(how) = runs(&step.run) {
            let _ = writeln!(out, "-- RUNS: {}", comment_text(&how));
        }
        let _ = writeln!(out, "{};", step.sql.trim_end_matches(';'));
    }
}
