//! `plumb seed` on real databases: `--check` passes a seed that inserts only what is missing
//! (`ON CONFLICT DO NOTHING`; MariaDB's `INSERT IGNORE`) and fails one that inserts without a key,
//! naming the table, on every dialect, without writing the target; a seed reports rows per table
//! and rolls back whole when a statement fails; production is refused with nothing written.

use plumb_db::seed::{check, run, Seed};
use plumb_db::Source;
use plumb_engine::policy::EnvPolicy;
use plumb_tests::{Server, SqliteFile, TestDb};

/// A table with a key a seed can skip on, and one whose rows get a new key at every insert, with
/// each dialect's auto-increment.
fn schema(server: Option<Server>) -> String {
    let notes = match server {
        Some(Server::Postgres) => "CREATE TABLE notes (id SERIAL PRIMARY KEY, body VARCHAR(100));\n",
        Some(Server::Mysql) => {
            "CREATE TABLE notes (id INTEGER NOT NULL PRIMARY KEY AUTO_INCREMENT, body VARCHAR(100));\n"
        }
        None => "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body VARCHAR(100));\n",
    };
    format!("CREATE TABLE tags (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL UNIQUE);\n{notes}")
}

fn seed(text: &str) -> (tempfile::TempDir, Seed) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("01-seed.sql"), text).unwrap();
    let seed = Seed::files(dir.path()).unwrap();
    (dir, seed)
}

async fn case(target: &Source, server: Option<Server>, count: impl AsyncFn(&str) -> i64) {
    let what = format!("{server:?}");
    let upsert = match server {
        Some(Server::Mysql) => "INSERT IGNORE INTO tags (id, name) VALUES (1, 'red'), (2, 'blue');",
        _ => "INSERT INTO tags (id, name) VALUES (1, 'red'), (2, 'blue') ON CONFLICT DO NOTHING;",
    };
    let (_a, idempotent) = seed(upsert);
    let (_b, keyless) = seed(&format!("{upsert}\nINSERT INTO notes (body) VALUES ('hello');"));
    let (_c, twice_the_key) = seed("INSERT INTO tags (id, name) VALUES (7, 'green');");

    let shadow: Option<url::Url> = match server {
        Some(Server::Postgres) => Some(plumb_tests::pg_admin_url().parse().unwrap()),
        Some(Server::Mysql) => Some(plumb_tests::mysql_admin_url().parse().unwrap()),
        None => None,
    };
    let held = check(&idempotent, target, shadow.as_ref(), false).await.unwrap();
    assert!(held.holds(), "{what}: {held:?}");
    let broken = check(&keyless, target, shadow.as_ref(), false).await.unwrap();
    assert_eq!(broken.changed, ["notes"], "{what}: {broken:?}");
    let failed = check(&twice_the_key, target, shadow.as_ref(), false).await.unwrap();
    assert!(failed.second_run_failed.is_some() && !failed.holds(), "{what}: {failed:?}");
    assert_eq!((count("tags").await, count("notes").await), (0, 0), "{what}: --check never writes the target");

    // Production: refused, nothing written.
    let evidence = tempfile::tempdir().unwrap();
    let refused = run(&keyless, target, &EnvPolicy::default_for("prod"), evidence.path()).await.unwrap_err();
    assert_eq!(refused.kind(), plumb_db::ErrorKind::Blocked, "{what}: {refused}");
    assert_eq!((count("tags").await, count("notes").await), (0, 0), "{what}");
    assert_eq!(std::fs::read_dir(evidence.path()).unwrap().count(), 0, "{what}: no evidence of a refused seed");

    // Dev: written, with what each table gained, and evidence.
    let seeded = run(&keyless, target, &EnvPolicy::default_for("dev"), evidence.path()).await.unwrap();
    let rows: Vec<(&str, u64, u64)> = seeded.tables.iter().map(|t| (t.table.as_str(), t.inserted, t.after)).collect();
    assert_eq!(rows, [("notes", 1, 1), ("tags", 2, 2)], "{what}: {seeded:?}");
    let folder = std::path::Path::new(&seeded.folder);
    assert!(
        std::fs::read_to_string(folder.join("seed.md")).unwrap().contains("| notes | 0 | 1 | 1 | 0 | 0 |"),
        "{what}"
    );

    // A statement that fails takes the whole seed back.
    let (_d, half) = seed("INSERT INTO notes (body) VALUES ('kept?');\nINSERT INTO tags (id, name) VALUES (1, 'red');");
    let error = run(&half, target, &EnvPolicy::default_for("dev"), evidence.path()).await.unwrap_err();
    assert!(error.to_string().contains("rolled back"), "{what}: {error}");
    assert_eq!(count("notes").await, 1, "{what}: the first statement was rolled back");
}

#[tokio::test]
async fn seeds_are_checked_for_idempotency_reported_per_table_and_never_run_on_production() {
    let file = SqliteFile::with_sql(&schema(None)).await;
    let path = file.path().to_owned();
    let sqlite = Source::Sqlite { path: path.clone() };
    case(&sqlite, None, async |table: &str| {
        let mut conn = SqliteFile::open(&path).await;
        sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut conn).await.unwrap()
    })
    .await;
    for server in [Server::Postgres, Server::Mysql] {
        let db = TestDb::fresh(server, &format!("seed_{server:?}")).await;
        db.exec(&schema(Some(server))).await;
        case(&db.source(), Some(server), async |table: &str| {
            db.texts(&format!("SELECT CAST(COUNT(*) AS CHAR(20)) FROM {table}")).await[0].trim().parse().unwrap()
        })
        .await;
    }
}
