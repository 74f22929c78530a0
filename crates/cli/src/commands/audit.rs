//! `plumb audit SOURCE [--json] [--markdown FILE] [--fix [ID…] --out PLAN] [--exposed-schema S]`,
//! `plumb audit --checks`.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use plumb_db::live::live_facts;
use plumb_engine::audit::{apply_fixes, audit, catalog_markdown, Finding, Severity};
use plumb_engine::model::Database;
use plumb_engine::plan::{plan_with, probes, Online};
use serde::Serialize;

use super::{print, write_if_changed};
use crate::cli::AuditArgs;
use crate::exit::Exit;

/// A finding with the SQL of its fix, as the report shows it.
#[derive(Serialize)]
struct Reported<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    /// The fix's SQL, for the dialect (a plan's statements for a schema change).
    fix_sql: Option<String>,
}

pub(crate) async fn run(args: AuditArgs) -> anyhow::Result<Exit> {
    let Some(text) = &args.source else {
        print(&catalog_markdown())?;
        return Ok(Exit::Ok);
    };
    let source = super::source::source(text)?;
    let database = source.load().await?;
    let mut exposed = args.exposed_schema.clone();
    if exposed.is_empty() && Path::new("supabase/config.toml").is_file() {
        // Supabase serves the public schema to every client with its anon key.
        exposed.push("public".into());
    }
    let relations = emulated_relations(&args)?;
    let facts = plumb_db::audit::facts(&source, &database, &exposed, &relations).await?;
    let findings = audit(&database, &facts);
    // A PostgreSQL index is built without blocking writes; elsewhere as the planner writes it.
    let online = database.flavor.has_schemas().then(|| plumb_db::apply::pt_osc::online_for(&source));
    let reported: Vec<Reported> = findings
        .iter()
        .map(|finding| Reported {
            finding,
            fix_sql: finding.fix.as_ref().and_then(|fix| fix.sql(&database, online.as_ref()).ok()),
        })
        .collect();

    let mut out = if args.json {
        format!("{}\n", serde_json::to_string_pretty(&reported)?)
    } else {
        text_report(&reported, &source.to_string(), facts.live)
    };
    if let Some(path) = &args.markdown {
        let verb = if write_if_changed(path, &markdown_report(&reported, &source.to_string()))? {
            "wrote"
        } else {
            "unchanged"
        };
        if !args.json {
            let _ = writeln!(out, "{verb} {}", path.display());
        }
    }
    if let (Some(chosen), Some(path)) = (&args.fix, &args.out) {
        let note = write_fix_plan(&source, &database, &findings, chosen, online.as_ref(), path).await?;
        if !args.json {
            out.push_str(&note);
        }
    }
    print(&out)?;
    Ok(if findings.iter().any(|f| f.severity >= Severity::Warning) { Exit::Differences } else { Exit::Ok })
}

/// The relations the project's schema.prisma declares and its database does not enforce.
fn emulated_relations(args: &AuditArgs) -> anyhow::Result<Vec<plumb_db::audit::Relation>> {
    let path = match &args.prisma {
        Some(path) => path.clone(),
        None if Path::new("prisma/schema.prisma").is_file() => "prisma/schema.prisma".into(),
        None => return Ok(Vec::new()),
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let parsed = plumb_engine::prisma::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    plumb_engine::prisma::emulated_relations(&parsed).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn text_report(reported: &[Reported], source: &str, live: bool) -> String {
    let mut out = String::new();
    let mut last_check = "";
    for r in reported {
        let f = r.finding;
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
        let f = r.finding;
        let _ = writeln!(out, "| {} | {} | `{}` | {} |", f.id, f.severity, f.object, f.message.replace('|', "\\|"));
    }
    for r in reported {
        let f = r.finding;
        let _ = write!(out, "\n## {} {}\n\n{}\n\n**Why it matters.** {}\n", f.id, f.object, f.message, f.why);
        if let Some(sql) = &r.fix_sql {
            let _ = write!(out, "\n```sql\n{sql}\n```\n");
        }
    }
    out
}

/// Plans the chosen fixes that are schema changes (every one when `chosen` is empty) and writes
/// the plan to `path`; says what went in and what is left to run by hand.
async fn write_fix_plan(
    source: &plumb_db::Source,
    database: &Database,
    findings: &[Finding],
    chosen: &[String],
    online: Option<&Online>,
    path: &Path,
) -> anyhow::Result<String> {
    let picked: Vec<&Finding> =
        findings.iter().filter(|f| chosen.is_empty() || chosen.iter().any(|id| id == f.id)).collect();
    if let Some(unknown) = chosen.iter().find(|id| !plumb_engine::audit::checks().iter().any(|c| c.id == id.as_str())) {
        anyhow::bail!("--fix {unknown}: there is no such check (plumb audit --checks lists them)");
    }
    let fixes: Vec<_> = picked.iter().filter_map(|f| f.fix.as_ref()).filter(|fix| fix.plannable()).collect();
    let mut note = String::new();
    for f in picked.iter().filter(|f| f.fix.as_ref().is_some_and(|fix| !fix.plannable())) {
        let _ = writeln!(note, "not in the plan, to run by hand: {} {}", f.id, f.object);
    }
    if fixes.is_empty() {
        let _ = writeln!(note, "no fix to plan: {} is not written", path.display());
        return Ok(note);
    }
    let fixed = apply_fixes(database, &fixes);
    let options = plumb_engine::diff::DiffOptions::default();
    let checks = live_facts(source, &probes(database, &fixed, &options)?).await?.facts;
    let plan = plan_with(database, &fixed, &options, online, &checks)?;
    std::fs::write(path, plan.to_json()).with_context(|| format!("cannot write the plan to {}", path.display()))?;
    let _ = writeln!(
        note,
        "wrote {} ({} fix(es), {} statement(s)): review it, then plumb apply {} --to {source}",
        path.display(),
        fixes.len(),
        plan.steps.len(),
        path.display()
    );
    Ok(note)
}
