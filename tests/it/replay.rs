//! SQL as a source: a file or a migrations folder replayed on a scratch database (SQLite, or a
//! temporary database on a PostgreSQL or MariaDB server, dropped afterwards) reads as the same
//! schema as a database built by hand from the same SQL; a failing script names its file and line.

use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_tests::{Server, SqliteFile, TestDb};

const INIT: &str = "CREATE TABLE users (id int PRIMARY KEY, email varchar(200) NOT NULL);\n";
const POSTS: &str =
    "CREATE TABLE posts (id int PRIMARY KEY, author int NOT NULL REFERENCES users (id));\nCREATE INDEX posts_author ON posts (author);\n";

fn prisma_folder(provider: &str, second: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql) in [("20240101000000_init", INIT), ("20240102000000_posts", second)] {
        let folder = dir.path().join(name);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("migration.sql"), sql).unwrap();
    }
    std::fs::write(dir.path().join("migration_lock.toml"), format!("provider = \"{provider}\"\n")).unwrap();
    dir
}

fn sql_source(path: &std::path::Path, shadow: Option<&str>) -> Source {
    Source::Sql { path: path.to_owned(), shadow: shadow.map(|s| url::Url::parse(s).unwrap()) }
}

async fn a_folder_replayed_reads_like_the_database_built_by_hand_on_every_dialect() {
    let folder = prisma_folder("sqlite", POSTS);
    let by_hand = SqliteFile::with_sql(&format!("{INIT}{POSTS}")).await;
    let replayed = sql_source(folder.path(), None).load().await.unwrap();
    let built = Source::Sqlite { path: by_hand.path().to_owned() }.load().await.unwrap();
    assert!(diff(&replayed, &built, &DiffOptions::default()).unwrap().is_empty(), "SQLite");

    for (server, provider, admin) in [
        (Server::Postgres, "postgresql", plumb_tests::pg_admin_url()),
        (Server::Mysql, "mysql", plumb_tests::mysql_admin_url()),
    ] {
        let folder = prisma_folder(provider, POSTS);
        let without = sql_source(folder.path(), None).load().await.unwrap_err();
        assert!(without.to_string().contains("--shadow"), "{server:?}: {without}");
        let db = TestDb::fresh(server, &format!("replay_by_hand_{server:?}")).await;
        db.exec(&format!("{INIT}{POSTS}")).await;
        let replayed = sql_source(folder.path(), Some(&admin)).load().await.unwrap();
        let built = db.source().load().await.unwrap();
        let changes = diff(&replayed, &built, &DiffOptions::default()).unwrap();
        assert!(changes.is_empty(), "{server:?}: {:?}", changes.changes);
    }
}

/// The replay scratch databases on `server` now (other tests' included).
async fn scratch_databases(server: Server) -> Vec<String> {
    let probe = TestDb::fresh(server, &format!("replay_probe_{server:?}")).await;
    let list = match server {
        Server::Postgres => "SELECT datname::text FROM pg_database WHERE datname LIKE 'plumb\\_scratch\\_replay\\_%'",
        Server::Mysql => "SELECT CONVERT(SCHEMA_NAME USING utf8mb4) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'plumb\\_scratch\\_replay\\_%'",
    };
    probe.texts(list).await
}

#[tokio::test]
async fn sql_sources_replay_on_scratch_databases() {
    a_folder_replayed_reads_like_the_database_built_by_hand_on_every_dialect().await;
    a_failing_script_names_its_file_and_line_and_leaves_no_scratch_database().await;
}

async fn a_failing_script_names_its_file_and_line_and_leaves_no_scratch_database() {
    let broken = "CREATE TABLE posts (id int PRIMARY KEY);\n\nCREATE TABLE tags (id int PRIMARY KEY, post int REFERENCES postz (id));\n";
    for (server, provider, admin) in [
        (Server::Postgres, "postgresql", plumb_tests::pg_admin_url()),
        (Server::Mysql, "mysql", plumb_tests::mysql_admin_url()),
    ] {
        let before = scratch_databases(server).await;
        let folder = prisma_folder(provider, broken);
        let err = sql_source(folder.path(), Some(&admin)).load().await.unwrap_err().to_string();
        // The failing statement starts on line 3 (PostgreSQL points there too).
        assert!(err.contains("20240102000000_posts/migration.sql:3"), "{server:?}: {err}");
        // Each server names what failed its own way: the missing table, or the table refused.
        let named = if server == Server::Mysql { "tags" } else { "postz" };
        assert!(err.contains(named), "{server:?}: the server's reason: {err}");
        if server == Server::Postgres {
            let typo = prisma_folder(
                provider,
                "CREATE TABLE posts (id int PRIMARY KEY);\n\nCREATE TABLE tags (id int,, x int);\n",
            );
            let err = sql_source(typo.path(), Some(&admin)).load().await.unwrap_err().to_string();
            assert!(err.contains("migration.sql:3:"), "{server:?}: the line of a syntax error: {err}");
        }
        // Other tests replay in parallel: a scratch database of theirs lives a moment, a leaked
        // one of ours stays. Whatever is new must be gone within a few seconds.
        let mut left: Vec<String> =
            scratch_databases(server).await.into_iter().filter(|d| !before.contains(d)).collect();
        for _ in 0..20 {
            if left.is_empty() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            let now = scratch_databases(server).await;
            left.retain(|d| now.contains(d));
        }
        assert!(left.is_empty(), "{server:?}: the scratch databases were dropped: {left:?}");
    }
    let file = tempfile::tempdir().unwrap();
    let path = file.path().join("schema.sql");
    // SQLite takes a reference to a missing table; it refuses a typo.
    std::fs::write(&path, "CREATE TABLE posts (id int PRIMARY KEY);\nCREATE TABLE tags (id int,, x int);\n").unwrap();
    let err = sql_source(&path, None).load().await.unwrap_err().to_string();
    assert!(err.contains("schema.sql:2:") && err.contains("syntax error"), "SQLite: the line: {err}");
}
