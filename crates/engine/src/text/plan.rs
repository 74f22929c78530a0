//! A plan as readable SQL, its facts and safety findings in comments.

use std::fmt::Write;

use super::findings;
use crate::dialect::comment_text;
use crate::plan::{Plan, Step};

/// A plan as readable SQL with its facts in comments.
pub fn plan(plan: &Plan, with_rollback: bool) -> String {
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

fn steps(out: &mut String, steps: &[Step]) {
    for (i, step) in steps.iter().enumerate() {
        let _ = writeln!(out, "\n-- {}. {}", i + 1, comment_text(&step.description));
        if let Some(loss) = &step.data_loss {
            let _ = writeln!(out, "-- DATA LOSS: {} (the way back cannot restore it)", comment_text(loss));
        }
        if let Some(impact) = step.impact.as_ref().and_then(findings::impact) {
            let _ = writeln!(out, "-- LOCKS: {impact}");
        }
        let _ = writeln!(out, "{};", step.sql.trim_end_matches(';'));
    }
}
