//! `plumb migrate status` against Prisma's own `_prisma_migrations` layout (created here with the
//! DDL Prisma Migrate uses on each database; no Node needed): applied, modified, failed, rolled
//! back, pending, and recorded but gone from the folder.

use plumb_db::migrations::{status, Folder, Layout, State};
use plumb_tests::{Server, SqliteFile, TestDb};
use sha2::{Digest, Sha256};

const PG_TABLE: &str = r#"CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) NOT NULL, "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0, PRIMARY KEY ("id"));"#;
const MYSQL_TABLE: &str =
    "CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL,
  finished_at DATETIME(3), migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at DATETIME(3),
  started_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), applied_steps_count INTEGER UNSIGNED NOT NULL DEFAULT 0)
  DEFAULT CHARACTER SET utf8mb4;";
const SQLITE_TABLE: &str = r#"CREATE TABLE "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL,
  "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0);"#;

const MIGRATIONS: [(&str, &str); 5] = [
    ("20240101000000_init", "CREATE TABLE users (id int PRIMARY KEY);"),
    ("20240102000000_email", "ALTER TABLE users ADD COLUMN email text;"),
    ("20240103000000_posts", "CREATE TABLE posts (id int PRIMARY KEY);"),
    ("20240104000000_tags", "CREATE TABLE tags (id int PRIMARY KEY);"),
    ("20240105000000_likes", "CREATE TABLE likes (id int PRIMARY KEY);"),
];

fn sha(text: &str) -> String {
    format!("{:x}", Sha256::digest(text.as_bytes()))
}

/// The folder, and the rows Prisma would have written: init applied; email applied but its file
/// edited since; posts failed half-way; tags applied then rolled back; likes never run; and an
/// old migration applied that the folder no longer has.
fn project() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql) in MIGRATIONS {
        let folder = dir.path().join("prisma/migrations").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let text =
            if name.ends_with("email") { format!("{sql}\n-- edited after it was applied\n") } else { sql.to_owned() };
        std::fs::write(folder.join("migration.sql"), text).unwrap();
    }
    let row = |id: u32, name: &str, checksum: String, finished: bool, rolled_back: bool| {
        let stamp = format!("'2024-01-{:02} 00:00:00'", id + 1);
        let finished = if finished { stamp.clone() } else { "NULL".into() };
        let rolled = if rolled_back { stamp.clone() } else { "NULL".into() };
        format!(
            "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at, started_at, applied_steps_count) VALUES ('{id}', '{checksum}', {finished}, '{name}', {rolled}, {stamp}, 1);"
        )
    };
    let rows = [
        row(0, "20231201000000_old", sha("old"), true, false),
        row(1, MIGRATIONS[0].0, sha(MIGRATIONS[0].1), true, false),
        row(2, MIGRATIONS[1].0, sha(MIGRATIONS[1].1), true, false),
        row(3, MIGRATIONS[2].0, sha(MIGRATIONS[2].1), false, false),
        row(4, MIGRATIONS[3].0, sha(MIGRATIONS[3].1), true, true),
    ]
    .join("\n");
    (dir, rows)
}

fn expected() -> Vec<(String, State)> {
    vec![
        (MIGRATIONS[0].0.into(), State::Applied),
        (MIGRATIONS[1].0.into(), State::Modified),
        (MIGRATIONS[2].0.into(), State::Failed),
        (MIGRATIONS[3].0.into(), State::Pending),
        (MIGRATIONS[4].0.into(), State::Pending),
        ("20231201000000_old".into(), State::MissingLocally),
    ]
}

async fn check(source: &plumb_db::Source, folder: &Folder, what: &str) {
    let found = status(folder, source).await.unwrap_or_else(|e| panic!("{what}: {e}"));
    let got: Vec<(String, State)> = found.entries.iter().map(|e| (e.name.clone(), e.state)).collect();
    assert_eq!(got, expected(), "{what}");
    assert!(!found.up_to_date());
}

#[tokio::test]
async fn status_reads_prismas_own_table_on_every_dialect() {
    let (dir, rows) = project();
    let folder = Folder::find(dir.path()).unwrap();
    assert_eq!(folder.layout, Layout::Prisma);
    for (server, table) in [(Server::Postgres, PG_TABLE), (Server::Mysql, MYSQL_TABLE)] {
        let db = TestDb::fresh(server, &format!("migrate_status_{server:?}")).await;
        // Before Prisma ran at all: no table, everything pending.
        let none = status(&folder, &db.source()).await.unwrap();
        assert!(none.table.is_none() && none.entries.iter().all(|e| e.state == State::Pending), "{none:?}");
        db.exec(&format!("{table}\n{rows}")).await;
        check(&db.source(), &folder, &format!("{server:?}")).await;
    }
    let file = SqliteFile::with_sql(&format!("{SQLITE_TABLE}\n{rows}")).await;
    check(&plumb_db::Source::Sqlite { path: file.path().to_owned() }, &folder, "SQLite").await;
}

/// Writes `files` (name → SQL) into a fresh folder.
fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, sql) in files {
        std::fs::write(dir.path().join(name), sql).unwrap();
    }
    dir
}

fn sha384(text: &str) -> String {
    format!("{:x}", sha2::Sha384::digest(text.as_bytes()))
}

/// Runs `sql` for `server`, or on a fresh SQLite file, and returns the source.
async fn database(
    server: Option<Server>,
    test: &str,
    sql: &str,
) -> (plumb_db::Source, Option<TestDb>, Option<SqliteFile>) {
    match server {
        Some(server) => {
            let db = TestDb::fresh(server, test).await;
            db.exec(sql).await;
            (db.source(), Some(db), None)
        }
        None => {
            let file = SqliteFile::with_sql(sql).await;
            (plumb_db::Source::Sqlite { path: file.path().to_owned() }, None, Some(file))
        }
    }
}

#[tokio::test]
async fn status_reads_sqlx_golang_migrate_and_dbmate_tables() {
    let files = [
        ("1_users.up.sql", "CREATE TABLE users (id int);"),
        ("2_posts.up.sql", "CREATE TABLE posts (id int);"),
        ("3_tags.up.sql", "CREATE TABLE tags (id int);"),
        ("4_likes.up.sql", "CREATE TABLE likes (id int);"),
    ];
    let updown = folder_with(&files);
    let updown = Folder::read(updown.path()).unwrap();
    let plain = folder_with(&[("0001_users.sql", "x"), ("0002_posts.sql", "y"), ("0003_tags.sql", "z")]);
    let plain = Folder::read(plain.path()).unwrap();
    let states = |status: plumb_db::migrations::Status| {
        status.entries.into_iter().map(|e| (e.name, e.state)).collect::<Vec<_>>()
    };
    for server in [Some(Server::Postgres), Some(Server::Mysql), None] {
        let bytes = if server == Some(Server::Postgres) { "BYTEA" } else { "BLOB" };
        let blob = |hex: &str| match server {
            Some(Server::Postgres) => format!("decode('{hex}', 'hex')"),
            Some(Server::Mysql) => format!("UNHEX('{hex}')"),
            None => format!("X'{hex}'"),
        };
        let sqlx = format!(
            "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, success BOOLEAN NOT NULL, checksum {bytes} NOT NULL, execution_time BIGINT NOT NULL);
             INSERT INTO _sqlx_migrations VALUES (1, 'users', TRUE, {}, 1), (2, 'posts', TRUE, {}, 1), (3, 'tags', FALSE, {}, 1);",
            blob(&sha384(files[0].1)),
            blob(&sha384("edited since")),
            blob(&sha384(files[2].1))
        );
        let (source, _db, _file) = database(server, &format!("status_sqlx_{server:?}"), &sqlx).await;
        let found = status(&updown, &source).await.unwrap();
        assert_eq!(found.table.as_deref(), Some("_sqlx_migrations"));
        assert_eq!(
            states(found),
            [
                ("1".into(), State::Applied),
                ("2".into(), State::Modified),
                ("3".into(), State::Failed),
                ("4".into(), State::Pending)
            ],
            "sqlx {server:?}"
        );

        let golang = "CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL); INSERT INTO schema_migrations VALUES (3, TRUE);";
        let (source, _db, _file) = database(server, &format!("status_golang_{server:?}"), golang).await;
        assert_eq!(
            states(status(&updown, &source).await.unwrap()),
            [
                ("1".into(), State::Applied),
                ("2".into(), State::Applied),
                ("3".into(), State::Failed),
                ("4".into(), State::Pending)
            ],
            "golang-migrate {server:?}"
        );

        let dbmate = "CREATE TABLE schema_migrations (version VARCHAR(128) PRIMARY KEY); INSERT INTO schema_migrations VALUES ('0001'), ('0002'), ('0000');";
        let (source, _db, _file) = database(server, &format!("status_dbmate_{server:?}"), dbmate).await;
        assert_eq!(
            states(status(&plain, &source).await.unwrap()),
            [
                ("0001".into(), State::Applied),
                ("0002".into(), State::Applied),
                ("0003".into(), State::Pending),
                ("0000".into(), State::MissingLocally)
            ],
            "dbmate {server:?}"
        );
    }
}

#[tokio::test]
async fn status_reads_drizzle_and_supabase_tables() {
    let dir = folder_with(&[
        ("0000_users.sql", "CREATE TABLE users (id int);"),
        ("0001_posts.sql", "CREATE TABLE posts (id int);"),
        ("0002_tags.sql", "x"),
    ]);
    std::fs::create_dir_all(dir.path().join("meta")).unwrap();
    std::fs::write(
        dir.path().join("meta/_journal.json"),
        r#"{"version":"7","dialect":"postgresql","entries":[
            {"idx":0,"version":"7","when":1700000000000,"tag":"0000_users","breakpoints":true},
            {"idx":1,"version":"7","when":1700000001000,"tag":"0001_posts","breakpoints":true},
            {"idx":2,"version":"7","when":1700000002000,"tag":"0002_tags","breakpoints":true}]}"#,
    )
    .unwrap();
    let drizzle = Folder::read(dir.path()).unwrap();
    assert_eq!(drizzle.layout, Layout::Drizzle);
    let states = |status: plumb_db::migrations::Status| {
        status.entries.into_iter().map(|e| (e.name, e.state)).collect::<Vec<_>>()
    };
    for server in [Some(Server::Postgres), Some(Server::Mysql), None] {
        // drizzle-orm's own table, in the `drizzle` schema on PostgreSQL.
        let table = match server {
            Some(Server::Postgres) => "CREATE SCHEMA drizzle; CREATE TABLE drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);",
            Some(Server::Mysql) => "CREATE TABLE __drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint);",
            None => "CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash text NOT NULL, created_at numeric);",
        };
        let name =
            if server == Some(Server::Postgres) { "drizzle.__drizzle_migrations" } else { "__drizzle_migrations" };
        let sql = format!(
            "{table} INSERT INTO {name} (hash, created_at) VALUES ('{}', 1700000000000), ('{}', 1700000001000), ('gone', 1600000000000);",
            sha("CREATE TABLE users (id int);"),
            sha("edited since")
        );
        let (source, _db, _file) = database(server, &format!("status_drizzle_{server:?}"), &sql).await;
        let found = status(&drizzle, &source).await.unwrap();
        assert_eq!(found.table.as_deref(), Some(name));
        assert_eq!(
            states(found),
            [
                ("0000_users".into(), State::Applied),
                ("0001_posts".into(), State::Modified),
                ("0002_tags".into(), State::Pending),
                ("1600000000000".into(), State::MissingLocally)
            ],
            "drizzle {server:?}"
        );
    }
    let supabase = folder_with(&[("20240101000000_users.sql", "a"), ("20240102000000_posts.sql", "b")]);
    let supabase = Folder::read(supabase.path()).unwrap();
    let sql = "CREATE SCHEMA supabase_migrations; CREATE TABLE supabase_migrations.schema_migrations (version text PRIMARY KEY, statements text[], name text);\
               INSERT INTO supabase_migrations.schema_migrations (version, name) VALUES ('20240101000000', 'users');";
    let (source, _db, _file) = database(Some(Server::Postgres), "status_supabase", sql).await;
    let found = status(&supabase, &source).await.unwrap();
    assert_eq!(found.table.as_deref(), Some("supabase_migrations.schema_migrations"));
    assert_eq!(
        states(found),
        [("20240101000000".into(), State::Applied), ("20240102000000".into(), State::Pending)],
        "supabase"
    );
}
