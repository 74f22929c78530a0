//! `plumb audit SOURCE [--json] [--markdown FILE] [--fix [ID…] --out PLAN] [--exposed-schema S]
//! [--prisma FILE]`, `plumb audit --checks`.

use std::fmt::Write as _;

use anyhow::Context;
use plumb_db::audit::{run as run_audit, Reported, Scope};
use plumb_engine::audit::{catalog_markdown, Finding, Severity};

use super::{print, write_if_changed};
use crate::cli::AuditArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: AuditArgs) -> anyhow::Result<Exit> {
    let Some(text) = &args.source else {
        print(&catalog_markdown())?;
        return Ok(Exit::Ok);
    };
    let source = super::source::source(text)?;
    let scope = Scope::of_project(&std::env::current_dir()?, &args.exposed_schema, args.prisma.as_deref())?;
    let audited = run_audit(&source, &scope).await?;
    let report = audited.report(&source);
    let mut out = if args.json {
        format!("{}\n", serde_json::to_string_pretty(&report.findings)?)
    } else {
        text_report(&report.findings, &report.source, report.live)
    };
    if let Some(path) = &args.markdown {
        let verb = if write_if_changed(path, &markdown_report(&report.findings, &report.source))? {
            "wrote"
        } else {
            "unchanged"
        };
        if !args.json {
            let _ = writeln!(out, "{verb} {}", path.display());
        }
    }
    if let (Some(ids), Some(path)) = (&args.fix, &args.out) {
        let picked = audited.chosen(ids).map_err(|e| anyhow::anyhow!("--fix {e}"))?;
        let (planned, by_hand): (Vec<&Finding>, Vec<&Finding>) =
            picked.iter().filter(|f| f.fix.is_some()).partition(|f| f.fix.as_ref().is_some_and(|fix| fix.plannable()));
        let mut note = String::new();
        for f in &by_hand {
            let _ = writeln!(note, "not in the plan, to run by hand: {} {}", f.id, f.object);
        }
        match audited.fix_plan(&source, &picked).await? {
            None => {
                let _ = writeln!(note, "no fix to plan: {} is not written", path.display());
            }
            Some(plan) => {
                std::fs::write(path, plan.to_json())
                    .with_context(|| format!("cannot write the plan to {}", path.display()))?;
                let _ = writeln!(
                    note,
                    "wrote {} ({} fix(es), {} statement(s)): review it, then plumb apply {} --to {source}",
                    path.display(),
                    planned.len(),
                    plan.steps.len(),
                    path.display()
                );
            }
        }
        if !args.json {
            out.push_str(&note);
        }
    }
    print(&out)?;
    Ok(if audited.findings.iter().any(|f| f.severity >= Severity::Warning) { Exit::Differences } else { Exit::Ok })
}

fn text_report(reported: &[Reported], source: &str, live: bool) -> String {
    let mut out = String::new();
    let mut last_check = "";
    for r in reported {
        let f = &r.finding;
        // Why a check matters is said once, above its findings.
        if f.id != last_check {
            let _ = writeln!(out, "{} {} ({}): {}", f.id, f.check, f.severity, f.why);
            last_check = f.id;
        }
        let _ = writeln!(out, "  - {}", f.message);
        if let Some(sql) = &r.fix_sql {
            for line in sql.lines() {
                let _ = writeln!(out, "      {line}");
            }
        }
    }
    let count = |s: Severity| reported.iter().filter(|r| r.finding.severity == s).count();
    let _ = writeln!(
        out,
        "{source}: {} finding(s): {} error, {} warning, {} info{}",
        reported.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
        if live { "" } else { " (from the schema alone: a live database tells more)" }
    );
    out
}

fn markdown_report(reported: &[Reported], source: &str) -> String {
    let mut out = format!("# Audit of {source}\n\n| Id | Severity | Object | Finding |\n| --- | --- | --- | --- |\n");
    for r in reported {
        let f = &r.finding;
        let _ = writeln!(out, "| {} | {} | `{}` | {} |", f.id, f.severity, f.object, f.message.replace('|', "\\|"));
    }
    for r in reported {
        let f = &r.finding;
        let _ = write!(out, "\n## {} {}\n\n{}\n\n**Why it matters.** {}\n", f.id, f.object, f.message, f.why);
        if let Some(sql) = &r.fix_sql {
            let _ = write!(out, "\n```sql\n{sql}\n```\n");
        }
    }
    out
}
