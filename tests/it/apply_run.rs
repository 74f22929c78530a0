//! The gated run end to end on real servers: refusals before anything is written, a connection
//! lost in the middle of a run (PostgreSQL and SQLite unchanged; MariaDB journaled and resumed),
//! and a dropped column's data restored by following the run's own evidence.

use std::path::{Path, PathBuf};

use plumb_db::apply::{apply, pass_gate, ApplyEvent, ApplyReport, RunOptions, RunStatus};
use plumb_db::{ErrorKind, Source};
use plumb_engine::approval::{ApprovalKey, Decision};
use plumb_engine::diff::DiffOptions;
use plumb_engine::gate::{Applier, GateRequest};
use plumb_engine::lint::live::NO_FACTS;
use plumb_engine::plan::{plan, Plan};
use plumb_engine::policy::{EnvPolicy, Policy};
use plumb_tests::{Server, SqliteFile, TestDb};

fn applier(name: &str) -> Applier {
    Applier { name: name.into(), public_key: None }
}

fn request<'a>(
    policy: &'a EnvPolicy,
    approvals: &'a [plumb_engine::approval::Approval],
    who: &'a Applier,
    acks: &'a [String],
) -> GateRequest<'a> {
    GateRequest {
        policy,
        approvals,
        applier: who,
        acknowledged: acks,
        confirmation: None,
        database_name: "",
        facts: &NO_FACTS,
        live: None,
    }
}

/// The request with the database's name typed.
fn confirmed(r: GateRequest<'_>) -> GateRequest<'_> {
    GateRequest { confirmation: Some("x"), database_name: "x", ..r }
}

async fn run(
    target: &Source,
    plan: &Plan,
    evidence: &Path,
    resume: bool,
    events: &(dyn Fn(ApplyEvent) + Send + Sync),
) -> plumb_db::Result<ApplyReport> {
    let policy = EnvPolicy::default_for("dev");
    let acks: Vec<String> = plan.findings.iter().filter(|f| f.blocks()).map(|f| f.rule.clone()).collect();
    let who = applier("cy");
    // Cy types the database's name, as a plan that loses data asks of everyone.
    let approved = pass_gate(target, plan.clone(), &confirmed(request(&policy, &[], &who, &acks)), resume).await?;
    apply(approved, &RunOptions { evidence_root: evidence.to_owned(), slug: "test".into(), signer: None }, events).await
}

async fn dropping_plan(current: &Source, desired: &Source) -> Plan {
    plan(&current.load().await.unwrap(), &desired.load().await.unwrap(), &DiffOptions::default()).unwrap()
}

#[tokio::test]
async fn every_refusal_comes_before_anything_is_written() {
    let current = SqliteFile::with_sql(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, legacy TEXT); INSERT INTO users VALUES (1, 'x');",
    )
    .await;
    let desired = SqliteFile::with_sql("CREATE TABLE users (id INTEGER PRIMARY KEY);").await;
    let target = Source::Sqlite { path: current.path().to_owned() };
    let plan = dropping_plan(&target, &Source::Sqlite { path: desired.path().to_owned() }).await;
    let bytes = std::fs::read(current.path()).unwrap();

    let (ana, stranger) = (ApprovalKey::generate(), ApprovalKey::generate());
    let policy = Policy::from_toml(&format!("[approvers]\nana = \"{}\"\n", ana.public_key()), "policy.toml").unwrap();
    let prod = policy.for_environment("prod");
    // Bo applies with his own key, as production asks of whoever applies.
    let bo = Applier { name: "bo".into(), public_key: Some(ApprovalKey::generate().public_key()) };
    let acks = vec!["drop-column".to_owned()];
    let sign = |key: &ApprovalKey, plan: &Plan, acks: &[String]| {
        key.sign("ana", "2026-11-22T02:00:00Z", Decision::Approve, plan, acks, "ok")
    };
    let good = [sign(&ana, &plan, &[])];

    let mut tampered = plan.clone();
    tampered.steps[0].sql = "DROP TABLE users".into();
    let forged = {
        let mut a = sign(&ana, &plan, &[]);
        a.acknowledged.push("drop-table".into());
        a
    };
    /// What is wrong, the plan, its approvals, the acknowledgements, and what the refusal says.
    type Case<'a> = (&'a str, Plan, Vec<plumb_engine::approval::Approval>, Vec<String>, &'a str);
    let cases: Vec<Case<'_>> = vec![
        ("tampered plan", tampered, good.to_vec(), acks.clone(), "edited after it was written"),
        ("missing approval", plan.clone(), vec![], acks.clone(), "needs 1 approval(s)"),
        ("forged approval", plan.clone(), vec![forged], acks.clone(), "does not match its content"),
        ("untrusted key", plan.clone(), vec![sign(&stranger, &plan, &[])], acks.clone(), "not one the policy trusts"),
        ("unacknowledged finding", plan.clone(), good.to_vec(), vec![], "pass --allow drop-column"),
    ];
    for (case, plan, approvals, acks, expected) in cases {
        let err = pass_gate(&target, plan, &confirmed(request(&prod, &approvals, &bo, &acks)), false)
            .await
            .err()
            .unwrap_or_else(|| panic!("{case}: let through"));
        assert_eq!(err.kind(), ErrorKind::Blocked, "{case}: {err}");
        assert!(err.to_string().contains(expected), "{case}: {err}");
        assert_eq!(std::fs::read(current.path()).unwrap(), bytes, "{case}: nothing was written");
    }

    // A stale target: someone changed it after the plan (and after the approval).
    let mut conn = SqliteFile::open(current.path()).await;
    sqlx::Executor::execute(&mut conn, "CREATE TABLE someone_elses (x INTEGER)").await.unwrap();
    drop(conn);
    let bytes = std::fs::read(current.path()).unwrap();
    let err =
        pass_gate(&target, plan.clone(), &confirmed(request(&prod, &good, &bo, &acks)), false).await.err().unwrap();
    assert!(err.to_string().contains("the database changed since the plan was made"), "{err}");
    assert_eq!(std::fs::read(current.path()).unwrap(), bytes, "stale: nothing was written");
}

/// Runs `apply` on `target`, cutting the connection (`kill`) when step `at` is about to run.
async fn interrupted(
    target: &Source,
    plan: &Plan,
    evidence: &Path,
    at: usize,
    kill: impl Fn() + Send + Sync,
) -> plumb_db::Error {
    run(target, plan, evidence, false, &|event| {
        if let ApplyEvent::Running { step, .. } = event {
            if step == at {
                kill();
            }
        }
    })
    .await
    .expect_err("the run loses its connection")
}

fn client(program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program).args(args).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(out.status.success(), "{program}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn postgres_is_unchanged_when_the_connection_is_terminated_mid_run() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "run_pg_kill_a"),
        TestDb::fresh(Server::Postgres, "run_pg_kill_b")
    );
    tokio::join!(
        a.exec("CREATE TABLE t1 (x int); CREATE TABLE t2 (x int); CREATE TABLE t3 (x int); INSERT INTO t1 VALUES (1);"),
        b.exec("CREATE TABLE t1 (x int, y text); CREATE TABLE t2 (x int, y text); CREATE TABLE t3 (x int, y text);")
    );
    let plan = dropping_plan(&a.source(), &b.source()).await;
    assert!(plan.steps.len() >= 3, "{:#?}", plan.steps);
    let before = a.source().load().await.unwrap();
    let evidence = tempfile::tempdir().unwrap();
    let admin = plumb_tests::pg_admin_url();
    let kill = format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}' AND pid <> pg_backend_pid()",
        a.name()
    );
    let err =
        interrupted(&a.source(), &plan, evidence.path(), 2, || drop(client("psql", &[&admin, "-qAtc", &kill]))).await;
    assert_eq!(err.kind(), ErrorKind::StepFailed, "{err}");
    assert_eq!(a.source().load().await.unwrap(), before, "the transaction died with the connection");
    assert_eq!(a.texts("SELECT x::text FROM t1").await, ["1"]);
    let log = std::fs::read_to_string(single_run(evidence.path()).join("03-execution-log.md")).unwrap();
    assert!(log.contains("step 1/") && log.contains("**failed**"), "{log}");
}

#[tokio::test]
async fn mariadb_journals_each_statement_and_resume_completes_the_plan() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Mysql, "run_my_kill_a"), TestDb::fresh(Server::Mysql, "run_my_kill_b"));
    tokio::join!(
        a.exec("CREATE TABLE t1 (x int); CREATE TABLE t2 (x int); CREATE TABLE t3 (x int);"),
        b.exec("CREATE TABLE t1 (x int, y text); CREATE TABLE t2 (x int, y text); CREATE TABLE t3 (x int, y text);")
    );
    let plan = dropping_plan(&a.source(), &b.source()).await;
    assert_eq!(plan.steps.len(), 3, "{:#?}", plan.steps);
    let evidence = tempfile::tempdir().unwrap();
    let url = url::Url::parse(a.url()).unwrap();
    let (host, port) = (url.host_str().unwrap().to_owned(), url.port().unwrap_or(3306).to_string());
    let sessions =
        format!("SELECT id FROM information_schema.PROCESSLIST WHERE db = '{}' AND id <> CONNECTION_ID()", a.name());
    let user = url.username().to_owned();
    let err = interrupted(&a.source(), &plan, evidence.path(), 3, || {
        let connect = ["-h", host.as_str(), "-P", port.as_str(), "-u", user.as_str(), "-N", "-e"];
        for id in client("mariadb", &[&connect[..], &[sessions.as_str()]].concat()).split_whitespace() {
            client("mariadb", &[&connect[..], &[format!("KILL {id}").as_str()]].concat());
        }
    })
    .await;
    assert_eq!(err.kind(), ErrorKind::StepFailed, "{err}");
    assert!(err.to_string().contains("steps 1, 2 had run and stay applied"), "{err}");
    assert_eq!(
        a.texts("SELECT CAST(step AS CHAR) FROM plumb_journal ORDER BY step").await,
        ["1", "2"],
        "exactly what ran"
    );
    let after = a.source().load().await.unwrap();
    assert!(after.schemas[0].table("t2").unwrap().column("y").is_some());
    assert!(after.schemas[0].table("t3").unwrap().column("y").is_none());

    let stale = run(&a.source(), &plan, evidence.path(), false, &|_| {}).await.err().unwrap();
    assert!(stale.to_string().contains("the database changed since the plan was made"), "{stale}");
    let resumed = run(&a.source(), &plan, evidence.path(), true, &|_| {}).await.unwrap();
    assert_eq!((resumed.skipped, resumed.steps, resumed.status), (2, 1, RunStatus::Applied));
    assert!(resumed.verified);
    assert_eq!(a.texts("SELECT status FROM plumb_history").await, ["applied"]);
    assert_eq!(a.texts("SELECT CAST(step AS CHAR) FROM plumb_journal ORDER BY step").await, ["1", "2", "3"]);
}

#[tokio::test]
async fn mariadb_resume_skips_the_statement_the_server_finished_after_plumb_died() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Mysql, "run_my_died_a"), TestDb::fresh(Server::Mysql, "run_my_died_b"));
    // `big` needs a copy to change (int to bigint): long enough to die in the middle of.
    tokio::join!(
        a.exec("CREATE TABLE a1 (x int); CREATE TABLE big (id int PRIMARY KEY, n int); CREATE TABLE c3 (x int); INSERT INTO big SELECT seq, seq FROM seq_1_to_400000;"),
        b.exec("CREATE TABLE a1 (x int, y text); CREATE TABLE big (id int PRIMARY KEY, n bigint); CREATE TABLE c3 (x int, y text);")
    );
    let plan = dropping_plan(&a.source(), &b.source()).await;
    let slow = 1 + plan.steps.iter().position(|s| s.sql.contains("`big`")).expect("a step changes big");
    assert!(slow > 1 && slow < plan.steps.len(), "a step before and after the slow one: {:#?}", plan.steps);
    let evidence = tempfile::tempdir().unwrap();
    let (target, p, e) = (a.source(), plan.clone(), evidence.path().to_owned());
    let (running, started) = std::sync::mpsc::channel();
    let dying = tokio::spawn(async move {
        run(&target, &p, &e, false, &move |event| {
            if matches!(event, ApplyEvent::Running { step, .. } if step == slow) {
                let _ = running.send(());
            }
        })
        .await
    });
    tokio::task::spawn_blocking(move || started.recv().expect("the slow step starts")).await.unwrap();
    let busy = format!(
        "SELECT CAST(COUNT(*) AS CHAR) FROM information_schema.PROCESSLIST WHERE db = '{}' AND info LIKE 'ALTER TABLE%big%'",
        a.name()
    );
    while a.texts(&busy).await == ["0"] {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    // Plumb dies (its connection goes with it) while the server copies the table.
    dying.abort();
    assert!(dying.await.unwrap_err().is_cancelled());
    while a.texts(&busy).await != ["0"] {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let after = a.source().load().await.unwrap();
    let n = after.schemas[0].table("big").unwrap().column("n").unwrap();
    assert_eq!(n.column_type.raw, "bigint", "the server finished the statement after its client died");
    let journaled = a.texts("SELECT CAST(step AS CHAR) FROM plumb_journal ORDER BY step").await;
    assert!(!journaled.contains(&slow.to_string()), "the journal never heard of it: {journaled:?}");
    let history = plumb_db::apply::recorded_runs(&a.source()).await.unwrap();
    assert_eq!(history.iter().map(|r| r.status).collect::<Vec<_>>(), [RunStatus::Interrupted], "not running forever");
    let listed = plumb_db::evidence::list(evidence.path()).unwrap();
    assert_eq!(listed.len(), 1, "the killed run is in plumb history");

    let resumed = run(&a.source(), &plan, evidence.path(), true, &|_| {}).await.unwrap();
    assert!(resumed.verified, "{:?}", resumed.remaining.changes);
    assert_eq!(resumed.skipped + resumed.steps, plan.steps.len());
    assert_eq!(resumed.skipped, slow, "what ran before, and the statement the server finished");
    let log = std::fs::read_to_string(resumed.evidence.join("03-execution-log.md")).unwrap();
    assert!(log.contains("found in effect on the target"), "{log}");
    let all: Vec<String> = (1..=plan.steps.len()).map(|s| s.to_string()).collect();
    assert_eq!(a.texts("SELECT CAST(step AS CHAR) FROM plumb_journal ORDER BY step").await, all);
}

#[tokio::test]
async fn sqlite_is_unchanged_when_the_run_dies_with_its_connection() {
    let current =
        SqliteFile::with_sql("CREATE TABLE t1 (x INTEGER); CREATE TABLE t2 (x INTEGER); INSERT INTO t1 VALUES (1);")
            .await;
    let desired = SqliteFile::with_sql(
        "CREATE TABLE t1 (x INTEGER, y TEXT); CREATE TABLE t2 (x INTEGER, y TEXT); CREATE TABLE t3 (z INTEGER);",
    )
    .await;
    let target = Source::Sqlite { path: current.path().to_owned() };
    let plan = dropping_plan(&target, &Source::Sqlite { path: desired.path().to_owned() }).await;
    assert!(plan.steps.len() >= 3, "{:#?}", plan.steps);
    let before = std::fs::read(current.path()).unwrap();
    let evidence = tempfile::tempdir().unwrap();
    // The task dies at step 2 with the transaction open, as a killed process would: its
    // connection closes without a commit.
    let (t, p, e) = (target.clone(), plan.clone(), evidence.path().to_owned());
    let died = tokio::spawn(async move {
        run(&t, &p, &e, false, &|event| {
            if matches!(event, ApplyEvent::Running { step: 2, .. }) {
                panic!("the process dies here");
            }
        })
        .await
    })
    .await;
    assert!(died.is_err_and(|e| e.is_panic()));
    assert_eq!(std::fs::read(current.path()).unwrap(), before, "the file is as it was");
    let again = run(&target, &plan, evidence.path(), false, &|_| {}).await.unwrap();
    assert!(again.verified, "the plan still applies: the target is the plan's starting schema");
}

#[tokio::test]
async fn a_half_done_mariadb_run_can_go_back_to_where_it_started() {
    let (a, b) =
        tokio::join!(TestDb::fresh(Server::Mysql, "run_my_back_a"), TestDb::fresh(Server::Mysql, "run_my_back_b"));
    tokio::join!(
        a.exec("CREATE TABLE t1 (x int); CREATE TABLE t2 (x int); CREATE TABLE t3 (x int);"),
        b.exec("CREATE TABLE t1 (x int, y text); CREATE TABLE t2 (x int, y text); CREATE TABLE t3 (x int, y text);")
    );
    let plan = dropping_plan(&a.source(), &b.source()).await;
    let before = a.source().load().await.unwrap();
    let evidence = tempfile::tempdir().unwrap();
    // Step 2 fails on its own: someone added the column it adds in the meantime.
    let err = run(&a.source(), &plan, evidence.path(), false, &|event| {
        if matches!(event, ApplyEvent::Running { step: 2, .. }) {
            let url = url::Url::parse(a.url()).unwrap();
            let connect = [
                "-h",
                url.host_str().unwrap(),
                "-P",
                &url.port().unwrap_or(3306).to_string(),
                "-u",
                url.username(),
                a.name(),
                "-e",
                "ALTER TABLE t2 ADD COLUMN y text",
            ]
            .map(str::to_owned);
            client("mariadb", &connect.iter().map(String::as_str).collect::<Vec<_>>());
        }
    })
    .await
    .unwrap_err();
    let message = err.to_string();
    let start = evidence.path().read_dir().unwrap().next().unwrap().unwrap().path().join("schema-before.json");
    assert!(
        message.contains("go back with a plan from the target to") && message.contains("schema-before.json"),
        "{message}"
    );
    let snapshot = Source::Snapshot { path: start };
    let back = dropping_plan(&a.source(), &snapshot).await;
    plumb_db::apply::apply_to_scratch(&a.source(), &back).await.unwrap();
    assert_eq!(a.source().load().await.unwrap().fingerprint(), before.fingerprint(), "back where it started");
}

fn single_run(root: &Path) -> PathBuf {
    let runs: Vec<PathBuf> = std::fs::read_dir(root).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(runs.len(), 1, "{runs:?}");
    runs[0].clone()
}

/// Follows the evidence's "To restore" steps: `rollback.sql`, then `restore.sql`.
fn restore_script(folder: &Path) -> String {
    let plan_md = std::fs::read_to_string(folder.join("02-migration-plan.md")).unwrap();
    assert!(plan_md.contains("run `rollback.sql`") && plan_md.contains("run `restore.sql`"), "{plan_md}");
    let rollback = std::fs::read_to_string(folder.join("rollback.sql")).unwrap();
    let restore = std::fs::read_to_string(folder.join("restore.sql")).unwrap();
    format!("{rollback}\n{restore}")
}

#[tokio::test]
async fn a_dropped_column_comes_back_from_the_backup_as_the_evidence_says_on_every_dialect() {
    for server in [Server::Postgres, Server::Mysql] {
        let (name_a, name_b) = (format!("run_restore_a_{server:?}"), format!("run_restore_b_{server:?}"));
        let (a, b) = tokio::join!(TestDb::fresh(server, &name_a), TestDb::fresh(server, &name_b));
        tokio::join!(
            a.exec("CREATE TABLE users (id int PRIMARY KEY, email text, legacy text); INSERT INTO users VALUES (1, 'a', 'kept'), (2, 'b', NULL), (3, 'c', 'it''s');"),
            b.exec("CREATE TABLE users (id int PRIMARY KEY, email text);")
        );
        let plan = dropping_plan(&a.source(), &b.source()).await;
        let evidence = tempfile::tempdir().unwrap();
        let report = run(&a.source(), &plan, evidence.path(), false, &|_| {}).await.unwrap();
        assert!(report.verified && report.backups.len() == 1, "{server:?}: {report:?}");
        a.exec(&restore_script(&report.evidence)).await;
        let row = "CONCAT(CAST(id AS CHAR), '=', COALESCE(legacy, 'NULL'))";
        let row = if server == Server::Mysql { format!("CONVERT({row} USING utf8mb4)") } else { row.to_owned() };
        let rows = a.texts(&format!("SELECT {row} FROM users ORDER BY id")).await;
        assert_eq!(rows, ["1=kept", "2=NULL", "3=it's"], "{server:?}");
        let recorded = plumb_db::apply::recorded_runs(&a.source()).await.unwrap();
        assert_eq!(
            recorded.iter().map(|r| (r.run_id.as_str(), r.status, r.steps, r.applied_by.as_str())).collect::<Vec<_>>(),
            [(report.run_id.as_str(), RunStatus::Applied, 1, "cy")],
            "{server:?}: the target's own record"
        );
    }

    let current = SqliteFile::with_sql(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, legacy TEXT); INSERT INTO users VALUES (1, 'kept'), (2, 'too');",
    )
    .await;
    let desired = SqliteFile::with_sql("CREATE TABLE users (id INTEGER PRIMARY KEY);").await;
    let target = Source::Sqlite { path: current.path().to_owned() };
    let plan = dropping_plan(&target, &Source::Sqlite { path: desired.path().to_owned() }).await;
    let evidence = tempfile::tempdir().unwrap();
    let report = run(&target, &plan, evidence.path(), false, &|_| {}).await.unwrap();
    assert!(report.evidence.join("backup-before.sqlite").is_file());
    let mut conn = SqliteFile::open(current.path()).await;
    sqlx::Executor::execute(&mut conn, sqlx::raw_sql(&restore_script(&report.evidence))).await.unwrap();
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT id || '=' || legacy FROM users ORDER BY id").fetch_all(&mut conn).await.unwrap();
    assert_eq!(rows, ["1=kept", "2=too"]);
}

#[tokio::test]
async fn a_run_that_does_not_reach_the_desired_schema_is_recorded_as_unverified() {
    let (a, b) = tokio::join!(
        TestDb::fresh(Server::Postgres, "run_unverified_a"),
        TestDb::fresh(Server::Postgres, "run_unverified_b")
    );
    // A server quirk the plan cannot know of: an event trigger that creates a table whenever a
    // table is altered (event triggers are not part of the compared schema).
    a.exec(
        "CREATE TABLE t (a integer);
         CREATE FUNCTION sneak() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE IF NOT EXISTS sneaky (x integer); END $$;
         CREATE EVENT TRIGGER sneak ON ddl_command_end WHEN TAG IN ('ALTER TABLE') EXECUTE FUNCTION sneak();",
    )
    .await;
    b.exec("CREATE TABLE t (a integer, b text); CREATE FUNCTION sneak() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN CREATE TABLE IF NOT EXISTS sneaky (x integer); END $$;").await;
    let plan = dropping_plan(&a.source(), &b.source()).await;
    let evidence = tempfile::tempdir().unwrap();
    let report = run(&a.source(), &plan, evidence.path(), false, &|_| {}).await.unwrap();
    assert_eq!((report.status, report.verified, report.remaining.changes.len()), (RunStatus::Unverified, false, 1));
    let post = std::fs::read_to_string(report.evidence.join("04-post-verify.md")).unwrap();
    assert!(post.contains("**UNVERIFIED**") && post.contains("still differs"), "{post}");
    assert_eq!(a.texts("SELECT status FROM plumb.plumb_history").await, ["unverified"], "recorded in the target too");
}
