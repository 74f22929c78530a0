//! Property test of plans on real databases: a random schema holding rows, a random set of
//! changes to it; plan → apply must reach the changed schema exactly (zero diff), and every row of
//! every table and column the two schemas share must come through unchanged. A column narrowed to
//! a type its values do not all fit (a decimal to an integer, a shorter varchar) must be blocked
//! with the exact count of values that would change; applied anyway, the database either refuses
//! (and a transactional one is left as it was) or changes only those columns.
//!
//! `PLUMB_PROPTEST_CASES` sets the number of cases per dialect (200 by default). A failing case is
//! shrunk to a small one and printed with its SQL.

use std::fmt::Write;

use plumb_db::apply::apply_to_scratch;
use plumb_db::live::live_facts;
use plumb_db::Source;
use plumb_engine::dialect::{quote_ident, Dialect};
use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::plan::{plan_with, probes};
use plumb_tests::{Server, SqliteFile, TestDb};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use sqlx::{Connection, Row};

/// Column types whose values read back as the same text after every change the test makes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Int,
    BigInt,
    Varchar(u16),
    Decimal,
}

#[derive(Debug, Clone)]
struct Col {
    name: String,
    kind: Kind,
    nullable: bool,
    default: bool,
}

#[derive(Debug, Clone)]
struct Tab {
    name: String,
    cols: Vec<Col>,
    /// The table `parent_id` points at, when the table has that column.
    parent: Option<String>,
    /// Whether `parent_id` is a foreign key (else a plain column).
    fk: bool,
    /// An index on one column, and whether it is unique.
    index: Option<(String, bool)>,
    rows: usize,
    next_col: usize,
}

#[derive(Debug, Clone)]
struct Spec {
    tables: Vec<Tab>,
    next_table: usize,
}

/// The length a narrowed varchar gets: `'dflt'` fits, `'r12c3'` does not.
const NARROW: u16 = 4;

/// The most tables a case can name: resets drop them all.
const MAX_TABLES: usize = 12;

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![Just(Kind::Int), Just(Kind::BigInt), (10u16..40).prop_map(Kind::Varchar), Just(Kind::Decimal)]
}

fn base() -> impl Strategy<Value = Spec> {
    let column = (kind(), any::<bool>(), any::<bool>());
    let table = (
        prop::collection::vec(column, 1..5),
        any::<bool>(),
        prop::option::of((any::<prop::sample::Index>(), any::<bool>())),
        0usize..5,
    );
    prop::collection::vec(table, 1..4).prop_map(|tables| {
        let mut spec = Spec { tables: Vec::new(), next_table: 0 };
        for (cols, fk, index, rows) in tables {
            let name = format!("t{}", spec.next_table);
            spec.next_table += 1;
            let cols: Vec<Col> = cols
                .into_iter()
                .enumerate()
                .map(|(i, (kind, nullable, default))| Col { name: format!("c{i}"), kind, nullable, default })
                .collect();
            let parent = spec.tables.last().filter(|_| fk).map(|t: &Tab| t.name.clone());
            let index = index.map(|(i, unique)| (cols[i.index(cols.len())].name.clone(), unique));
            let next_col = cols.len();
            spec.tables.push(Tab { name, cols, fk: parent.is_some(), parent, index, rows, next_col });
        }
        spec
    })
}

/// One change: what, which table, which column, a type, a flag.
type Mutation = (u8, prop::sample::Index, prop::sample::Index, Kind, bool);

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(
        (0u8..11, any::<prop::sample::Index>(), any::<prop::sample::Index>(), kind(), any::<bool>()),
        1..5,
    )
}

fn mutate(base: &Spec, mutations: &[Mutation]) -> Spec {
    let mut spec = base.clone();
    for &(what, table, column, kind, flag) in mutations {
        if spec.tables.is_empty() {
            break;
        }
        let ti = table.index(spec.tables.len());
        let previous = ti.checked_sub(1).map(|i| spec.tables[i].name.clone());
        match what {
            7 if spec.tables.len() < 4 => {
                let name = format!("t{}", spec.next_table);
                spec.next_table += 1;
                let parent = spec.tables.last().filter(|_| flag).map(|t| t.name.clone());
                let cols = vec![Col { name: "c0".into(), kind, nullable: true, default: false }];
                spec.tables.push(Tab { name, cols, fk: parent.is_some(), parent, index: None, rows: 0, next_col: 1 });
                continue;
            }
            8 => {
                let gone = spec.tables.remove(ti).name;
                for t in &mut spec.tables {
                    if t.parent.as_deref() == Some(gone.as_str()) {
                        t.fk = false;
                    }
                }
                continue;
            }
            _ => {}
        }
        let t = &mut spec.tables[ti];
        let ci = column.index(t.cols.len());
        match what {
            0 => {
                let name = format!("c{}", t.next_col);
                t.next_col += 1;
                // A new NOT NULL column on a table with rows needs a default.
                t.cols.push(Col { name, kind, nullable: flag, default: !flag || kind == Kind::Int });
            }
            1 if t.cols.len() > 1 => {
                let gone = t.cols.remove(ci);
                if t.index.as_ref().is_some_and(|(c, _)| *c == gone.name) {
                    t.index = None;
                }
            }
            2 => t.cols[ci].nullable = true,
            3 => t.cols[ci].default = !t.cols[ci].default,
            4 => {
                t.cols[ci].kind = match t.cols[ci].kind {
                    Kind::Int => Kind::BigInt,
                    Kind::Varchar(n) => Kind::Varchar(n + 50),
                    other => other,
                }
            }
            5 => t.index = Some((t.cols[ci].name.clone(), flag)),
            6 => t.index = None,
            // Narrowing: values with a fraction or longer than 4 characters do not fit.
            10 => {
                t.cols[ci].kind = match t.cols[ci].kind {
                    Kind::Decimal | Kind::BigInt => Kind::Int,
                    Kind::Varchar(_) => Kind::Varchar(NARROW),
                    Kind::Int => Kind::Int,
                }
            }
            9 => match (t.fk, previous) {
                (true, _) => t.fk = false,
                (false, Some(previous)) => {
                    t.parent = Some(previous);
                    t.fk = true;
                }
                (false, None) => {}
            },
            _ => {}
        }
    }
    // Keep to changes a database with rows can take at all: a new NOT NULL column needs a
    // default, and a new column filled with that one default cannot be unique.
    for t in &mut spec.tables {
        let Some(old) = base.tables.iter().find(|o| o.name == t.name) else { continue };
        let is_new = |name: &str| !old.cols.iter().any(|c| c.name == name);
        for c in &mut t.cols {
            if is_new(&c.name) && !c.nullable {
                c.default = true;
            }
        }
        if let Some((column, unique)) = &mut t.index {
            if is_new(column) {
                *unique = false;
            }
        }
    }
    spec
}

fn type_sql(kind: Kind, dialect: Dialect) -> String {
    match (kind, dialect) {
        (Kind::Int, Dialect::Mysql) => "int".into(),
        (Kind::Int, _) => "integer".into(),
        (Kind::BigInt, _) => "bigint".into(),
        (Kind::Varchar(n), _) => format!("varchar({n})"),
        (Kind::Decimal, Dialect::Mysql) => "decimal(10,2)".into(),
        (Kind::Decimal, _) => "numeric(10,2)".into(),
    }
}

fn default_sql(kind: Kind) -> &'static str {
    match kind {
        Kind::Int | Kind::BigInt => "7",
        Kind::Varchar(_) => "'dflt'",
        Kind::Decimal => "1.50",
    }
}

/// The columns the desired schema narrows, with how many of their current values the new type
/// changes (rounds a fraction away, or cannot hold for length): (table, column, count).
fn narrowed(current: &Spec, desired: &Spec) -> Vec<(String, String, usize)> {
    let mut out = Vec::new();
    for t in &current.tables {
        let Some(d) = desired.tables.iter().find(|d| d.name == t.name) else { continue };
        for (i, col) in t.cols.iter().enumerate() {
            let Some(to) = d.cols.iter().find(|c| c.name == col.name).map(|c| c.kind) else { continue };
            let changes = |r: usize| match (col.kind, to) {
                (Kind::Decimal, Kind::Int | Kind::BigInt) => i % 100 != 0,
                (Kind::Varchar(from), Kind::Varchar(n)) if n < from => format!("r{r}c{i}").len() > usize::from(n),
                _ => false,
            };
            let narrows =
                matches!((col.kind, to), (Kind::Decimal, Kind::Int | Kind::BigInt) | (Kind::BigInt, Kind::Int))
                    || matches!((col.kind, to), (Kind::Varchar(from), Kind::Varchar(n)) if n < from);
            if narrows {
                let count = (1..=t.rows).filter(|&r| value(col, i, r) != "NULL" && changes(r)).count();
                out.push((t.name.clone(), col.name.clone(), count));
            }
        }
    }
    out
}

/// The value of column `c` in row `r`: distinct per row (unique indexes hold), NULL in every third
/// row of a nullable column.
fn value(col: &Col, c: usize, r: usize) -> String {
    if col.nullable && r.is_multiple_of(3) {
        return "NULL".into();
    }
    match col.kind {
        Kind::Int | Kind::BigInt => (r * 7 + c).to_string(),
        Kind::Varchar(_) => format!("'r{r}c{c}'"),
        Kind::Decimal => format!("{r}.{c:02}"),
    }
}

/// The schema as DDL, and the rows as INSERTs when `with_rows`.
fn sql(spec: &Spec, dialect: Dialect, with_rows: bool) -> String {
    let q = |name: &str| quote_ident(dialect, name);
    let mut out = String::new();
    for t in &spec.tables {
        let id = if dialect == Dialect::Mysql { "int" } else { "integer" };
        let mut parts = vec![format!("{} {id} NOT NULL PRIMARY KEY", q("id"))];
        for c in &t.cols {
            let mut part = format!("{} {}", q(&c.name), type_sql(c.kind, dialect));
            if !c.nullable {
                part.push_str(" NOT NULL");
            }
            if c.default {
                let _ = write!(part, " DEFAULT {}", default_sql(c.kind));
            }
            parts.push(part);
        }
        if let Some(parent) = &t.parent {
            parts.push(format!("{} {id}", q("parent_id")));
            if t.fk {
                parts.push(format!(
                    "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({})",
                    q(&format!("{}_parent_fk", t.name)),
                    q("parent_id"),
                    q(parent),
                    q("id")
                ));
            }
        }
        let _ = writeln!(out, "CREATE TABLE {} ({});", q(&t.name), parts.join(", "));
        // An index on every parent_id, so that MySQL never adds one of its own for the key.
        if t.parent.is_some() {
            let _ = writeln!(
                out,
                "CREATE INDEX {} ON {} ({});",
                q(&format!("{}_parent", t.name)),
                q(&t.name),
                q("parent_id")
            );
        }
        if let Some((column, unique)) = &t.index {
            let unique = if *unique { "UNIQUE " } else { "" };
            let _ = writeln!(
                out,
                "CREATE {unique}INDEX {} ON {} ({});",
                q(&format!("{}_idx", t.name)),
                q(&t.name),
                q(column)
            );
        }
        if with_rows {
            for r in 1..=t.rows {
                let names: Vec<String> = t.cols.iter().map(|c| q(&c.name)).collect();
                let values: Vec<String> = t.cols.iter().enumerate().map(|(i, c)| value(c, i, r)).collect();
                let _ = writeln!(
                    out,
                    "INSERT INTO {} ({}, {}) VALUES ({r}, {});",
                    q(&t.name),
                    q("id"),
                    names.join(", "),
                    values.join(", ")
                );
            }
        }
    }
    out
}

/// One query per shared table: every row of the shared columns, as text, in key order.
fn shared_rows_query(current: &Tab, desired: &Tab, dialect: Dialect, changed: &[(String, String, usize)]) -> String {
    let q = |name: &str| quote_ident(dialect, name);
    let text = if dialect == Dialect::Mysql { "CHAR" } else { "TEXT" };
    let mut columns = vec!["id".to_owned()];
    columns.extend(
        current
            .cols
            .iter()
            .filter(|c| desired.cols.iter().any(|d| d.name == c.name))
            // A narrowed column's text changes with its type (1.00 reads 1) even where the value
            // does not: its values are checked by the count instead.
            .filter(|c| !changed.iter().any(|(t, col, _)| *t == current.name && *col == c.name))
            .map(|c| c.name.clone()),
    );
    let parts: Vec<String> = columns.iter().map(|c| format!("COALESCE(CAST({} AS {text}), '<null>')", q(c))).collect();
    let row = match dialect {
        Dialect::Mysql => format!("CONCAT_WS('|', {})", parts.join(", ")),
        _ => parts.join(" || '|' || "),
    };
    format!("SELECT {row} FROM {} ORDER BY {}", q(&current.name), q("id"))
}

/// Where a case runs: two databases, the current one (migrated) and the desired one.
enum Pair {
    Sqlite,
    Server(TestDb, TestDb),
}

struct Case<'a> {
    dialect: Dialect,
    pair: &'a Pair,
    current: &'a Spec,
    desired: &'a Spec,
    /// Plan online (`--online`): phases, concurrent builds, backfills, table copies.
    online: bool,
}

async fn rows(target: &Source, url: &str, sql: &str) -> Vec<String> {
    match target {
        Source::Sqlite { path } => {
            let mut conn = SqliteFile::open(path).await;
            sqlx::query(sql).fetch_all(&mut conn).await.unwrap().iter().map(|r| r.get(0)).collect()
        }
        Source::Postgres { .. } => {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query(sql).fetch_all(&mut conn).await.unwrap().iter().map(|r| r.get(0)).collect()
        }
        _ => {
            let mut conn = sqlx::MySqlConnection::connect(url).await.unwrap();
            sqlx::query(sql).fetch_all(&mut conn).await.unwrap().iter().map(|r| r.get(0)).collect()
        }
    }
}

impl Case<'_> {
    async fn run(&self) -> Result<(), TestCaseError> {
        let current_sql = sql(self.current, self.dialect, true);
        let desired_sql = sql(self.desired, self.dialect, false);
        let context = format!("current:\n{current_sql}\ndesired:\n{desired_sql}");
        let sqlite;
        let (a, b, a_url) = match self.pair {
            Pair::Sqlite => {
                sqlite = (SqliteFile::with_sql(&current_sql).await, SqliteFile::with_sql(&desired_sql).await);
                let a = Source::Sqlite { path: sqlite.0.path().to_owned() };
                (a, Source::Sqlite { path: sqlite.1.path().to_owned() }, String::new())
            }
            Pair::Server(a, b) => {
                let drop = reset_sql(self.dialect);
                a.exec(&drop).await;
                b.exec(&drop).await;
                a.try_exec(&current_sql).await.map_err(|e| TestCaseError::fail(format!("{e}\n{context}")))?;
                b.try_exec(&desired_sql).await.map_err(|e| TestCaseError::fail(format!("{e}\n{context}")))?;
                (a.source(), b.source(), a.url().to_owned())
            }
        };
        let shared: Vec<(&Tab, &Tab)> = self
            .current
            .tables
            .iter()
            .filter_map(|c| self.desired.tables.iter().find(|d| d.name == c.name).map(|d| (c, d)))
            .collect();
        let changed = narrowed(self.current, self.desired);
        let mut before = Vec::new();
        for (c, d) in &shared {
            before.push(rows(&a, &a_url, &shared_rows_query(c, d, self.dialect, &changed)).await);
        }

        let (from, to) = (a.load().await.unwrap(), b.load().await.unwrap());
        let options = DiffOptions::default();
        let facts = live_facts(&a, &probes(&from, &to, &options).unwrap()).await.unwrap().facts;
        let online = self.online.then(|| plumb_db::apply::pt_osc::online_for(&a));
        let plan = plan_with(&from, &to, &options, online.as_ref(), &facts)
            .map_err(|e| TestCaseError::fail(format!("plan: {e}\n{context}")))?;
        let sql_text: String = plan.steps.iter().map(|s| format!("{};\n", s.sql)).collect();
        let unread = unreadable(&plan);
        prop_assert!(unread.is_empty(), "Plumb's linter cannot read Plumb's own SQL: {:?}\n{}", unread, sql_text);
        // SQLite keeps every value as it is (type affinity): only the servers change them.
        if self.dialect != Dialect::Sqlite {
            for (table, column, count) in &changed {
                let finding = plan
                    .findings
                    .iter()
                    .find(|f| f.rule == "lossy-type-change" && f.message.contains(&format!("{table}.{column} ")));
                let finding = finding.ok_or_else(|| {
                    TestCaseError::fail(format!(
                        "no lossy-type-change for {table}.{column}: {:#?}\n{context}",
                        plan.findings
                    ))
                })?;
                let value = if *count == 1 { "value" } else { "values" };
                prop_assert_eq!(
                    (
                        finding.blocks(),
                        *count == 0 || finding.message.contains(&format!("; {count} current {value} would"))
                    ),
                    (*count > 0, true),
                    "{}: {} values would change\n{}",
                    finding.message,
                    count,
                    context
                );
            }
        }
        let report = match apply_to_scratch(&a, &plan).await {
            Ok(report) => report,
            // The database refuses a value the new type cannot hold (rather than cut it): fine,
            // and a transactional one is left exactly as it was.
            Err(e) if changed.iter().any(|(_, _, n)| *n > 0) => {
                if plan.transactional {
                    let now = a.load().await.unwrap();
                    prop_assert_eq!(now.fingerprint(), from.fingerprint(), "a refused run changes nothing: {}", e);
                }
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("apply: {e}\n{context}\nplan:\n{sql_text}"))),
        };
        if !report.verified {
            let left = diff(&a.load().await.unwrap(), &to, &DiffOptions::default()).unwrap();
            return Err(TestCaseError::fail(format!(
                "did not converge: {:?}\n{context}\nplan:\n{sql_text}",
                left.changes
            )));
        }
        for ((c, d), before) in shared.iter().zip(before) {
            let after = rows(&a, &a_url, &shared_rows_query(c, d, self.dialect, &changed)).await;
            prop_assert_eq!(&before, &after, "rows of {} changed\n{}\nplan:\n{}", c.name, context, sql_text);
        }
        Ok(())
    }
}

fn reset_sql(dialect: Dialect) -> String {
    let names: Vec<String> = (0..MAX_TABLES).map(|i| quote_ident(dialect, &format!("t{i}"))).collect();
    match dialect {
        Dialect::Postgres => format!("DROP TABLE IF EXISTS {} CASCADE;", names.join(", ")),
        _ => format!(
            "SET FOREIGN_KEY_CHECKS = 0; DROP TABLE IF EXISTS {}; SET FOREIGN_KEY_CHECKS = 1;",
            names.join(", ")
        ),
    }
}

fn check(dialect: Dialect, pair: Pair, online: bool) {
    let cases: u32 = std::env::var("PLUMB_PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(200);
    // Online plans run phase by phase (each a round trip or more): a quarter of the cases.
    let cases = if online { cases.div_ceil(4) } else { cases };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let config = Config { cases, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    let result = runner.run(&(base(), mutations()), |(current, changes)| {
        let desired = mutate(&current, &changes);
        runtime.block_on(Case { dialect, pair: &pair, current: &current, desired: &desired, online }.run())
    });
    if let Err(e) = result {
        panic!("{dialect:?}: {e}");
    }
}

#[test]
fn sqlite_plans_converge_and_keep_every_row() {
    check(Dialect::Sqlite, Pair::Sqlite, false);
}

/// A pair of fresh databases on `server`, named for the test.
fn server_pair(server: Server, a: &str, b: &str) -> Pair {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async { Pair::Server(TestDb::fresh(server, a).await, TestDb::fresh(server, b).await) })
}

#[test]
fn postgres_plans_converge_and_keep_every_row() {
    check(Dialect::Postgres, server_pair(Server::Postgres, "prop_pg_a", "prop_pg_b"), false);
}

#[test]
fn mysql_plans_converge_and_keep_every_row() {
    check(Dialect::Mysql, server_pair(Server::Mysql, "prop_my_a", "prop_my_b"), false);
}

#[test]
fn postgres_online_plans_converge_and_keep_every_row() {
    check(Dialect::Postgres, server_pair(Server::Postgres, "prop_pg_online_a", "prop_pg_online_b"), true);
}

#[test]
fn mysql_online_plans_converge_and_keep_every_row() {
    check(Dialect::Mysql, server_pair(Server::Mysql, "prop_my_online_a", "prop_my_online_b"), true);
}

/// The statements of a plan (forward and back) that Plumb's own linter cannot read.
fn unreadable(plan: &plumb_engine::plan::Plan) -> Vec<String> {
    let text: String = plan.steps.iter().chain(&plan.rollback).map(|s| format!("{};\n", s.sql)).collect();
    let options = plumb_engine::lint::LintOptions::new(plan.flavor.dialect());
    plumb_engine::lint::lint_sql(&text, &options)
        .into_iter()
        .filter(|f| f.rule == "unparsable-statement")
        .map(|f| format!("line {:?}: {}", f.line, f.message))
        .collect()
}
