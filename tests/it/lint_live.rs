//! Live-data checks against real databases with seeded rows: the safety findings of a plan say
//! what the data holds (values a dropped column loses, NULLs, duplicates, values too long,
//! orphans, rows a CHECK rejects), on PostgreSQL, MariaDB and SQLite.

use plumb_db::live::live_facts;
use plumb_db::Source;
use plumb_engine::diff::DiffOptions;
use plumb_engine::lint::{Finding, Severity};
use plumb_engine::plan::{plan_with_facts, probes};
use plumb_tests::{Server, SqliteFile, TestDb};

const CURRENT: &str = "
CREATE TABLE teams (id INTEGER PRIMARY KEY);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email VARCHAR(200),
  name VARCHAR(100),
  team_id INTEGER,
  age INTEGER,
  legacy TEXT
);
INSERT INTO teams (id) VALUES (1);
INSERT INTO users (id, email, name, team_id, age, legacy) VALUES
  (1, 'a@example.com', 'Ada', 1, 36, 'x'),
  (2, 'a@example.com', 'Grace', 1, 45, 'y'),
  (3, 'c@example.com', NULL, 99, 50, NULL),
  (4, 'd@example.com', 'a name far longer than twenty characters', 99, -1, 'z'),
  (5, NULL, 'Edsger', NULL, 70, NULL);
";

const DESIRED: &str = "
CREATE TABLE teams (id INTEGER PRIMARY KEY);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email VARCHAR(200),
  name VARCHAR(20) NOT NULL,
  team_id INTEGER,
  age INTEGER,
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_team_fk FOREIGN KEY (team_id) REFERENCES teams (id),
  CONSTRAINT users_age_check CHECK (age >= 0)
);
";

async fn findings(current: &Source, desired: &Source) -> Vec<Finding> {
    let (from, to) = (current.load().await.unwrap(), desired.load().await.unwrap());
    let options = DiffOptions::default();
    let asked = probes(&from, &to, &options).unwrap();
    assert!(asked.len() >= 6, "{asked:?}");
    let report = live_facts(current, &asked).await.unwrap();
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    plan_with_facts(&from, &to, &options, &report.facts).unwrap().findings
}

fn message<'a>(findings: &'a [Finding], rule: &str) -> &'a Finding {
    findings.iter().find(|f| f.rule == rule).unwrap_or_else(|| panic!("no {rule} in {findings:#?}"))
}

fn assert_numbers(findings: &[Finding]) {
    let expect = [
        ("drop-column", "holding 3 non-null values"),
        ("not-null-violations", "1 row of"),
        ("unique-violations", "1 value of"),
        ("lossy-type-change", "1 current value would change or be refused"),
        ("foreign-key-orphans", "2 rows of"),
        ("check-violations", "1 row of"),
    ];
    for (rule, text) in expect {
        let finding = message(findings, rule);
        assert!(finding.message.contains(text), "{rule}: {:?} should say {text:?}", finding.message);
        assert_eq!(finding.severity, Severity::Block, "{rule}");
    }
}

#[tokio::test]
async fn postgres_findings_carry_the_numbers_in_the_data() {
    let current = TestDb::fresh(Server::Postgres, "lint_live_pg_current").await;
    let desired = TestDb::fresh(Server::Postgres, "lint_live_pg_desired").await;
    current.exec(CURRENT).await;
    desired.exec(DESIRED).await;
    let found = findings(&current.source(), &desired.source()).await;
    assert_numbers(&found);
    // Five rows: the locks these changes take are brief, so they warn instead of blocking.
    let lock = message(&found, "pg-set-not-null-scan");
    assert_eq!(lock.severity, Severity::Warn, "{lock:?}");
}

#[tokio::test]
async fn mariadb_findings_carry_the_numbers_in_the_data() {
    let current = TestDb::fresh(Server::Mysql, "lint_live_my_current").await;
    let desired = TestDb::fresh(Server::Mysql, "lint_live_my_desired").await;
    current.exec(CURRENT).await;
    desired.exec(DESIRED).await;
    assert_numbers(&findings(&current.source(), &desired.source()).await);
}

#[tokio::test]
async fn sqlite_findings_carry_the_numbers_in_the_data() {
    let current = SqliteFile::with_sql(CURRENT).await;
    let desired = SqliteFile::with_sql(DESIRED).await;
    let source = |f: &SqliteFile| Source::Sqlite { path: f.path().to_owned() };
    assert_numbers(&findings(&source(&current), &source(&desired)).await);
}

#[tokio::test]
async fn a_probe_the_server_refuses_is_skipped_and_said() {
    let current = TestDb::fresh(Server::Postgres, "lint_live_pg_refused").await;
    current.exec("CREATE TABLE t (a int);").await;
    let probe = plumb_engine::lint::live::Probe {
        table: plumb_engine::lint::op::ObjectRef::new(Some("public"), "t"),
        kind: plumb_engine::lint::live::ProbeKind::CheckViolations { expression: "no_such_column > 0".into() },
    };
    let report = live_facts(&current.source(), std::slice::from_ref(&probe)).await.unwrap();
    assert!(report.facts.is_empty());
    assert_eq!(report.skipped.len(), 1);
    assert!(report.skipped[0].1.contains("no_such_column"), "{:?}", report.skipped);
}
