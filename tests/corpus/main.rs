//! The conformance corpus runner: peer tools' test cases (../shared/corpus) as current/desired
//! pairs. For each case: build both databases, plan current -> desired, apply, re-introspect and
//! require zero diff; then apply the rollback and require zero diff against the original. Writes
//! tests/corpus-report.md with counts per source and dialect and every failure by name. On the
//! servers, every third case that converges is then planned online (`--online`) and must
//! converge both ways again.
//!
//! A case the local server cannot even build (a newer PostgreSQL feature, MySQL-only syntax) is
//! reported as not runnable here, with the server's words; nothing is skipped silently. The run
//! fails when convergence falls below the floor recorded in FLOORS (so regressions show).
//!
//! The real projects (`real-projects/<name>`: a `schema.prisma` and its `migrations`) are cases
//! too: the schema parses as written and equals its replayed history (zero differences, enum
//! labels compared as the set Prisma keeps them as).
//!
//! PLUMB_CORPUS_FILTER=text runs only cases whose source/name contains the text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use plumb_db::apply::apply_to_scratch;
use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::plan::{plan_with, Online};
use plumb_tests::{Server, SqliteFile, TestDb};
use serde::Deserialize;
use tokio::sync::Semaphore;

/// The least share of runnable cases per dialect that must converge both ways, in percent.
/// Raised as the planner learns; a run below it fails.
const FLOORS: &[(&str, f64)] = &[("postgresql", 98.0), ("mysql", 98.0), ("sqlite", 98.0)];

#[derive(Deserialize)]
struct Manifest {
    cases: Vec<Case>,
}

#[derive(Deserialize, Clone)]
struct Case {
    source: String,
    name: String,
    dialect: String,
    current_path: Option<serde_json::Value>,
    current_inline: Option<String>,
    desired_path: Option<serde_json::Value>,
    desired_inline: Option<String>,
    #[serde(default)]
    flags: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// Converged forward and back.
    Passed,
    /// Already equal: nothing to plan (still a pass: the diff found nothing).
    NothingToDo,
    /// Plumb refused to plan a change it does not support yet.
    Unsupported(String),
    /// The plan failed to apply, did not converge, or its rollback failed or did not converge.
    Failed(String),
    /// The local server cannot build the case.
    NotRunnable(String),
}

/// `../shared/corpus` beside the checkout, or `PLUMB_CORPUS_DIR`.
fn corpus_dir() -> PathBuf {
    std::env::var_os("PLUMB_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

/// A side's DDL: inline text, one file, or every .sql file under directories in lexical order.
fn ddl(path: &Option<serde_json::Value>, inline: &Option<String>) -> std::io::Result<String> {
    if let Some(text) = inline {
        return Ok(text.clone());
    }
    let root = corpus_dir();
    match path {
        Some(serde_json::Value::String(file)) => std::fs::read_to_string(root.join(file)),
        Some(serde_json::Value::Array(dirs)) => {
            let mut text = String::new();
            for dir in dirs.iter().filter_map(|d| d.as_str()) {
                let mut files = Vec::new();
                collect_sql(&root.join(dir), &mut files)?;
                files.sort();
                for file in files {
                    text.push_str(&std::fs::read_to_string(file)?);
                    text.push('\n');
                }
            }
            Ok(text)
        }
        _ => Ok(String::new()),
    }
}

fn collect_sql(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_sql(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "sql") {
            out.push(path);
        }
    }
    Ok(())
}

fn first_line(text: impl std::fmt::Display) -> String {
    let text = text.to_string();
    let line = text.lines().next().unwrap_or_default();
    line.chars().take(240).collect()
}

/// A MySQL script without the lines that make and enter a database of its own (Sakila's
/// `CREATE SCHEMA sakila; USE sakila;`), nor that database's name before its objects
/// (`FROM sakila.film`): the test's fresh database stands in for it, and nothing is written
/// beside it on the server.
fn in_own_database(sql: String) -> String {
    let words = |line: &str| -> Vec<String> { line.split_whitespace().take(2).map(str::to_owned).collect() };
    let own: Vec<String> = sql
        .lines()
        .filter_map(|line| match words(line).as_slice() {
            [used, name] if used.eq_ignore_ascii_case("USE") => {
                Some(name.trim_end_matches(';').trim_matches('`').to_owned())
            }
            _ => None,
        })
        .collect();
    let switches = |line: &str| {
        let words: Vec<String> = words(line).iter().map(|w| w.to_ascii_uppercase()).collect();
        matches!(
            words.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
            ["USE", _] | ["CREATE" | "DROP", "SCHEMA" | "DATABASE"]
        )
    };
    let mut text = sql.lines().filter(|line| !switches(line)).collect::<Vec<_>>().join("\n");
    for name in own {
        for prefix in [format!(" {name}."), format!(" `{name}`.")] {
            text = text.replace(&prefix, " ");
        }
    }
    text
}

/// The real projects of the corpus, as cases of source `real-projects`.
fn real_projects() -> Vec<Case> {
    let Ok(entries) = std::fs::read_dir(corpus_dir().join("real-projects")) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("schema.prisma").is_file())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| Case {
            source: "real-projects".into(),
            name,
            dialect: "postgresql".into(),
            current_path: None,
            current_inline: None,
            desired_path: None,
            desired_inline: None,
            flags: serde_json::Map::new(),
        })
        .collect()
}

/// A real project: its `schema.prisma` parses as written and builds what its migrations build.
async fn real_project(case: &Case) -> Outcome {
    let project = corpus_dir().join("real-projects").join(&case.name);
    let text = match std::fs::read_to_string(project.join("schema.prisma")) {
        Ok(text) => text,
        Err(e) => return Outcome::NotRunnable(format!("cannot read the project: {e}")),
    };
    if let Err(e) = plumb_engine::prisma::parse(&text) {
        return Outcome::Failed(format!("schema.prisma does not parse: {}", first_line(e)));
    }
    let shadow: Option<url::Url> = plumb_tests::pg_admin_url().parse().ok();
    let replayed = match (Source::Sql { path: project.join("migrations"), shadow: shadow.clone() }).load().await {
        Ok(db) => db,
        Err(e) => return Outcome::NotRunnable(format!("the migrations do not replay: {}", first_line(e))),
    };
    let built = match (Source::Prisma { path: project.join("schema.prisma"), shadow }).load_beside(&replayed).await {
        Ok(db) => db,
        Err(e) => return Outcome::Failed(format!("schema.prisma does not build: {}", first_line(e))),
    };
    let options = DiffOptions { enum_labels_as_set: true, ..DiffOptions::default() };
    match diff(&replayed, &plumb_engine::prisma::with_unmanaged(&built, &replayed), &options) {
        Ok(changes) if changes.is_empty() => Outcome::Passed,
        Ok(changes) => Outcome::Failed(format!(
            "schema.prisma differs from its history: {}",
            first_line(plumb_engine::text::changes(&changes, true).replace('\n', "; "))
        )),
        Err(e) => Outcome::Failed(first_line(e)),
    }
}

/// Runs one case against two fresh databases of its dialect.
async fn run(case: &Case) -> Outcome {
    if case.source == "real-projects" {
        return real_project(case).await;
    }
    let (current_sql, desired_sql) =
        match (ddl(&case.current_path, &case.current_inline), ddl(&case.desired_path, &case.desired_inline)) {
            (Ok(c), Ok(d)) if case.dialect == "mysql" => (in_own_database(c), in_own_database(d)),
            (Ok(c), Ok(d)) => (c, d),
            (Err(e), _) | (_, Err(e)) => return Outcome::NotRunnable(format!("cannot read the case: {e}")),
        };
    if case
        .flags
        .get("flavor")
        .and_then(|f| f.as_str())
        .is_some_and(|f| !f.to_ascii_lowercase().contains("mariadb") && case.dialect == "mysql" && f != "mysql")
    {
        return Outcome::NotRunnable(format!("for {}", case.flags["flavor"]));
    }
    let test = format!("corpus {} {}", case.source, case.name);
    match case.dialect.as_str() {
        "sqlite" => {
            let dir = match tempfile::tempdir() {
                Ok(d) => d,
                Err(e) => return Outcome::NotRunnable(e.to_string()),
            };
            let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
            for (path, sql) in [(&a, &current_sql), (&b, &desired_sql)] {
                if let Err(e) = sqlite_exec(path, sql).await {
                    return Outcome::NotRunnable(format!("SQLite cannot build it: {}", first_line(e)));
                }
            }
            converge(&Source::Sqlite { path: a }, &Source::Sqlite { path: b }, None).await
        }
        "postgresql" | "mysql" => {
            let server = if case.dialect == "mysql" { Server::Mysql } else { Server::Postgres };
            let (name_a, name_b) = (format!("{test} a"), format!("{test} b"));
            let (a, b) = tokio::join!(TestDb::fresh(server, &name_a), TestDb::fresh(server, &name_b));
            for (db, sql) in [(&a, &current_sql), (&b, &desired_sql)] {
                if let Err(e) = db.try_exec(sql).await {
                    return Outcome::NotRunnable(format!("the server cannot build it: {}", first_line(e)));
                }
            }
            let ordinary = converge(&a.source(), &b.source(), None).await;
            if !(matches!(ordinary, Outcome::Passed) && online_subset(case)) {
                return ordinary;
            }
            // The target is back where it started (the way back converged): the same change again
            // by the online plan, which must converge both ways as reliably.
            let online = plumb_db::apply::pt_osc::online_for(&a.source());
            match converge(&a.source(), &b.source(), Some(&online)).await {
                Outcome::Failed(why) => Outcome::Failed(format!("online plan: {why}")),
                _ => Outcome::Passed,
            }
        }
        other => Outcome::NotRunnable(format!("dialect {other}")),
    }
}

async fn sqlite_exec(path: &Path, sql: &str) -> Result<(), sqlx::Error> {
    use sqlx::{Connection, Executor};
    let mut conn = SqliteFile::open(path).await;
    if !sql.trim().is_empty() {
        conn.execute(sqlx::raw_sql(sql)).await?;
    }
    conn.close().await
}

/// The cases whose change is also planned and applied online: every third, by a digest of its
/// name (a stable subset that keeps the tier's time in bounds).
fn online_subset(case: &Case) -> bool {
    case.name.bytes().chain(case.source.bytes()).map(u32::from).sum::<u32>() % 3 == 0
}

async fn converge(current: &Source, desired: &Source, online: Option<&Online>) -> Outcome {
    let (from, to) = match tokio::try_join!(current.load(), desired.load()) {
        Ok(pair) => pair,
        Err(e) => return Outcome::Failed(format!("introspection: {}", first_line(e))),
    };
    // Objects Plumb lists as present but not compared (MySQL partitioning, rules, …) cannot be
    // planned: when the two sides differ in them, the case needs what is not supported yet.
    let uncompared = |db: &plumb_engine::model::Database| -> BTreeSet<(String, String)> {
        db.unsupported.iter().map(|u| (u.kind.clone(), u.name.clone())).collect()
    };
    let (before, after) = (uncompared(&from), uncompared(&to));
    if let Some((kind, name)) = before.symmetric_difference(&after).next() {
        return Outcome::Unsupported(format!("{kind} {name} (present but not compared)"));
    }
    let plan = match plan_with(&from, &to, &DiffOptions::default(), online, &Default::default()) {
        Ok(plan) => plan,
        Err(plumb_engine::Error::UnsupportedChange { what }) => return Outcome::Unsupported(first_line(what)),
        // The case gives no USING expression for a type pair without a cast: a user would.
        Err(e @ plumb_engine::Error::NeedsUsing(_)) => return Outcome::Unsupported(first_line(e)),
        Err(e) => return Outcome::Failed(format!("plan: {}", first_line(e))),
    };
    if plan.is_empty() {
        return Outcome::NothingToDo;
    }
    if let Some(unread) = unreadable(&plan) {
        return Outcome::Failed(format!("Plumb's linter cannot read Plumb's own SQL: {unread}"));
    }
    if let Err(e) = apply_to_scratch(current, &plan).await {
        return Outcome::Failed(format!("apply: {}", first_line(e)));
    }
    let remaining = match current.load().await.map(|after| diff(&after, &to, &DiffOptions::default())) {
        Ok(Ok(set)) => set,
        Ok(Err(e)) => return Outcome::Failed(format!("diff: {}", first_line(e))),
        Err(e) => return Outcome::Failed(format!("introspection after apply: {}", first_line(e))),
    };
    if !remaining.is_empty() {
        return Outcome::Failed(format!("did not converge: {}", first_line(format!("{:?}", remaining.changes[0]))));
    }
    let back = match plan.reversed() {
        Ok(back) => back,
        Err(e) => return Outcome::Unsupported(format!("rollback: {}", first_line(e))),
    };
    if let Err(e) = apply_to_scratch(current, &back).await {
        return Outcome::Failed(format!("rollback apply: {}", first_line(e)));
    }
    match current.load().await.map(|after| diff(&after, &from, &DiffOptions::default())) {
        Ok(Ok(set)) if set.is_empty() => Outcome::Passed,
        Ok(Ok(set)) => {
            Outcome::Failed(format!("rollback did not converge: {}", first_line(format!("{:?}", set.changes[0]))))
        }
        Ok(Err(e)) => Outcome::Failed(format!("rollback diff: {}", first_line(e))),
        Err(e) => Outcome::Failed(format!("introspection after rollback: {}", first_line(e))),
    }
}

/// The first statement of a plan (forward or back) that Plumb's own linter cannot read.
fn unreadable(plan: &plumb_engine::plan::Plan) -> Option<String> {
    let text: String = plan.steps.iter().chain(&plan.rollback).map(|s| format!("{};\n", s.sql)).collect();
    let options = plumb_engine::lint::LintOptions::new(plan.flavor.dialect());
    let finding =
        plumb_engine::lint::lint_sql(&text, &options).into_iter().find(|f| f.rule == "unparsable-statement")?;
    let line = finding.line.and_then(|l| text.lines().nth(l as usize - 1)).unwrap_or_default();
    Some(first_line(format!("{line} ({})", finding.message)))
}

fn main() {
    let path = corpus_dir().join("manifest.json");
    // Third-party data lives beside the checkout, not in it: a clone elsewhere has none.
    if !path.is_file() {
        println!(
            "corpus tier not run: no corpus at {} (set PLUMB_CORPUS_DIR to the shared/corpus folder)",
            corpus_dir().display()
        );
        return;
    }
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read the corpus at {}: {e}", path.display()));
    let manifest: Manifest = serde_json::from_str(&text).expect("manifest");
    let filter = std::env::var("PLUMB_CORPUS_FILTER").unwrap_or_default();
    let cases: Vec<Case> = manifest
        .cases
        .into_iter()
        .chain(real_projects())
        .filter(|c| format!("{}/{}", c.source, c.name).contains(&filter))
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    let started = std::time::Instant::now();
    let results: Vec<(Case, Outcome)> = runtime.block_on(async {
        // Most of a case's time is the server creating and dropping its two databases.
        let permits = Arc::new(Semaphore::new(10));
        let mut handles = Vec::new();
        for case in cases {
            let permits = permits.clone();
            handles.push(tokio::spawn(async move {
                let _permit = permits.acquire_owned().await.expect("semaphore");
                let outcome = run(&case).await;
                (case, outcome)
            }));
        }
        let mut results = Vec::new();
        for handle in handles {
            results.push(handle.await.expect("a case task"));
        }
        results
    });
    let report = report(&results);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus-report.md");
    if filter.is_empty() {
        std::fs::write(&path, &report).expect("write tests/corpus-report.md");
    }
    if filter.is_empty() {
        println!("{}", report.lines().take_while(|l| !l.starts_with("## Failures")).collect::<Vec<_>>().join("\n"));
    } else {
        // A filtered run is for working on cases: show them all, leave the report alone.
        println!("{report}");
    }
    let mut failed = 0;
    for (dialect, floor) in FLOORS {
        let runnable: Vec<_> =
            results.iter().filter(|(c, o)| c.dialect == *dialect && !matches!(o, Outcome::NotRunnable(_))).collect();
        let passed = runnable.iter().filter(|(_, o)| matches!(o, Outcome::Passed | Outcome::NothingToDo)).count();
        let rate = if runnable.is_empty() { 100.0 } else { 100.0 * passed as f64 / runnable.len() as f64 };
        if rate < *floor {
            eprintln!("{dialect}: {rate:.1}% converged, below the floor of {floor}%");
            failed += 1;
        }
    }
    let converged = results.iter().filter(|(_, o)| matches!(o, Outcome::Passed | Outcome::NothingToDo)).count();
    // Not "N passed, N failed": the corpus measures coverage, it is not a list of tests.
    println!(
        "corpus: {converged} of {} cases converge both ways ({:.0} s)",
        results.len(),
        started.elapsed().as_secs_f64()
    );
    std::process::exit(if failed == 0 { 0 } else { 1 });
}

/// The report: the same results always give the same text, so a test run leaves the checked-in
/// report untouched unless a case changed.
fn report(results: &[(Case, Outcome)]) -> String {
    let mut table: BTreeMap<(String, String), [usize; 5]> = BTreeMap::new();
    for (case, outcome) in results {
        let row = table.entry((case.source.clone(), case.dialect.clone())).or_default();
        row[match outcome {
            Outcome::Passed => 0,
            Outcome::NothingToDo => 1,
            Outcome::Unsupported(_) => 2,
            Outcome::Failed(_) => 3,
            Outcome::NotRunnable(_) => 4,
        }] += 1;
    }
    let mut out = String::from(
        "# Conformance corpus report\n\nGenerated by `cargo test --workspace --test corpus`: for each case of `../shared/corpus`,\nplan current -> desired, apply, require zero diff; apply the rollback, require zero diff against the original.\nReal projects: the `schema.prisma` as written equals its replayed migrations.\n\n| Source | Dialect | Cases | Converged both ways | Already equal | Not supported yet | Failed | Not runnable here | Converged of runnable |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    let mut per_dialect: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for ((source, dialect), row) in &table {
        let total: usize = row.iter().sum();
        let runnable = total - row[4];
        let rate = if runnable == 0 {
            "-".to_owned()
        } else {
            format!("{:.0}%", 100.0 * (row[0] + row[1]) as f64 / runnable as f64)
        };
        out.push_str(&format!(
            "| {source} | {dialect} | {total} | {} | {} | {} | {} | {} | {rate} |\n",
            row[0], row[1], row[2], row[3], row[4]
        ));
        let d = per_dialect.entry(dialect.clone()).or_default();
        for i in 0..5 {
            d[i] += row[i];
        }
    }
    out.push_str("\n| Dialect | Converged of runnable |\n| --- | ---: |\n");
    for (dialect, row) in &per_dialect {
        let runnable = row.iter().sum::<usize>() - row[4];
        let rate = if runnable == 0 { 0.0 } else { 100.0 * (row[0] + row[1]) as f64 / runnable as f64 };
        out.push_str(&format!("| {dialect} | {rate:.1}% ({} of {runnable}) |\n", row[0] + row[1]));
    }
    let mut sorted: Vec<&(Case, Outcome)> = results.iter().collect();
    sorted.sort_by(|a, b| (&a.0.dialect, &a.0.source, &a.0.name).cmp(&(&b.0.dialect, &b.0.source, &b.0.name)));
    for (title, pick) in [("## Failures", 3usize), ("## Not supported yet", 2), ("## Not runnable here", 4)] {
        out.push_str(&format!("\n{title}\n\n"));
        for (case, outcome) in &sorted {
            let (kind, reason) = match outcome {
                Outcome::Unsupported(r) => (2, r),
                Outcome::Failed(r) => (3, r),
                Outcome::NotRunnable(r) => (4, r),
                _ => continue,
            };
            if kind == pick {
                out.push_str(&format!(
                    "- `{}` {} / {}: {}\n",
                    case.dialect,
                    case.source,
                    case.name,
                    reason.replace('|', "\\|")
                ));
            }
        }
    }
    out
}
