//! Bad SQLite input gets a clear error naming the path, and nothing is written.

use plumb_db::{ErrorKind, Source};
use plumb_tests::SqliteFile;
use sqlx::Executor;

async fn load(path: &std::path::Path) -> plumb_db::Error {
    Source::Sqlite { path: path.to_owned() }.load().await.expect_err("loading must fail")
}

#[tokio::test]
async fn a_missing_file_is_named_and_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.sqlite");
    let err = load(&path).await;
    assert_eq!(err.kind(), ErrorKind::FileNotFound);
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    assert!(!path.exists(), "introspection never creates a database");
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_named_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    let content = "these are my notes, not a database\n".repeat(100);
    std::fs::write(&path, &content).unwrap();
    let err = load(&path).await;
    assert_eq!(err.kind(), ErrorKind::WrongFileKind, "{err}");
    assert!(err.to_string().contains("not an SQLite database") && err.to_string().contains("notes.db"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), content);
}

#[tokio::test]
async fn a_locked_database_fails_within_the_bounded_wait() {
    let file = SqliteFile::with_sql("CREATE TABLE t (a INTEGER);").await;
    let mut holder = SqliteFile::open(file.path()).await;
    // An exclusive lock in rollback-journal mode keeps every reader out until it ends.
    holder.execute("BEGIN EXCLUSIVE").await.unwrap();
    let started = std::time::Instant::now();
    let err = load(file.path()).await;
    assert_eq!(err.kind(), ErrorKind::Locked, "{err}");
    assert!(err.to_string().contains("locked") && err.to_string().contains("test.sqlite"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "the wait is bounded");
    holder.execute("ROLLBACK").await.unwrap();
    assert!(Source::Sqlite { path: file.path().to_owned() }.load().await.is_ok(), "readable once released");
}
