//! The gate around apply: nothing is written to a database that changed since the plan was made,
//! nor from a plan edited after it was written; a failing step leaves PostgreSQL and SQLite as
//! they were, and on MySQL/MariaDB says exactly which steps ran.

use plumb_db::apply::apply_to_scratch;
use plumb_db::{ErrorKind, Source};
use plumb_engine::diff::DiffOptions;
use plumb_engine::plan::{plan, Plan};
use plumb_tests::{Server, SqliteFile, TestDb};

#[tokio::test]
async fn a_target_that_changed_since_the_plan_is_refused_and_left_alone() {
    let current = SqliteFile::with_sql("CREATE TABLE t (a INTEGER);").await;
    let desired = SqliteFile::with_sql("CREATE TABLE t (a INTEGER, b TEXT);").await;
    let target = Source::Sqlite { path: current.path().to_owned() };
    let plan = plan(
        &target.load().await.unwrap(),
        &Source::Sqlite { path: desired.path().to_owned() }.load().await.unwrap(),
        &DiffOptions::default(),
    )
    .unwrap();

    let mut conn = SqliteFile::open(current.path()).await;
    sqlx::query("CREATE TABLE someone_elses (x INTEGER)").execute(&mut conn).await.unwrap();
    let before = target.load().await.unwrap();
    let err = apply_to_scratch(&target, &plan).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Conflict, "{err}");
    assert!(err.to_string().contains("the database changed since the plan was made"), "{err}");
    assert!(err.to_string().contains("nothing was written"), "{err}");
    // The drift is exactly what someone else did: one added table, outside what the plan changes.
    let plumb_db::Error::StaleSchema { drift, elsewhere, .. } = &err else { panic!("not a stale schema: {err}") };
    assert!(drift.changes.is_empty(), "{drift:?}");
    assert_eq!(elsewhere, &["table someone_elses is new"]);
    assert!(err.to_string().contains("1 difference(s), 1 of them in objects the plan leaves alone"), "{err}");
    assert_eq!(target.load().await.unwrap(), before, "nothing was written");

    // A change to the table the plan changes is shown as a change of it.
    sqlx::query("DROP TABLE someone_elses").execute(&mut conn).await.unwrap();
    sqlx::query("ALTER TABLE t ADD COLUMN c REAL").execute(&mut conn).await.unwrap();
    let err = apply_to_scratch(&target, &plan).await.unwrap_err();
    let plumb_db::Error::StaleSchema { drift, elsewhere, .. } = &err else { panic!("not a stale schema: {err}") };
    assert!(elsewhere.is_empty(), "{elsewhere:?}");
    let first = &serde_json::to_value(drift).unwrap()["changes"][0];
    assert_eq!((first["change"].as_str(), first["table"].as_str()), (Some("modify_table"), Some("t")), "{first}");
    assert_eq!(drift.changes.len(), 1, "{drift:?}");
}

#[tokio::test]
async fn an_edited_plan_is_refused() {
    let current = SqliteFile::with_sql("CREATE TABLE t (a INTEGER);").await;
    let desired = SqliteFile::with_sql("CREATE TABLE t (a INTEGER, b TEXT);").await;
    let plan = plan(
        &Source::Sqlite { path: current.path().to_owned() }.load().await.unwrap(),
        &Source::Sqlite { path: desired.path().to_owned() }.load().await.unwrap(),
        &DiffOptions::default(),
    )
    .unwrap();
    let text = plan.to_json();
    assert_eq!(Plan::from_json(&text).unwrap(), plan, "a plan reads back as written");
    let edited = text.replace("ADD COLUMN \\\"b\\\" TEXT", "ADD COLUMN \\\"b\\\" BLOB");
    assert_ne!(edited, text, "the edit applies");
    let err = Plan::from_json(&edited).unwrap_err();
    assert!(err.to_string().contains("the plan was edited after it was written"), "{err}");
}

#[tokio::test]
async fn a_plan_for_another_dialect_is_refused() {
    let sqlite_current = SqliteFile::with_sql("CREATE TABLE t (a INTEGER);").await;
    let sqlite_desired = SqliteFile::with_sql("CREATE TABLE t (a INTEGER, b TEXT);").await;
    let plan = plan(
        &Source::Sqlite { path: sqlite_current.path().to_owned() }.load().await.unwrap(),
        &Source::Sqlite { path: sqlite_desired.path().to_owned() }.load().await.unwrap(),
        &DiffOptions::default(),
    )
    .unwrap();
    let pg = TestDb::fresh(Server::Postgres, "gate_wrong_dialect").await;
    let err = apply_to_scratch(&pg.source(), &plan).await.unwrap_err();
    assert!(err.to_string().contains("the plan is for SQLite, the target is PostgreSQL"), "{err}");
}

#[tokio::test]
async fn a_failing_step_leaves_postgres_as_it_was() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "gate_pg_fail_a"),
        TestDb::fresh(Server::Postgres, "gate_pg_fail_b")
    );
    tokio::join!(
        a.exec("CREATE TABLE t (x int); INSERT INTO t VALUES (1), (1);"),
        b.exec("CREATE TABLE t (x int, y text); CREATE UNIQUE INDEX t_x_key ON t (x);")
    );
    let before = a.source().load().await.unwrap();
    let plan = plan(&before, &b.source().load().await.unwrap(), &DiffOptions::default()).unwrap();
    let err = apply_to_scratch(&a.source(), &plan).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::StepFailed, "{err}");
    assert!(err.to_string().contains("nothing was changed"), "{err}");
    assert_eq!(a.source().load().await.unwrap().fingerprint(), before.fingerprint(), "the transaction rolled back");
    assert_eq!(a.texts("SELECT status FROM plumb.plumb_history").await, ["failed"], "the failed run is recorded");
}

#[tokio::test]
async fn a_failing_step_on_mariadb_says_which_steps_ran() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Mysql, "gate_my_fail_a"), TestDb::fresh(Server::Mysql, "gate_my_fail_b"));
    tokio::join!(
        a.exec("CREATE TABLE t (x int); INSERT INTO t VALUES (1), (1); CREATE TABLE u (x int);"),
        b.exec("CREATE TABLE t (x int, UNIQUE KEY t_x_key (x)); CREATE TABLE u (x int, y text);")
    );
    let plan =
        plan(&a.source().load().await.unwrap(), &b.source().load().await.unwrap(), &DiffOptions::default()).unwrap();
    assert_eq!(plan.steps.len(), 2, "{:#?}", plan.steps);
    let err = apply_to_scratch(&a.source(), &plan).await.unwrap_err();
    assert!(err.to_string().starts_with("step 2 (add unique constraint to t) failed"), "{err}");
    assert!(err.to_string().contains("steps 1 had run and stay applied"), "{err}");
    let after = a.source().load().await.unwrap();
    assert!(after.schemas[0].table("u").unwrap().column("y").is_some(), "step 1 did run, as the error says");
}
