//! Online plans through the command line, on the real servers: `plumb` killed in the middle of
//! the backfill (PostgreSQL) or the table copy (MariaDB, pt-online-schema-change), then
//! `plumb apply --resume` completes the plan, the target converges and the evidence tells the
//! phases, the interruption and the resumption.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use sqlx::{Connection, Executor};

fn plumb(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumb")).args(args).current_dir(dir).env_remove("RUST_LOG").output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The server's URL for `database`, from the admin URL the tests run with.
fn url(admin: &str, database: &str) -> String {
    let mut url = url::Url::parse(admin).unwrap();
    url.set_path(&format!("/{database}"));
    url.to_string()
}

/// Creates `database` afresh with `sql` in it.
async fn database(admin: &str, database: &str, sql: &str) -> String {
    let target = url(admin, database);
    if admin.starts_with("postgres") {
        let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
        conn.execute(sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))).await.unwrap();
        conn.execute(sqlx::raw_sql(&format!("CREATE DATABASE {database}"))).await.unwrap();
        let mut conn = sqlx::PgConnection::connect(&target).await.unwrap();
        conn.execute(sqlx::raw_sql(sql)).await.unwrap();
    } else {
        let mut conn = sqlx::MySqlConnection::connect(admin).await.unwrap();
        conn.execute(sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}")))
            .await
            .unwrap();
        let mut conn = sqlx::MySqlConnection::connect(&target).await.unwrap();
        conn.execute(sqlx::raw_sql(sql)).await.unwrap();
    }
    target
}

/// Two databases of a test and their URLs, dropped when the test ends, passed or failed.
struct Pair {
    admin: String,
    names: [String; 2],
    from: String,
    to: String,
}

impl Drop for Pair {
    fn drop(&mut self) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            for name in &self.names {
                let drop = if self.admin.starts_with("postgres") {
                    let mut conn = sqlx::PgConnection::connect(&self.admin).await.unwrap();
                    conn.execute(sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")))
                        .await
                        .map(|_| ())
                } else {
                    let mut conn = sqlx::MySqlConnection::connect(&self.admin).await.unwrap();
                    conn.execute(sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name}"))).await.map(|_| ())
                };
                if let Err(e) = drop {
                    eprintln!("could not drop the test database {name}: {e}");
                }
            }
        });
    }
}

/// Two fresh databases on the server of `admin` (`PLUMB_TEST_PG_URL` or `PLUMB_TEST_MYSQL_URL`,
/// else the local one), named `NAME_a` and `NAME_b`, built with their SQL.
fn pair(mysql: bool, name: &str, from_sql: &str, to_sql: &str) -> Pair {
    let admin = match mysql {
        true => std::env::var("PLUMB_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/mysql".into()),
        false => {
            std::env::var("PLUMB_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let names = [format!("{name}_a"), format!("{name}_b")];
        let from = database(&admin, &names[0], from_sql).await;
        let to = database(&admin, &names[1], to_sql).await;
        Pair { admin: admin.clone(), names, from, to }
    })
}

/// Plans `from` → `to` online, starts the apply, kills `plumb` once it reports progress of its
/// backfill or copy, resumes, and checks the result and the evidence.
fn kill_in_the_backfill_then_resume(from: &str, to: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    // Small batches with a pause: the backfill lasts long enough to be killed in.
    std::fs::write(
        dir.path().join(".plumb/policy.toml"),
        "[environments.dev]\nbackfill_batch_rows = 2000\nbackfill_pause_ms = 5\n",
    )
    .unwrap();
    let planned = plumb(dir.path(), &["plan", from, to, "--online", "--out", "plan.json"]);
    assert_eq!(planned.status.code(), Some(0), "{}", text(&planned.stderr));
    let sql = text(&planned.stdout);
    assert!(sql.contains("online, in"), "{sql}");
    assert!(!sql.contains(" block "), "an online plan has no blocking finding here:\n{sql}");

    let mut run = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(["apply", "plan.json", "--to", from, "--env", "dev", "--yes"])
        .current_dir(dir.path())
        .env_remove("RUST_LOG")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(120);
    for line in BufReader::new(run.stderr.take().unwrap()).lines() {
        let line = line.unwrap();
        // `      0 of 100: started`, `      4000 of 200000, 51234 rows/s, about 3 s left`.
        let progress = line.starts_with("      ") && line.contains(" of ");
        said.push(line);
        if progress || Instant::now() > deadline {
            break;
        }
    }
    run.kill().unwrap();
    run.wait().unwrap();
    assert!(said.iter().any(|l| l.starts_with("      ") && l.contains(" of ")), "killed in the backfill: {said:#?}");

    let history = plumb(dir.path(), &["history", "--to", from]);
    assert!(
        text(&history.stdout).contains("INTERRUPTED"),
        "the dead run reads as interrupted: {}",
        text(&history.stdout)
    );
    let not_yet = plumb(dir.path(), &["diff", from, to, "--exit-code"]);
    assert_eq!(not_yet.status.code(), Some(2), "the killed run left the change unfinished");
    let resumed = plumb(dir.path(), &["apply", "plan.json", "--to", from, "--env", "dev", "--yes", "--resume"]);
    let err = text(&resumed.stderr);
    assert_eq!(resumed.status.code(), Some(0), "{err}\n{}", text(&resumed.stdout));
    assert!(err.contains("resuming run"), "{err}");
    let converged = plumb(dir.path(), &["diff", from, to, "--exit-code"]);
    assert_eq!(converged.status.code(), Some(0), "{}", text(&converged.stdout));

    let runs: Vec<_> = std::fs::read_dir(dir.path().join(".plumb/runs")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(runs.len(), 1, "the resumed run is the interrupted one: {runs:?}");
    let log = std::fs::read_to_string(runs[0].join("03-execution-log.md")).unwrap();
    assert!(log.contains("### Phase"), "{log}");
    assert_eq!(log.matches("# Execution log").count(), 2, "both runs wrote their part: {log}");
    assert!(log.contains("# Execution log (resumed)") && log.contains("was interrupted"), "{log}");
    assert!(log.contains("All "), "{log}");
    if from.starts_with("mysql") {
        assert!(log.contains("`pt-online-schema-change --alter"), "the evidence shows the tool's command: {log}");
    }
}

#[test]
fn postgres_online_plan_killed_in_its_backfill_resumes_and_converges() {
    let databases = pair(
        false,
        "plumb_cli_online_pg",
        "CREATE TABLE orders (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, quantity integer, status text);\
             INSERT INTO orders (quantity, status) SELECT g % 100, 'new' FROM generate_series(1, 200000) g;",
        "CREATE TABLE orders (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, quantity bigint, status text NOT NULL);\
             CREATE INDEX orders_status_idx ON orders (status);",
    );
    kill_in_the_backfill_then_resume(&databases.from, &databases.to);
}

#[test]
fn mariadb_online_plan_killed_in_its_table_copy_resumes_and_converges() {
    if Command::new("pt-online-schema-change").arg("--version").output().is_err() {
        eprintln!("NOT RUN: pt-online-schema-change is not installed (apt-get install percona-toolkit)");
        return;
    }
    let databases = pair(
        true,
        "plumb_cli_online_my",
        "CREATE TABLE orders (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, quantity int, status varchar(20));\
             SET SESSION max_recursive_iterations = 500000;\
             INSERT INTO orders (quantity, status) WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400000) SELECT i % 100, 'new' FROM n;",
        "CREATE TABLE orders (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, quantity bigint, status varchar(20) NOT NULL, KEY orders_status_idx (status));",
    );
    kill_in_the_backfill_then_resume(&databases.from, &databases.to);
}

/// `plumb plan --split` on PostgreSQL: the expand plan keeps what the running version uses (a
/// dropped column stays, nullable), `plumb drift` tells a database between the two plans, the
/// contract plan finishes the change.
#[test]
fn a_split_plan_expands_first_and_drift_knows_the_database_in_between() {
    let databases = pair(
        false,
        "plumb_cli_split",
        "CREATE TABLE users (id bigint PRIMARY KEY, name text, legacy text NOT NULL);\
             INSERT INTO users SELECT g, 'user ' || g, 'old ' || g FROM generate_series(1, 100) g;",
        "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text);",
    );
    let (from, to) = (databases.from.clone(), databases.to.clone());
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    std::fs::write(
        dir.path().join(".plumb/project.toml"),
        format!(
            "truth = \"database\"\ndatabase = \"desired\"\n[environments]\ndesired = \"{to}\"\nlive = \"{from}\"\n"
        ),
    )
    .unwrap();
    let planned = plumb(dir.path(), &["plan", &from, &to, "--online", "--split", "--out", "change.json"]);
    let sql = text(&planned.stdout);
    assert_eq!(planned.status.code(), Some(0), "{}", text(&planned.stderr));
    assert!(sql.contains("-- EXPAND") && sql.contains("-- CONTRACT"), "{sql}");
    let (expand, contract) = (dir.path().join("change.expand.json"), dir.path().join("change.contract.json"));
    assert!(expand.is_file() && contract.is_file(), "{sql}");
    let expand_plan: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&expand).unwrap()).unwrap();
    let steps: Vec<&str> =
        expand_plan["steps"].as_array().unwrap().iter().map(|s| s["sql"].as_str().unwrap()).collect();
    assert!(steps.iter().all(|s| !s.contains("DROP COLUMN")), "the expand plan drops nothing: {steps:#?}");
    assert!(
        steps.iter().any(|s| s.contains("\"legacy\" DROP NOT NULL")),
        "the new version writes no legacy: {steps:#?}"
    );

    let applied = plumb(dir.path(), &["apply", "change.expand.json", "--to", &from, "--env", "dev", "--yes"]);
    assert_eq!(applied.status.code(), Some(0), "{}", text(&applied.stderr));
    let drift = plumb(dir.path(), &["drift"]);
    let said = text(&drift.stdout);
    assert_eq!(drift.status.code(), Some(2), "{said}{}", text(&drift.stderr));
    assert!(said.contains("between expand and contract") && said.contains("change.contract.json"), "{said}");

    // The contract half drops the column: its database's name is typed, on dev too.
    let name = from.parse::<plumb_db::Source>().unwrap().database_name();
    let applied = plumb(
        dir.path(),
        &[
            "apply",
            "change.contract.json",
            "--to",
            &from,
            "--env",
            "dev",
            "--yes",
            "--confirm",
            &name,
            "--allow",
            "drop-column",
        ],
    );
    assert_eq!(applied.status.code(), Some(0), "{}", text(&applied.stderr));
    let drift = plumb(dir.path(), &["drift"]);
    assert_eq!(drift.status.code(), Some(0), "{}", text(&drift.stdout));
}
