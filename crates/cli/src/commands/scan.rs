//! `plumb scan [PATHS] --against SOURCE [--prisma FILE] [--unused] [--json]`.

use std::path::Path;

use plumb_db::project::Project;
use plumb_db::scan::{Missing, Report};

use super::print;
use crate::cli::ScanArgs;
use crate::exit::Exit;

pub(crate) async fn run(args: ScanArgs) -> anyhow::Result<Exit> {
    let here = std::env::current_dir()?;
    let project = Project::discover(&here)?;
    let paths =
        if args.paths.is_empty() { project.code_folders().unwrap_or_else(|| vec![here.clone()]) } else { args.paths };
    let against = super::source::source(&args.against)?;
    let prisma = args.prisma.or_else(|| plumb_db::project::schema_prisma(Path::new("")));
    let report = plumb_db::scan::run(&paths, &against, prisma.as_deref(), args.unused).await?.relative_to(&here);
    if args.json {
        print(&format!("{}\n", serde_json::to_string_pretty(&report)?))?;
    } else {
        print(&text(&report))?;
    }
    Ok(if report.missing.is_empty() { Exit::Ok } else { Exit::Differences })
}

/// A report as people read it: one line per missing name, `file:line:column`, as compilers print.
pub(crate) fn text(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.missing {
        let what = match finding.missing {
            Missing::Table => "no table",
            Missing::Column => "no column",
            Missing::PrismaModel => "no Prisma model",
            Missing::PrismaField => "no field in schema.prisma:",
        };
        let closest = finding.closest.as_ref().map(|c| format!(" (closest: {c})")).unwrap_or_default();
        out.push_str(&format!(
            "{}:{}:{}: {what} {}{closest}\n",
            finding.file, finding.line, finding.column, finding.name
        ));
    }
    if let Some(unused) = &report.unused {
        out.push_str(&format!(
            "{} column(s) no code mentions{}\n",
            unused.len(),
            if unused.is_empty() { "" } else { ":" }
        ));
        for column in unused {
            out.push_str(&format!("  {column}\n"));
        }
    }
    let unread = match report.unread {
        0 => String::new(),
        n => format!("; {n} SQL string(s) not parsed, not checked"),
    };
    out.push_str(&format!(
        "{} file(s), {} name(s) checked against {}: {}{unread}\n",
        report.files,
        report.references,
        report.against,
        match report.missing.len() {
            0 => "the database has every one".to_owned(),
            n => format!("{n} missing"),
        }
    ));
    out
}
