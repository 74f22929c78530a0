//! Safety findings for people: what happens, why it is dangerous, what to do instead.

use std::fmt::Write;

use crate::dialect::comment_text;
use crate::lint::locks::{Blocks, Impact, Work};
use crate::lint::{Finding, Severity};

/// Counts by severity: `2 block, 1 warn (1 ignored)`.
pub fn summary(findings: &[Finding]) -> String {
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s && f.ignored.is_none()).count();
    let ignored = findings.iter().filter(|f| f.ignored.is_some()).count();
    let mut text =
        format!("{} block, {} warn, {} info", count(Severity::Block), count(Severity::Warn), count(Severity::Info));
    if ignored > 0 {
        let _ = write!(text, " ({ignored} ignored)");
    }
    text
}

/// One finding: a head line after `prefix`, then why and what instead, indented by `indent`.
pub fn finding(out: &mut String, prefix: &str, indent: &str, f: &Finding) {
    match &f.ignored {
        Some(reason) => {
            let _ =
                writeln!(out, "{prefix}ignored {}: {} ({})", f.rule, comment_text(&f.message), comment_text(reason));
        }
        None => {
            let _ = writeln!(out, "{prefix}{} {}: {}", f.severity, f.rule, comment_text(&f.message));
            let _ = writeln!(out, "{indent}why: {}", f.why);
            let _ = writeln!(out, "{indent}instead: {}", f.instead);
        }
    }
}

/// A step's impact in words, when it is more than a catalog change nobody waits for.
pub fn impact(impact: &Impact) -> Option<String> {
    let blocks = match impact.blocks {
        Blocks::Nothing => None,
        Blocks::Writes => Some("writes wait"),
        Blocks::ReadsAndWrites => Some("reads and writes wait"),
    };
    let work = match impact.work {
        Work::Metadata => None,
        Work::Scan => Some("scans every row"),
        Work::IndexBuild => Some("builds an index"),
        Work::Rewrite => Some("rewrites the table"),
    };
    if blocks.is_none() && work.is_none() {
        return None;
    }
    let parts: Vec<String> = [
        impact.lock.clone(),
        impact.algorithm.map(|a| format!("ALGORITHM={}", format!("{a:?}").to_uppercase())),
        blocks.map(str::to_owned),
        work.map(str::to_owned),
    ]
    .into_iter()
    .flatten()
    .collect();
    Some(parts.join(", "))
}
