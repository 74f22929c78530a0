//! `plumb migrate deploy` on real servers: the pending migrations of a Prisma folder, as one plan
//! through the gate, applied and verified (the database then reads like the folder replayed),
//! each recorded in `_prisma_migrations` so that `migrate status` says up to date and a second
//! deploy has nothing to do; a modified migration stops it; the table never shows in a diff.

use plumb_db::migrations::{deploy_plan, status, Folder, State};
use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_tests::{Server, SqliteFile, TestDb};

const INIT: &str = "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);\n";
const POSTS: &str = "-- a comment before\nCREATE TABLE posts (id INTEGER PRIMARY KEY, title VARCHAR(100) DEFAULT 'it''s; fine');\nCREATE INDEX posts_title ON posts (title);\n";

fn folder(provider: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, up, down) in
        [("20240101000000_init", INIT, "DROP TABLE users;\n"), ("20240102000000_posts", POSTS, "DROP TABLE posts;\n")]
    {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("migration.sql"), up).unwrap();
        std::fs::write(dir.path().join(name).join("down.sql"), down).unwrap();
    }
    std::fs::write(dir.path().join("migration_lock.toml"), format!("provider = \"{provider}\"\n")).unwrap();
    dir
}

async fn deploy(target: &Source, dir: &std::path::Path, shadow: Option<&url::Url>, evidence: &std::path::Path) -> bool {
    let folder = Folder::read(dir).unwrap();
    let Some(plan) = deploy_plan(&folder, target, shadow).await.unwrap() else { return false };
    assert!(plan.rollback_unavailable.is_none(), "every migration has a down.sql");
    let report = plumb_tests::apply_as_dev(target, plan, evidence, false).await.unwrap();
    assert!(report.verified, "the database reads like the folder replayed: {:?}", report.remaining.changes);
    true
}

#[tokio::test]
async fn deploy_applies_pending_migrations_through_the_gate_on_every_dialect() {
    let sqlite = SqliteFile::with_sql("SELECT 1;").await;
    let pg = TestDb::fresh(Server::Postgres, "migrate_deploy_pg").await;
    let maria = TestDb::fresh(Server::Mysql, "migrate_deploy_maria").await;
    for (target, provider, shadow) in [
        (Source::Sqlite { path: sqlite.path().to_owned() }, "sqlite", None),
        (pg.source(), "postgresql", Some(plumb_tests::pg_admin_url())),
        (maria.source(), "mysql", Some(plumb_tests::mysql_admin_url())),
    ] {
        let shadow: Option<url::Url> = shadow.map(|s| s.parse().unwrap());
        let dir = folder(provider);
        let evidence = tempfile::tempdir().unwrap();
        // The first migration alone, then the second on top: only what is pending runs.
        let first_only = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(first_only.path().join("20240101000000_init")).unwrap();
        for file in ["20240101000000_init/migration.sql", "20240101000000_init/down.sql", "migration_lock.toml"] {
            std::fs::copy(dir.path().join(file), first_only.path().join(file)).unwrap();
        }
        assert!(deploy(&target, first_only.path(), shadow.as_ref(), evidence.path()).await, "{provider}: init");
        assert!(deploy(&target, dir.path(), shadow.as_ref(), evidence.path()).await, "{provider}: posts");
        let found = status(&Folder::read(dir.path()).unwrap(), &target).await.unwrap();
        assert!(found.entries.iter().all(|e| e.state == State::Applied), "{provider}: {:?}", found.entries);
        assert!(!deploy(&target, dir.path(), shadow.as_ref(), evidence.path()).await, "{provider}: nothing left");
        let replayed = Source::Sql { path: dir.path().to_owned(), shadow: shadow.clone() }.load().await.unwrap();
        let changes = diff(&target.load().await.unwrap(), &replayed, &DiffOptions::default()).unwrap();
        assert!(
            changes.is_empty(),
            "{provider}: _prisma_migrations is the tool's, not the schema's: {:?}",
            changes.changes
        );
        let runs = std::fs::read_dir(evidence.path()).unwrap().count();
        assert_eq!(runs, 2, "{provider}: an evidence folder per deploy");

        // A migration edited after it was applied stops the next deploy.
        std::fs::write(dir.path().join("20240102000000_posts/migration.sql"), format!("{POSTS}-- edited\n")).unwrap();
        let err = deploy_plan(&Folder::read(dir.path()).unwrap(), &target, shadow.as_ref()).await.unwrap_err();
        assert!(err.to_string().contains("20240102000000_posts was changed after it was applied"), "{provider}: {err}");
    }
}

#[tokio::test]
async fn a_history_deployed_to_an_empty_database_needs_no_acknowledgement_for_its_own_new_tables() {
    let pg = TestDb::fresh(Server::Postgres, "migrate_deploy_history").await;
    let dir = tempfile::tempdir().unwrap();
    let history = [
        ("20240101000000_init", "CREATE TABLE users (id integer PRIMARY KEY, email text);\n"),
        ("20240102000000_posts", "CREATE TABLE posts (id integer PRIMARY KEY, user_id integer);\n"),
        (
            "20240103000000_links",
            "CREATE INDEX users_email_idx ON users (email);\nALTER TABLE posts ADD CONSTRAINT posts_user_fkey FOREIGN KEY (user_id) REFERENCES users (id);\nALTER TABLE users ALTER COLUMN email SET NOT NULL;\n",
        ),
    ];
    for (name, up) in history {
        std::fs::create_dir_all(dir.path().join(name)).unwrap();
        std::fs::write(dir.path().join(name).join("migration.sql"), up).unwrap();
    }
    std::fs::write(dir.path().join("migration_lock.toml"), "provider = \"postgresql\"\n").unwrap();
    let shadow: url::Url = plumb_tests::pg_admin_url().parse().unwrap();
    let plan = deploy_plan(&Folder::read(dir.path()).unwrap(), &pg.source(), Some(&shadow)).await.unwrap().unwrap();
    let blocking: Vec<String> = plan.findings.iter().filter(|f| f.blocks()).map(|f| f.message.clone()).collect();
    assert!(blocking.is_empty(), "tables the same deploy creates are empty and unused: {blocking:#?}");
    assert!(
        plan.findings.iter().all(|f| !f.message.contains("no lock timeout")),
        "Plumb sets the lock timeout itself: {:#?}",
        plan.findings
    );
}
