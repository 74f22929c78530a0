//! Empirical lock capture: a plan's steps run on a scratch copy of the schema on the same
//! PostgreSQL server, rolled back, and the locks they took stand beside the predicted ones.

use plumb_db::lock_capture::capture_locks;
use plumb_engine::diff::DiffOptions;
use plumb_engine::plan::plan;
use plumb_tests::{Server, TestDb};
use sqlx::Connection;

#[tokio::test]
async fn observed_locks_match_the_predicted_ones_and_nothing_is_left_behind() {
    let current = TestDb::fresh(Server::Postgres, "lock_capture_current").await;
    let desired = TestDb::fresh(Server::Postgres, "lock_capture_desired").await;
    current
        .exec("CREATE TABLE users (id int PRIMARY KEY, email text, age int); INSERT INTO users VALUES (1, 'a@b', 3);")
        .await;
    desired
        .exec("CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, age bigint, bio text); CREATE INDEX users_email_idx ON users (email);")
        .await;
    let start = current.source().load().await.unwrap();
    let planned = plan(&start, &desired.source().load().await.unwrap(), &DiffOptions::default()).unwrap();
    let captured = capture_locks(&current.source(), &start, &planned).await.unwrap();
    assert_eq!(captured.len(), planned.steps.len());
    let by_description = |text: &str| {
        let i = planned
            .steps
            .iter()
            .position(|s| s.description.contains(text))
            .unwrap_or_else(|| panic!("a step to {text}: {planned:#?}"));
        &captured[i]
    };
    let index = by_description("create index users_email_idx");
    assert_eq!(index.strongest(), Some("SHARE"), "{index:?}");
    assert!(index.agrees, "{index:?}");
    let column = by_description("add column users.bio");
    assert_eq!(column.strongest(), Some("ACCESS EXCLUSIVE"), "{column:?}");
    assert!(column.agrees, "{column:?}");
    let widened = captured.iter().find(|c| !c.rewritten.is_empty()).expect("int to bigint rewrites the table");
    assert_eq!(widened.rewritten, ["public.users"]);
    assert!(captured.iter().all(|c| c.agrees), "{captured:#?}");

    // The target is untouched and the scratch database is gone.
    assert_eq!(current.source().load().await.unwrap().fingerprint(), planned.from_fingerprint);
    let mut admin = sqlx::PgConnection::connect(&plumb_tests::pg_admin_url()).await.unwrap();
    let left: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_database WHERE datname LIKE 'plumb\\_scratch\\_locks\\_%'")
            .fetch_one(&mut admin)
            .await
            .unwrap();
    assert_eq!(left, 0);
}
