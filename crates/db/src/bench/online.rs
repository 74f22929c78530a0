//! `plumb bench online`: what a schema change does to an application writing to the table. On
//! a throwaway database of the server, an `orders` table of N rows gets the change of issue 18
//! (a NOT NULL, two widened numbers, a new column, two indexes of which one unique, a foreign
//! key), once by the ordinary plan and once by the online plan, while one client inserts rows
//! without pause; each insert's wait is measured.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor};

use plumb_engine::dialect::{Dialect, Flavor};
use plumb_engine::diff::DiffOptions;
use plumb_engine::lint::Severity;
use plumb_engine::plan::{plan_with, Plan};

use crate::connect::{connect_postgres, open_mysql, ServerTarget};
use crate::scratch::with_scratch;
use crate::{Error, Result, Source};

/// Customers the orders point at.
const CUSTOMERS: u64 = 1_000;

/// What one plan did to the writer.
#[derive(Debug, Clone)]
pub struct WriterFigures {
    /// Online or ordinary.
    pub online: bool,
    /// Steps of the plan.
    pub steps: usize,
    /// Blocking findings about locks in the plan, by Plumb's own linter.
    pub lock_findings: usize,
    /// How long the apply took, gate and verification included.
    pub total: Duration,
    /// Inserts that succeeded during the apply.
    pub writes: usize,
    /// Inserts that failed.
    pub failed_writes: usize,
    /// The longest single insert.
    pub longest: Duration,
    /// The 99th percentile of the inserts.
    pub p99: Duration,
    /// Whether the target has the desired schema afterwards (post-verify, zero diff).
    pub verified: bool,
    /// Whether every row is there afterwards: the rows loaded and every insert that succeeded.
    pub rows_kept: bool,
    /// Inserts retried after the server chose them as a deadlock's victim.
    pub retried: usize,
    /// What the server said to the first insert that failed.
    pub first_failure: Option<String>,
}

/// Runs the ordinary and the online plan of the change on `rows` rows on `server`'s server
/// (throwaway databases, dropped afterwards). `say` hears what is being done.
pub async fn run(server: &Source, rows: u64, say: &(dyn Fn(&str) + Send + Sync)) -> Result<Vec<WriterFigures>> {
    let dialect = match server {
        Source::Postgres { .. } => Dialect::Postgres,
        Source::Mysql { .. } => Dialect::Mysql,
        other => {
            return Err(Error::Unsupported {
                what: format!("the online benchmark on {other}"),
                hint: "give a postgres:// or mysql:// server URL (it creates and drops its own databases)".into(),
            })
        }
    };
    with_scratch(server, "bench_online_to", |desired| async move {
        exec(&desired, &schema(dialect, true)).await?;
        let to = desired.load().await?;
        let mut figures = Vec::new();
        for online in [false, true] {
            let figure = with_scratch(server, "bench_online", |target| {
                let to = to.clone();
                async move {
                    say(&format!("loading {rows} rows for the {} plan", if online { "online" } else { "ordinary" }));
                    exec(&target, &schema(dialect, false)).await?;
                    exec(&target, &load(to.flavor, rows)).await?;
                    let from = target.load().await?;
                    let how = online.then(|| crate::apply::pt_osc::online_for(&target));
                    let plan = plan_with(&from, &to, &DiffOptions::default(), how.as_ref(), &Default::default())
                        .map_err(|e| Error::Unsupported {
                            what: format!("planning the benchmark ({e})"),
                            hint: String::new(),
                        })?;
                    say(&format!(
                        "applying the {} plan ({} steps) beside the writer",
                        if online { "online" } else { "ordinary" },
                        plan.steps.len()
                    ));
                    measure(&target, &plan, online, rows).await
                }
            })
            .await?;
            figures.push(figure);
        }
        Ok(figures)
    })
    .await
}

/// Applies `plan` to `target` while a writer inserts; the writer's figures.
async fn measure(target: &Source, plan: &Plan, online: bool, rows: u64) -> Result<WriterFigures> {
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn(write_until(target.clone(), Arc::clone(&stop)));
    // Let the writer settle first: its first inserts are not the plan's doing.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let applied = crate::apply::apply_to_scratch(target, plan).await;
    let total = started.elapsed();
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let Written { mut waits, failed, retried, first_failure } =
        writer.await.map_err(|e| Error::Unsupported { what: format!("the writer ({e})"), hint: String::new() })??;
    let report = applied?;
    let counted = count(target, "SELECT COUNT(*) FROM orders").await?;
    let rows_kept = u64::try_from(counted).ok() == Some(rows + u64::try_from(waits.len()).unwrap_or(u64::MAX));
    waits.sort();
    let p99 = waits.get((waits.len() * 99 / 100).min(waits.len().saturating_sub(1))).copied().unwrap_or_default();
    Ok(WriterFigures {
        online,
        steps: plan.steps.len(),
        lock_findings: plan
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Block && plumb_engine::plan::online::is_lock_rule(&f.rule))
            .count(),
        total,
        writes: waits.len(),
        failed_writes: failed,
        longest: waits.last().copied().unwrap_or_default(),
        p99,
        verified: report.verified,
        rows_kept,
        retried,
        first_failure,
    })
}

/// What the writer did.
struct Written {
    /// Each successful insert's time, retries included.
    waits: Vec<Duration>,
    /// Inserts that failed (after retries).
    failed: usize,
    /// Attempts retried after a deadlock.
    retried: usize,
    /// What the server said to the first insert that failed.
    first_failure: Option<String>,
}

/// Whether the server chose the statement as a deadlock's victim (SQLSTATE 40001).
fn deadlock(error: &sqlx::Error) -> bool {
    error.as_database_error().and_then(|e| e.code()).is_some_and(|code| code == "40001")
}

/// Inserts one order at a time until told to stop: each insert's time, the failures and what the
/// server said to the first.
async fn write_until(target: Source, stop: Arc<AtomicBool>) -> Result<Written> {
    let mut waits = Vec::new();
    let mut failed = 0;
    let mut first_failure = None;
    let mut retried = 0;
    let mut n: u64 = 0;
    let insert = "INSERT INTO orders (customer_id, quantity, amount, status, reference) VALUES (";
    macro_rules! drive {
        ($conn:expr) => {{
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let sql = format!("{insert}{}, 1, 9.99, 'new', 'w{n}')", 1 + n % CUSTOMERS);
                let started = Instant::now();
                // A deadlock victim is retried, as MySQL asks every application to
                // (<https://dev.mysql.com/doc/refman/8.0/en/innodb-deadlocks-handling.html>); its
                // wait counts every attempt.
                let mut attempts = 0;
                loop {
                    attempts += 1;
                    match $conn.execute(sqlx::raw_sql(&sql)).await {
                        Ok(_) => {
                            waits.push(started.elapsed());
                            break;
                        }
                        Err(e) if attempts < 3 && deadlock(&e) => retried += 1,
                        Err(e) => {
                            failed += 1;
                            first_failure.get_or_insert_with(|| e.to_string());
                            break;
                        }
                    }
                }
            }
            let _ = $conn.close().await;
        }};
    }
    match &target {
        Source::Postgres { url } => {
            let mut conn = connect_postgres(&ServerTarget::from_url(url)?).await?;
            drive!(conn);
        }
        Source::Mysql { url } => {
            let (mut conn, _, _) = open_mysql(&ServerTarget::from_url(url)?).await?;
            drive!(conn);
        }
        _ => {}
    }
    Ok(Written { waits, failed, retried, first_failure })
}

/// The first column of the first row of `sql`, an integer.
async fn count(target: &Source, sql: &str) -> Result<i64> {
    let query = |source| Error::Query { query: "online benchmark count", source };
    match target {
        Source::Postgres { url } => {
            let mut conn = connect_postgres(&ServerTarget::from_url(url)?).await?;
            sqlx::query_scalar(sql).fetch_one(&mut conn).await.map_err(query)
        }
        Source::Mysql { url } => {
            let (mut conn, _, _) = open_mysql(&ServerTarget::from_url(url)?).await?;
            sqlx::query_scalar(sql).fetch_one(&mut conn).await.map_err(query)
        }
        _ => Ok(0),
    }
}

async fn exec(target: &Source, sql: &str) -> Result<()> {
    crate::scratch::execute(target, sql, "online benchmark set-up").await
}

/// The tables before the change, or after it (`changed`).
fn schema(dialect: Dialect, changed: bool) -> String {
    let (id, int, big, text) = match dialect {
        Dialect::Postgres => ("bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "integer", "bigint", "text"),
        _ => ("bigint NOT NULL AUTO_INCREMENT PRIMARY KEY", "int", "bigint", "varchar(40)"),
    };
    let customers = format!("CREATE TABLE customers (id bigint PRIMARY KEY, name {text});\n");
    if !changed {
        return format!(
            "{customers}CREATE TABLE orders (id {id}, customer_id bigint, quantity {int}, amount numeric(10,2), \
             status {text}, reference {text});"
        );
    }
    format!(
        "{customers}CREATE TABLE orders (id {id}, customer_id bigint, quantity {big}, amount numeric(12,2), \
         status {text} NOT NULL, reference {text}, note {text}, \
         CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id));\n\
         CREATE INDEX orders_customer_idx ON orders (customer_id);\n\
         CREATE UNIQUE INDEX orders_reference_key ON orders (reference);"
    )
}

/// `rows` orders over the customers.
fn load(flavor: Flavor, rows: u64) -> String {
    // A recursive count works on MySQL 8 and MariaDB alike, once its depth limit allows it.
    let depth = match flavor {
        Flavor::Mariadb => "max_recursive_iterations",
        _ => "cte_max_recursion_depth",
    };
    match flavor.dialect() {
        Dialect::Postgres => format!(
            "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, {CUSTOMERS}) g;\n\
             INSERT INTO orders (customer_id, quantity, amount, status, reference) \
             SELECT 1 + g % {CUSTOMERS}, g % 100, g % 1000 * 0.25, 'new', 'r' || g FROM generate_series(1, {rows}) g;\n\
             ANALYZE orders;"
        ),
        _ => format!(
            "SET SESSION {depth} = {limit};\n\
             INSERT INTO customers WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {CUSTOMERS}) \
             SELECT i, CONCAT('customer ', i) FROM n;\n\
             INSERT INTO orders (customer_id, quantity, amount, status, reference) \
             WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) \
             SELECT 1 + i % {CUSTOMERS}, i % 100, i % 1000 * 0.25, 'new', CONCAT('r', i) FROM n;\n\
             ANALYZE TABLE orders;",
            limit = rows.max(CUSTOMERS) + 1
        ),
    }
}
