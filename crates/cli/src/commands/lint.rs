//! `plumb lint PATH... [--dialect D] [--server-version V] [--in-transaction] [--runner plumb|other]
//! [--fail-on block|warn|info] [--json]`,
//! `plumb lint --explain RULE`, `plumb lint --rules`.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use plumb_db::live::live_facts;
use plumb_db::Source;
use plumb_engine::dialect::{Dialect, Flavor};
use plumb_engine::lint::live::{self, LiveFacts, Probe};
use plumb_engine::lint::{explain, infer_dialect, lint_sql, rules, sql_file, Finding, LintOptions, Severity};
use plumb_engine::model::Database;
use serde::Serialize;

use crate::cli::{FailOn, LintArgs, LintDialect, Runner};
use crate::exit::Exit;
use plumb_engine::text::findings;

/// The findings of one file, as `--json` prints them.
#[derive(Debug, Serialize)]
pub(crate) struct FileReport {
    file: String,
    dialect: Dialect,
    pub(crate) findings: Vec<Finding>,
}

pub(crate) async fn run(args: LintArgs) -> anyhow::Result<Exit> {
    if let Some(id) = &args.explain {
        let Some(text) = explain(id) else {
            let close: Vec<&str> =
                rules().iter().map(|r| r.id).filter(|r| r.contains(id.as_str()) || id.contains(r)).collect();
            bail!("there is no rule {id:?}{}; plumb lint --rules lists them", hint(&close));
        };
        super::print(&text)?;
        return Ok(Exit::Ok);
    }
    if args.rules && args.markdown {
        super::print(&plumb_engine::lint::catalog_markdown())?;
        return Ok(Exit::Ok);
    }
    if args.rules {
        let mut text = String::new();
        for rule in rules() {
            let dialects: Vec<String> = rule.dialects.iter().map(|d| format!("{d:?}").to_lowercase()).collect();
            let _ = writeln!(
                text,
                "{:<34} {:<5} {:<24} {}",
                rule.id,
                rule.severity.to_string(),
                dialects.join(","),
                rule.summary
            );
        }
        super::print(&text)?;
        return Ok(Exit::Ok);
    }
    let source = args.schema.as_deref().map(super::source::source).transpose()?;
    let schema = match &source {
        Some(source) => Some(source.load().await?),
        None => None,
    };
    let migrations = Migrations::read(&args, schema)?;
    // A live database also answers the counts the findings want (values a dropped column holds…).
    let (counted, probes) = match &source {
        Some(source) if !matches!(source, Source::Snapshot { .. }) && !args.no_data_checks => {
            let probes = migrations.probes();
            let report = live_facts(source, &probes).await?;
            for (probe, why) in &report.skipped {
                eprintln!("skipped a data check on {}: {why}", probe.table);
            }
            (report.facts, probes)
        }
        _ => (LiveFacts::default(), Vec::new()),
    };
    let reports = migrations.lint(&counted, &probes);
    let bar = match args.fail_on {
        FailOn::Block => Severity::Block,
        FailOn::Warn => Severity::Warn,
        FailOn::Info => Severity::Info,
    };
    let blocked = reports.iter().flat_map(|r| &r.findings).any(|f| f.ignored.is_none() && f.severity >= bar);
    if args.json {
        let mut json = serde_json::to_string_pretty(&reports)?;
        json.push('\n');
        super::print(&json)?;
    } else {
        super::print(&render(&reports))?;
    }
    Ok(if blocked { Exit::Blocked } else { Exit::Ok })
}

/// The migration files `plumb lint` reads, and the options they are linted with.
pub(crate) struct Migrations {
    files: Vec<PathBuf>,
    texts: Vec<String>,
    /// The options without the starting schema, which `schema` holds and [`Migrations::options`]
    /// lends them.
    options: LintOptions<'static>,
    schema: Option<Database>,
}

impl Migrations {
    /// Reads every file `args` names and settles the dialect, version and starting schema.
    pub(crate) fn read(args: &LintArgs, schema: Option<Database>) -> anyhow::Result<Self> {
        let files = files(&args.paths)?;
        if files.is_empty() {
            bail!(
                "no .sql files under {}",
                args.paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            );
        }
        let version = match &args.server_version {
            Some(v) => Some(v.parse().with_context(|| format!("--server-version {v:?}"))?),
            None => schema.as_ref().and_then(|db| db.server_version),
        };
        let texts = files
            .iter()
            .map(|f| std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display())))
            .collect::<anyhow::Result<Vec<String>>>()?;
        let (dialect, mariadb) = match args.dialect {
            Some(LintDialect::Postgres) => (Dialect::Postgres, false),
            Some(LintDialect::Mysql) => (Dialect::Mysql, false),
            Some(LintDialect::Mariadb) => (Dialect::Mysql, true),
            Some(LintDialect::Sqlite) => (Dialect::Sqlite, false),
            None => match &schema {
                Some(db) => (db.flavor.dialect(), db.flavor == Flavor::Mariadb),
                None => (dialect_of(&files, &texts)?, false),
            },
        };
        // Plumb runs a file under the policy's timeouts, in one transaction where the dialect
        // has transactional DDL: the file need not set them itself.
        let by_plumb = args.runner == Runner::Plumb;
        let options = LintOptions {
            mariadb,
            server_version: version,
            assume_in_transaction: args.in_transaction || (by_plumb && dialect.transactional_ddl()),
            lock_timeout_set: by_plumb,
            statement_timeout_set: by_plumb,
            // Row counts come with the schema: the size gate needs no query.
            facts: schema.as_ref().map(|db| LiveFacts::default().with_row_counts(db)).unwrap_or_default(),
            ..LintOptions::new(dialect)
        };
        Ok(Self { files, texts, options, schema })
    }

    fn options(&self) -> LintOptions<'_> {
        LintOptions { schema: self.schema.as_ref(), ..self.options.clone() }
    }

    /// The counts the files' findings want from the live data.
    pub(crate) fn probes(&self) -> Vec<Probe> {
        let mut probes: Vec<Probe> = self
            .texts
            .iter()
            .flat_map(|text| live::probes(&sql_file::operations(text, self.options.dialect), &self.options()))
            .collect();
        probes.sort();
        probes.dedup();
        probes
    }

    /// Lints every file, with the counts taken from the live data (if any).
    pub(crate) fn lint(&self, counted: &LiveFacts, probes: &[Probe]) -> Vec<FileReport> {
        let mut facts = self.options.facts.clone();
        for probe in probes {
            if let Some(count) = counted.get(&probe.table, &probe.kind) {
                facts.insert(probe.clone(), count);
            }
        }
        let options = LintOptions { facts, ..self.options() };
        self.files
            .iter()
            .zip(&self.texts)
            .map(|(file, text)| FileReport {
                file: file.display().to_string(),
                dialect: options.dialect,
                findings: lint_sql(text, &options),
            })
            .collect()
    }
}

fn hint(close: &[&str]) -> String {
    match close {
        [] => String::new(),
        some => format!(" (did you mean {}?)", some.join(", ")),
    }
}

fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    let all: Vec<Finding> = reports.iter().flat_map(|r| r.findings.clone()).collect();
    for report in reports {
        for f in &report.findings {
            let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
            findings::finding(&mut out, &format!("{}{line}: ", report.file), "    ", f);
        }
    }
    let _ = writeln!(out, "{} file(s), {} finding(s): {}", reports.len(), all.len(), findings::summary(&all));
    if all.iter().any(Finding::blocks) {
        out.push_str(
            "blocked: fix the blocking findings, or let one through with `-- plumb:ignore RULE reason` above it\n",
        );
    }
    out
}

/// Every `.sql` file named or under a named folder, in path order (migration order for every
/// common layout); rollback files (`*.down.sql`, `down.sql`) are not part of the way forward.
fn files(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    // Each folder once, by its real path: a symbolic link back up the tree ends the walk there.
    let mut seen = std::collections::BTreeSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found, &mut seen)?;
            found.sort();
            out.extend(found);
        } else if meta.is_file() {
            out.push(path.clone());
        } else {
            anyhow::bail!("{} is not a file or a folder (a pipe or a device): give a .sql file", path.display());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut std::collections::BTreeSet<PathBuf>) -> anyhow::Result<()> {
    let real = std::fs::canonicalize(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    if !seen.insert(real) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        // A link to nowhere, a pipe or a device is no migration (and a pipe would never end).
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if meta.is_dir() {
            walk(&path, out, seen)?;
        } else if meta.is_file() {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if name.ends_with(".sql") && !name.ends_with(".down.sql") && name != "down.sql" {
                out.push(path);
            }
        }
    }
    Ok(())
}

/// The dialect of the files: a Prisma `migration_lock.toml` in a folder above them names the
/// provider; otherwise the tokens only one dialect uses, which must agree across the files (one
/// migration folder is one dialect; a file with no clue takes the others').
fn dialect_of(files: &[PathBuf], texts: &[String]) -> anyhow::Result<Dialect> {
    for dir in files.iter().flat_map(|f| f.ancestors().skip(1).take(3)) {
        if let Ok(lock) = std::fs::read_to_string(dir.join("migration_lock.toml")) {
            let provider = lock.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("provider")
                    .map(|v| v.trim().trim_start_matches('=').trim().trim_matches('"').to_owned())
            });
            match provider.as_deref() {
                Some("postgresql" | "postgres" | "cockroachdb") => return Ok(Dialect::Postgres),
                Some("mysql") => return Ok(Dialect::Mysql),
                Some("sqlite") => return Ok(Dialect::Sqlite),
                _ => {}
            }
        }
    }
    let mut found: Vec<(Dialect, &PathBuf)> = Vec::new();
    for (file, text) in files.iter().zip(texts) {
        if let Some(dialect) = infer_dialect(text) {
            found.push((dialect, file));
        }
    }
    match found.as_slice() {
        [] => bail!(
            "cannot tell which dialect {} is written for: pass --dialect postgres|mysql|mariadb|sqlite",
            files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
        ),
        [(first, first_file), rest @ ..] => match rest.iter().find(|(d, _)| d != first) {
            Some((other, other_file)) => bail!(
                "{} reads as {first:?} but {} as {other:?}: pass --dialect",
                first_file.display(),
                other_file.display()
            ),
            None => Ok(*first),
        },
    }
}
