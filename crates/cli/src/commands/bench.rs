//! `plumb bench generate URL`, `plumb bench introspect URL` (introspection at scale, timed
//! against the server's own schema dump tool in the same run) and `plumb bench plan FROM TO`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use plumb_db::bench::Shape;
use plumb_db::Source;

use plumb_engine::compare::compare;
use plumb_engine::diff::{diff, DiffOptions};

use crate::cli::{
    BenchCommand, BenchGenerateArgs, BenchIntrospectArgs, BenchLintArgs, BenchOnlineArgs, BenchPlanArgs, LintArgs,
};
use crate::exit::Exit;

pub(crate) async fn run(command: BenchCommand) -> anyhow::Result<Exit> {
    match command {
        BenchCommand::Generate(args) => generate(args).await,
        BenchCommand::Introspect(args) => introspect(args).await,
        BenchCommand::Plan(args) => plan(args).await,
        BenchCommand::Lint(args) => lint(args),
        BenchCommand::Online(args) => online(args).await,
        BenchCommand::All(args) => super::bench_all::all(args).await,
        BenchCommand::Peak(args) => super::bench_all::peak(args),
    }
}

/// The ordinary and the online plan of one change on a busy table, side by side.
async fn online(args: BenchOnlineArgs) -> anyhow::Result<Exit> {
    let server: Source = super::source::source(&args.url)?;
    let figures = plumb_db::bench::online::run(&server, args.rows, &|what| eprintln!("{what}…")).await?;
    let mut out = format!(
        "{} rows, one client inserting without pause (pt-online-schema-change: {})\n\n\
         plan       steps  lock findings  apply total  writes  retried  failed  longest wait  p99 wait  verified  rows kept\n",
        args.rows,
        if plumb_db::apply::pt_osc::installed() { "installed" } else { "not installed" }
    );
    for f in &figures {
        out.push_str(&format!(
            "{:<9}  {:>5}  {:>13}  {:>9.0} ms  {:>6}  {:>7}  {:>6}  {:>9.1} ms  {:>5.1} ms  {:<8}  {}\n",
            if f.online { "online" } else { "ordinary" },
            f.steps,
            f.lock_findings,
            ms(f.total),
            f.writes,
            f.retried,
            f.failed_writes,
            ms(f.longest),
            ms(f.p99),
            if f.verified { "yes" } else { "NO" },
            if f.rows_kept { "yes" } else { "NO" }
        ));
    }
    for f in &figures {
        if let Some(failure) = &f.first_failure {
            out.push_str(&format!(
                "{} plan: the first failed insert: {failure}\n",
                if f.online { "online" } else { "ordinary" }
            ));
        }
    }
    super::print(&out)?;
    Ok(Exit::Ok)
}

/// Writes `args.files` migration files and times linting the folder (walking, reading, parsing,
/// every rule), as `plumb lint DIR` does.
fn lint(args: BenchLintArgs) -> anyhow::Result<Exit> {
    let temp = tempfile::tempdir().context("cannot create a temporary folder")?;
    let dir = args.dir.clone().unwrap_or_else(|| temp.path().to_owned());
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut statements = 0;
    for i in 0..args.files {
        let text = migration(i);
        statements += text.matches(";\n").count();
        let path = dir.join(format!("{:04}_change_{i}.sql", i + 1));
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let lint_args = LintArgs {
        paths: vec![dir.clone()],
        dialect: None,
        server_version: None,
        in_transaction: false,
        schema: None,
        no_data_checks: false,
        json: false,
        fail_on: crate::cli::FailOn::Block,
        runner: crate::cli::Runner::Other,
        explain: None,
        rules: false,
        markdown: false,
    };
    let reports = super::lint::Migrations::read(&lint_args, None)?.lint(&Default::default(), &[]);
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    let mut times = Vec::with_capacity(args.runs);
    for run in 1..=args.runs {
        eprint!("\rrun {run}/{}", args.runs);
        let started = Instant::now();
        super::lint::Migrations::read(&lint_args, None)?.lint(&Default::default(), &[]);
        times.push(started.elapsed());
    }
    eprintln!();
    super::print(&format!(
        "{} files, {statements} statements, {findings} findings in {}\n\
         lint                  median {:>8.1} ms over {} runs (walk, read, infer the dialect, parse, every rule)\n",
        args.files,
        dir.display(),
        ms(median(&mut times)),
        args.runs
    ))?;
    Ok(Exit::Ok)
}

/// One realistic PostgreSQL migration: new tables with keys, indexes, column changes, a function
/// body and a backfill, varied by `i` so that every rule family is exercised.
fn migration(i: usize) -> String {
    let t = format!("table_{i}");
    let prev = format!("table_{}", i.saturating_sub(1));
    let mut text = format!(
        "-- migration {i}\n\
         CREATE TABLE {t} (\n  id bigserial PRIMARY KEY,\n  owner_id bigint NOT NULL REFERENCES {prev} (id),\n  \
         name varchar(200) NOT NULL,\n  doc jsonb,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n\
         CREATE INDEX {t}_owner ON {t} (owner_id);\n\
         ALTER TABLE {prev} ADD COLUMN note_{i} text;\n"
    );
    match i % 5 {
        0 => text.push_str(&format!("CREATE INDEX {prev}_name_{i} ON {prev} (name);\n")),
        1 => text.push_str(&format!("ALTER TABLE {prev} ALTER COLUMN name SET NOT NULL;\n")),
        2 => text.push_str(&format!(
            "CREATE FUNCTION touch_{i}() RETURNS trigger AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END; $$ LANGUAGE plpgsql;\n"
        )),
        3 => text.push_str(&format!("UPDATE {prev} SET note_{i} = 'x' WHERE id < 100;\n")),
        _ => text.push_str(&format!(
            "SET lock_timeout = '5s';\nALTER TABLE {prev} ADD CONSTRAINT {prev}_name_len_{i} CHECK (char_length(name) > 0) NOT VALID;\n"
        )),
    }
    text
}

/// Diff and plan are pure: the schemas are read once, then only the engine is timed.
async fn plan(args: BenchPlanArgs) -> anyhow::Result<Exit> {
    let (from, to): (Source, Source) = (super::source::source(&args.from)?, super::source::source(&args.to)?);
    let (current, desired) = tokio::try_join!(from.load(), to.load())?;
    let options = DiffOptions::default();
    let changes = diff(&current, &desired, &options)?;
    let planned = plumb_engine::plan::plan(&current, &desired, &options)?;

    let (mut diff_times, mut plan_times, mut compare_times) =
        (Vec::with_capacity(args.runs), Vec::with_capacity(args.runs), Vec::with_capacity(args.runs));
    for run in 1..=args.runs {
        eprint!("\rrun {run}/{}", args.runs);
        let started = Instant::now();
        diff(&current, &desired, &options)?;
        diff_times.push(started.elapsed());
        let started = Instant::now();
        plumb_engine::plan::plan(&current, &desired, &options)?;
        plan_times.push(started.elapsed());
        let started = Instant::now();
        compare(&current, &desired, &options)?;
        compare_times.push(started.elapsed());
    }
    eprintln!();
    let tables = |db: &plumb_engine::model::Database| db.schemas.iter().map(|s| s.tables.len()).sum::<usize>();
    super::print(&format!(
        "{from} ({} tables) -> {to} ({} tables): {} changes, {} steps, {} rollback steps\n\
         diff                  median {:>8.1} ms over {} runs\n\
         plan                  median {:>8.1} ms over {} runs (diff both ways, order, SQL, fingerprints, hash)\n\
         compare               median {:>8.1} ms over {} runs (the app's diff viewer: DDL of both sides, aligned)\n",
        tables(&current),
        tables(&desired),
        changes.changes.len(),
        planned.steps.len(),
        planned.rollback.len(),
        ms(median(&mut diff_times)),
        args.runs,
        ms(median(&mut plan_times)),
        args.runs,
        ms(median(&mut compare_times)),
        args.runs,
    ))?;
    Ok(Exit::Ok)
}

async fn generate(args: BenchGenerateArgs) -> anyhow::Result<Exit> {
    let source: Source = super::source::source(&args.url)?;
    let started = Instant::now();
    let shape = Shape { tables: args.tables, views: args.views, changed: args.changed };
    plumb_db::bench::generate(&source, shape, |done| eprint!("\rcreated {done}/{} tables", shape.tables)).await?;
    eprintln!();
    super::print(&format!(
        "generated {} tables and {} views in {:.1} s into {source}\n",
        shape.tables,
        shape.views,
        started.elapsed().as_secs_f64()
    ))?;
    Ok(Exit::Ok)
}

async fn introspect(args: BenchIntrospectArgs) -> anyhow::Result<Exit> {
    let source: Source = super::source::source(&args.url)?;
    let dump = dump_command(&source)?;
    // One warm-up of each, so both read from a warm cache.
    let first = source.introspect().await?;
    dump.run()?;

    let mut plumb_times = Vec::with_capacity(args.runs);
    let mut dump_times = Vec::with_capacity(args.runs);
    for run in 1..=args.runs {
        eprint!("\rrun {run}/{}", args.runs);
        let started = Instant::now();
        source.introspect().await?;
        plumb_times.push(started.elapsed());
        dump_times.push(dump.run()?);
    }
    eprintln!();
    let db = &first.database;
    let tables: usize = db.schemas.iter().map(|s| s.tables.len()).sum();
    let columns: usize = db.schemas.iter().flat_map(|s| &s.tables).map(|t| t.columns.len()).sum();
    let indexes: usize =
        db.schemas.iter().flat_map(|s| &s.tables).map(|t| t.indexes.len() + t.unique_constraints.len()).sum();
    let foreign_keys: usize = db.schemas.iter().flat_map(|s| &s.tables).map(|t| t.foreign_keys.len()).sum();
    let views: usize = db.schemas.iter().map(|s| s.views.len()).sum();
    let (plumb, dump_median) = (median(&mut plumb_times), median(&mut dump_times));
    super::print(&format!(
        "{source}: {tables} tables, {columns} columns, {indexes} indexes, {foreign_keys} foreign keys, {views} views\n\
         plumb introspection   median {:>8.1} ms over {} runs, {} queries\n\
         {:<21} median {:>8.1} ms over {} runs\n\
         ratio                 plumb is {:.1}x faster\n",
        ms(plumb),
        args.runs,
        first.queries,
        dump.name,
        ms(dump_median),
        args.runs,
        ms(dump_median) / ms(plumb).max(0.001),
    ))?;
    Ok(Exit::Ok)
}

pub(super) fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub(super) fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// A dump tool run: program, arguments, and the password (if any) in the environment, never on
/// the command line where other users could read it.
pub(super) struct Dump {
    pub(super) name: &'static str,
    program: &'static str,
    args: Vec<String>,
    env: Option<(&'static str, String)>,
}

impl Dump {
    pub(super) fn run(&self) -> anyhow::Result<Duration> {
        let mut cmd = Command::new(self.program);
        cmd.args(&self.args).stdout(Stdio::null()).stderr(Stdio::piped());
        if let Some((key, value)) = &self.env {
            cmd.env(key, value);
        }
        let started = Instant::now();
        let output = cmd.output().with_context(|| format!("cannot run {} (is it installed?)", self.program))?;
        let took = started.elapsed();
        if !output.status.success() {
            bail!("{} failed: {}", self.name, String::from_utf8_lossy(&output.stderr).trim());
        }
        Ok(took)
    }
}

pub(super) fn dump_command(source: &Source) -> anyhow::Result<Dump> {
    match source {
        Source::Postgres { url } => {
            let mut clean = url.clone();
            clean.set_query(None);
            let env = url.password().map(|p| ("PGPASSWORD", p.to_owned()));
            let _ = clean.set_password(None);
            Ok(Dump {
                name: "pg_dump --schema-only",
                program: "pg_dump",
                args: vec!["--schema-only".into(), "--no-owner".into(), format!("--dbname={clean}")],
                env,
            })
        }
        Source::Mysql { url } => Ok(Dump {
            name: "mariadb-dump --no-data",
            program: "mariadb-dump",
            args: vec![
                "--no-defaults".into(),
                "--no-data".into(),
                "--routines".into(),
                "--triggers".into(),
                "--protocol=tcp".into(),
                format!("--host={}", url.host_str().unwrap_or("127.0.0.1")),
                format!("--port={}", url.port().unwrap_or(3306)),
                format!("--user={}", url.username()),
                url.path().trim_start_matches('/').to_owned(),
            ],
            env: url.password().map(|p| ("MYSQL_PWD", p.to_owned())),
        }),
        _ => bail!("the benchmark compares against pg_dump and mariadb-dump: use a postgres:// or mysql:// URL"),
    }
}
