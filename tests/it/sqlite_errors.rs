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

#[tokio::test]
async fn a_file_another_writer_died_in_the_middle_of_is_rolled_back_and_read() {
    let file = SqliteFile::with_sql(
        "CREATE TABLE t (x INTEGER); WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 100) INSERT INTO t SELECT n FROM c;",
    )
    .await;
    // Another program writes more rows than its page cache holds (so the file itself changes
    // under a synced journal), and is killed before it commits.
    let mut writer = std::process::Command::new("sqlite3")
        .arg(file.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("sqlite3 runs");
    let mut stdin = writer.stdin.take().unwrap();
    std::io::Write::write_all(
        &mut stdin,
        b"PRAGMA cache_size = 2;\nBEGIN;\nWITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 200000) INSERT INTO t SELECT n FROM c;\nCREATE TABLE half_done (y INTEGER);\n",
    )
    .unwrap();
    let journal = file.dir().join("test.sqlite-journal");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let size = || std::fs::metadata(file.path()).map(|m| m.len()).unwrap_or(0);
    while size() < 1_000_000 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    writer.kill().unwrap();
    writer.wait().unwrap();
    drop(stdin);
    assert!(std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0), "the writer left a hot journal");

    let db = Source::Sqlite { path: file.path().to_owned() }
        .load()
        .await
        .expect("the unfinished transaction is rolled back");
    let tables: Vec<&str> = db.schemas[0].tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tables, ["t"], "nothing of the unfinished transaction is left");
    let mut conn = SqliteFile::open(file.path()).await;
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM t").fetch_one(&mut conn).await.unwrap();
    assert_eq!(rows, 100, "every committed row, none of the unfinished ones");
}
