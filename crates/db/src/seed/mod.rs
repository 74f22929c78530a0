//! `plumb seed`: seed data written to a development database — SQL files run in one transaction
//! where the dialect allows (PostgreSQL and SQLite always; MySQL for data statements), or a seed
//! program run with the target's URL in `DATABASE_URL` — with the rows each table gained, changed
//! and lost, and an evidence folder. Production, and any environment whose policy says
//! `seed = false`, is refused before anything connects. `--check` proves a seed idempotent on a
//! scratch copy of the target's schema: run twice, every table's rows compared.

mod check;
mod counts;
mod session;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plumb_engine::dialect::Dialect;
use plumb_engine::policy::EnvPolicy;
use serde::Serialize;
use tracing::Instrument;

pub use check::{check, Idempotency};

use crate::{Error, Result, Source};
use session::Session;

/// What to seed with.
#[derive(Debug, Clone)]
pub enum Seed {
    /// SQL files, in the order they run, with their text.
    Sql(Vec<(PathBuf, String)>),
    /// A program and its arguments, as a shell reads them (`npx tsx prisma/seed.ts`).
    Command(String),
}

impl Seed {
    /// A `.sql` file, or every `.sql` file of a folder in name order.
    pub fn files(path: &Path) -> Result<Self> {
        let files = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| crate::source::file_error(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "sql"))
                .collect();
            files.sort();
            if files.is_empty() {
                return Err(Error::Definition {
                    object: format!("seed folder {}", path.display()),
                    reason: "it holds no .sql file".into(),
                });
            }
            files
        } else {
            vec![path.to_owned()]
        };
        let read = files
            .into_iter()
            .map(|f| std::fs::read_to_string(&f).map(|t| (f.clone(), t)).map_err(|e| crate::source::file_error(&f, e)))
            .collect::<Result<_>>()?;
        Ok(Seed::Sql(read))
    }

    /// What it is, for reports.
    pub fn describe(&self) -> String {
        match self {
            Seed::Sql(files) => files.iter().map(|(f, _)| f.display().to_string()).collect::<Vec<_>>().join(", "),
            Seed::Command(line) => format!("`{line}`"),
        }
    }
}

/// What seeding did to one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "SeedTable"))]
pub struct TableChange {
    /// The table.
    pub table: String,
    /// Rows before and after.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub before: u64,
    /// Rows after.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub after: u64,
    /// Rows `INSERT` statements reported (a seed program's: the growth).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub inserted: u64,
    /// Rows `UPDATE` statements reported.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub updated: u64,
    /// Rows `DELETE` statements reported (a seed program's: the shrinkage).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub deleted: u64,
}

/// A seed that ran.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "SeedReport"))]
pub struct Seeded {
    /// The target (no password).
    pub target: String,
    /// Its environment.
    pub environment: String,
    /// What ran.
    pub seed: String,
    /// Statements run (0 for a program).
    pub statements: usize,
    /// Every table whose rows the seed touched.
    pub tables: Vec<TableChange>,
    /// The evidence folder.
    pub folder: String,
}

/// The environment a seed's target is in: the one `given` (a flag, the window) for a bare URL or
/// file, the profile's own otherwise — but a flag never makes a production profile something else.
pub fn environment(named: &crate::pair::Named, given: Option<&str>) -> String {
    match &named.profile {
        Some(p) if plumb_engine::policy::is_production(&p.environment) => p.environment.clone(),
        _ => named.environment(given),
    }
}

/// Refuses seeding `target` in `policy`'s environment: production always, others when their
/// policy says `seed = false`.
pub fn refuse(target: &Source, policy: &EnvPolicy) -> Result<()> {
    let reason = if plumb_engine::policy::is_production(&policy.environment) {
        format!(
            "it is a {} database, and production is never seeded (seed a dev, test or staging database)",
            policy.environment
        )
    } else if !policy.seed {
        format!(
            "the policy of {} says seed = false (.plumb/policy.toml, [environments.{}])",
            policy.environment, policy.environment
        )
    } else {
        return Ok(());
    };
    Err(Error::SeedRefused { target: target.to_string(), reason })
}

/// Seeds `target` (in `policy`'s environment) and writes the evidence under `evidence_root`.
/// Refused as [`refuse`] says before anything connects.
pub async fn run(seed: &Seed, target: &Source, policy: &EnvPolicy, evidence_root: &Path) -> Result<Seeded> {
    refuse(target, policy)?;
    let database = target.load().await?;
    let tables = counts::tables(&database);
    let dialect = database.flavor.dialect();
    let before = counts::rows(target, dialect, &tables).await?;
    let (statements, reported) = match seed {
        Seed::Sql(files) => {
            let mut session = Session::open(target).await?;
            let ran = session.run_files(files, dialect).await;
            session.close().await;
            ran?
        }
        Seed::Command(line) => {
            program(line, target).await?;
            (0, Vec::new())
        }
    };
    let after = counts::rows(target, dialect, &tables).await?;
    let changes = counts::changes(&tables, &before, &after, &reported, matches!(seed, Seed::Command(_)));
    let run_id = crate::evidence::new_run_id();
    let folder = evidence_root.join(format!("{run_id}-seed"));
    let seeded = Seeded {
        target: target.to_string(),
        environment: policy.environment.clone(),
        seed: seed.describe(),
        statements,
        tables: changes,
        folder: folder.display().to_string(),
    };
    write_evidence(&folder, seed, &seeded)?;
    Ok(seeded)
}

/// The URL a seed program connects with, as Prisma and most drivers read `DATABASE_URL`.
fn database_url(target: &Source) -> Result<String> {
    match target {
        Source::Postgres { url } | Source::Mysql { url } => Ok(url.to_string()),
        Source::Sqlite { path } => {
            let absolute = std::path::absolute(path).map_err(|e| crate::source::file_error(path, e))?;
            Ok(format!("file:{}", absolute.display()))
        }
        other => Err(Error::Unsupported { what: format!("seeding {other}"), hint: "seed a database".into() }),
    }
}

/// Runs a seed program through the shell with the target's URL in `DATABASE_URL`.
async fn program(line: &str, target: &Source) -> Result<()> {
    let url = database_url(target)?;
    let span = tracing::info_span!("seed program", command = line);
    let output = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(line)
        .env("DATABASE_URL", url)
        .output()
        .instrument(span)
        .await
        .map_err(|e| Error::ToolMissing {
            what: format!("seeding with `{line}`"),
            tool: "sh".into(),
            install: e.to_string(),
        })?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim().to_owned();
    if output.status.code() == Some(127) {
        return Err(Error::ToolMissing {
            what: format!("seeding with `{line}`"),
            tool: "its program".into(),
            install: format!("the shell could not find it ({last}): install it, or run plumb seed where it is on PATH"),
        });
    }
    Err(Error::StepFailed {
        step: 1,
        description: format!("seed program `{line}`"),
        source: sqlx::Error::Protocol(format!("it exited with {} ({last})", output.status)),
        outcome: "what it wrote before it failed stays (a program runs outside Plumb's transaction)".into(),
    })
}

fn write_evidence(folder: &Path, seed: &Seed, seeded: &Seeded) -> Result<()> {
    let io = |path: &Path, source| Error::Io { path: path.to_owned(), source };
    std::fs::create_dir_all(folder).map_err(|e| io(folder, e))?;
    let mut text = format!(
        "# Seed\n\nTarget `{}` ({}), seeded with {}: {} statement(s).\n\n| Table | Before | After | Inserted | Updated | Deleted |\n|---|---:|---:|---:|---:|---:|\n",
        seeded.target, seeded.environment, seeded.seed, seeded.statements
    );
    for t in &seeded.tables {
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} |",
            t.table, t.before, t.after, t.inserted, t.updated, t.deleted
        );
    }
    if seeded.tables.is_empty() {
        text.push_str("\nNo table's rows changed.\n");
    }
    let write =
        |name: &str, content: &str| std::fs::write(folder.join(name), content).map_err(|e| io(&folder.join(name), e));
    write("seed.md", &text)?;
    write("seed.json", &serde_json::to_string_pretty(seeded).expect("a seed report serializes"))?;
    if let Seed::Sql(files) = seed {
        let all: String = files.iter().map(|(f, t)| format!("-- {}\n{t}\n", f.display())).collect();
        write("seed.sql", &all)?;
    }
    Ok(())
}

/// The words a dialect opens and closes a transaction with.
fn transaction(dialect: Dialect) -> (&'static str, &'static str) {
    match dialect {
        Dialect::Postgres => ("BEGIN", "COMMIT"),
        Dialect::Mysql => ("START TRANSACTION", "COMMIT"),
        // Takes the write lock at once: no other writer can slip in between two statements.
        Dialect::Sqlite => ("BEGIN IMMEDIATE", "COMMIT"),
    }
}
