//! Alembic projects' status on every dialect, from the `versions` folder of
//! `tests/fixtures/alembic` (a linear start, a labelled branch, a merge, a linear end) and the
//! database's `alembic_version`, created here as Alembic creates it: right at each revision.

use std::path::PathBuf;

use plumb_db::migrations::alembic::{status, History};
use plumb_db::migrations::State;
use plumb_db::Source;
use plumb_tests::{Server, SqliteFile, TestDb};

fn versions() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/alembic/versions")
}

/// Each database state as `alembic_version` rows, and the files applied there.
const CASES: [(&[&str], &[&str]); 5] = [
    (&[], &[]),
    (&["b2"], &["1_create_users", "2_add_email"]),
    (&["b2", "c3"], &["1_create_users", "2_add_email", "3_audit_log"]),
    (&["d4"], &["1_create_users", "2_add_email", "3_audit_log", "4_merge"]),
    (&["e5"], &["1_create_users", "2_add_email", "3_audit_log", "4_merge", "5_add_index"]),
];

async fn check(source: &Source, set: impl AsyncFn(&str), what: &str) {
    let history = History::read(&versions()).unwrap();
    let before = status(&history, source).await.unwrap();
    assert!(before.table.is_none() && before.pending() == 5, "{what}: no alembic_version yet: {before:?}");
    set("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)").await;
    for (rows, applied) in CASES {
        set("DELETE FROM alembic_version").await;
        for row in rows {
            set(&format!("INSERT INTO alembic_version (version_num) VALUES ('{row}')")).await;
        }
        let found = status(&history, source).await.unwrap();
        let shown: Vec<&str> =
            found.entries.iter().filter(|e| e.state == State::Applied).map(|e| e.name.as_str()).collect();
        assert_eq!(shown, applied, "{what} at {rows:?}");
        assert_eq!(found.pending(), 5 - applied.len(), "{what} at {rows:?}");
    }
    set("INSERT INTO alembic_version (version_num) VALUES ('ff0')").await;
    let found = status(&history, source).await.unwrap();
    assert!(found.entries.iter().any(|e| e.name == "ff0" && e.state == State::MissingLocally), "{what}: {found:?}");
}

#[test]
fn an_alembic_folder_is_a_migrations_folder_like_the_others() {
    let folder = plumb_db::migrations::Folder::read(&versions()).unwrap();
    assert_eq!(folder.layout, plumb_db::migrations::Layout::Alembic);
    let names: Vec<&str> = folder.migrations.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["1_create_users", "2_add_email", "3_audit_log", "4_merge", "5_add_index"], "in applying order");
    assert_eq!(folder.dialect(), Some(plumb_engine::dialect::Dialect::Sqlite), "alembic.ini's sqlalchemy.url");
}

#[tokio::test]
async fn alembic_status_is_right_at_each_revision_on_every_dialect() {
    for server in [Server::Postgres, Server::Mysql] {
        let db = TestDb::fresh(server, &format!("alembic_status_{server:?}")).await;
        check(&db.source(), async |sql: &str| db.exec(sql).await, &format!("{server:?}")).await;
    }
    let file = SqliteFile::with_sql("").await;
    let source = Source::Sqlite { path: file.path().to_owned() };
    let path = file.path().to_owned();
    check(
        &source,
        async |sql: &str| {
            let mut conn = SqliteFile::open(&path).await;
            sqlx::Executor::execute(&mut conn, sqlx::raw_sql(sql)).await.unwrap();
        },
        "SQLite",
    )
    .await;
}
