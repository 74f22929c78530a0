//! Alembic histories written and deployed by Plumb, checked by Alembic itself: the fixture
//! project (`tests/fixtures/alembic`: a linear start, a labelled branch, a merge) deployed through
//! the gate on every dialect with `alembic_version` moved as Alembic moves it; then a revision
//! written by `migrate new` that Alembic lists as the head, renders in its offline mode, runs
//! online (SQLite, Python's own driver) and rolls back, and that deploys to a fresh database
//! which then reads like the one it was written from.
//!
//! Needs Alembic: `scripts/test.sh` installs it from PyPI into a virtualenv and sets
//! `PLUMB_PYTHON`, the variable Plumb itself reads.

use std::path::{Path, PathBuf};
use std::process::Command;

use plumb_db::migrations::alembic::{current, status, History};
use plumb_db::migrations::{create, deploy_plan, Folder, State};
use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_tests::{Server, SqliteFile, TestDb};

/// The Python that has Alembic, as Plumb finds it.
fn python() -> PathBuf {
    let python = std::env::var_os("PLUMB_PYTHON").map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    let has = Command::new(&python).args(["-c", "import alembic"]).status().is_ok_and(|s| s.success());
    assert!(
        has,
        "{} cannot import alembic: run scripts/test.sh (it installs Alembic from PyPI into a virtualenv), \
         or pip install alembic and set PLUMB_PYTHON to that python",
        python.display()
    );
    python
}

/// Runs `alembic ARGS` in the project; its standard output.
fn alembic(project: &Path, args: &[&str]) -> String {
    let out = Command::new(python()).arg("-m").arg("alembic").args(args).current_dir(project).output().unwrap();
    assert!(out.status.success(), "alembic {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// A copy of the fixture project.
fn project() -> tempfile::TempDir {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/alembic");
    let dir = tempfile::tempdir().unwrap();
    for sub in ["", "versions"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for entry in std::fs::read_dir(from.join(sub)).unwrap().map(Result::unwrap) {
            if entry.path().is_file() {
                std::fs::copy(entry.path(), dir.path().join(sub).join(entry.file_name())).unwrap();
            }
        }
    }
    dir
}

async fn deploy(target: &Source, versions: &Path, shadow: Option<&url::Url>) -> bool {
    let folder = Folder::read(versions).unwrap();
    let Some(plan) = deploy_plan(&folder, target, shadow).await.unwrap() else { return false };
    assert!(plan.rollback_unavailable.is_none(), "every revision has a downgrade");
    let evidence = tempfile::tempdir().unwrap();
    let report = plumb_tests::apply_as_dev(target, plan, evidence.path(), true).await.unwrap();
    assert!(report.verified, "the database reads like the history replayed: {:?}", report.remaining.changes);
    true
}

async fn versions_in(target: &Source) -> Vec<String> {
    let mut ids = current(target).await.unwrap().unwrap_or_default();
    ids.sort();
    ids
}

/// Runs `sql` on `target`, as someone changing the database by hand.
async fn exec(target: &Source, sql: &str) {
    use sqlx::{Connection, Executor};
    let ran = match target {
        Source::Sqlite { path } => SqliteFile::open(path).await.execute(sql).await.map(drop),
        Source::Postgres { url } => {
            sqlx::PgConnection::connect(url.as_str()).await.unwrap().execute(sql).await.map(drop)
        }
        Source::Mysql { url } => {
            sqlx::MySqlConnection::connect(url.as_str()).await.unwrap().execute(sql).await.map(drop)
        }
        other => panic!("not a database: {other}"),
    };
    ran.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test]
async fn revisions_deploy_through_the_gate_and_migrate_new_writes_one_alembic_accepts() {
    python();
    let sqlite = [SqliteFile::with_sql("SELECT 1;").await, SqliteFile::with_sql("SELECT 1;").await];
    let pg = [
        TestDb::fresh(Server::Postgres, "alembic_rev_pg").await,
        TestDb::fresh(Server::Postgres, "alembic_rev_pg2").await,
    ];
    let maria = [
        TestDb::fresh(Server::Mysql, "alembic_rev_maria").await,
        TestDb::fresh(Server::Mysql, "alembic_rev_maria2").await,
    ];
    let cases: [(&str, [Source; 2], Option<url::Url>, &str); 3] = [
        ("SQLite", sqlite.each_ref().map(|f| Source::Sqlite { path: f.path().to_owned() }), None, "TEXT"),
        ("PostgreSQL", pg.each_ref().map(TestDb::source), Some(plumb_tests::pg_admin_url().parse().unwrap()), "TEXT"),
        (
            "MariaDB",
            maria.each_ref().map(TestDb::source),
            Some(plumb_tests::mysql_admin_url().parse().unwrap()),
            "VARCHAR(50)",
        ),
    ];
    for (what, [target, fresh], shadow, text) in cases {
        let project = project();
        let versions = project.path().join("versions");
        let history = History::read(&versions).unwrap();

        // Deploy: every revision, branch and merge included, and alembic_version holds the head.
        assert!(deploy(&target, &versions, shadow.as_ref()).await, "{what}: the history is pending");
        assert_eq!(versions_in(&target).await, ["e5"], "{what}");
        let found = status(&history, &target).await.unwrap();
        assert!(found.entries.iter().all(|e| e.state == State::Applied), "{what}: {:?}", found.entries);
        assert!(!deploy(&target, &versions, shadow.as_ref()).await, "{what}: nothing left to deploy");

        // The database moves on by hand; migrate new writes that change as the next revision.
        for sql in [
            format!(
                "CREATE TABLE posts (id INTEGER NOT NULL PRIMARY KEY, title {text} NOT NULL DEFAULT 'a :b, 10:30')"
            ),
            "ALTER TABLE users ADD COLUMN nickname VARCHAR(40)".to_owned(),
        ] {
            exec(&target, &sql).await;
        }
        let created = create(&versions, "add posts", &target, shadow.as_ref()).await.unwrap().expect("a change");
        let file = &created.files[0];
        let id = file.file_name().unwrap().to_string_lossy()[..12].to_owned();
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.contains("down_revision: Union[str, Sequence[str], None] = \"e5\""), "{what}: {text}");

        // Alembic reads it as the one head and renders it in its offline mode, the bind-like
        // `:b` in the default kept as written.
        assert!(alembic(project.path(), &["heads"]).starts_with(&format!("{id} ")), "{what}");
        let url = match what {
            "PostgreSQL" => "postgresql://",
            "MariaDB" => "mysql://",
            _ => "sqlite://",
        };
        std::fs::write(
            project.path().join("alembic.ini"),
            std::fs::read_to_string(project.path().join("alembic.ini")).unwrap().replace("sqlite:///app.db", url),
        )
        .unwrap();
        let offline = alembic(project.path(), &["upgrade", &format!("e5:{id}"), "--sql"]);
        assert!(offline.contains("'a :b, 10:30'") && offline.contains("nickname"), "{what}: {offline}");
        std::fs::write(
            project.path().join("alembic.ini"),
            std::fs::read_to_string(project.path().join("alembic.ini")).unwrap().replace(url, "sqlite:///app.db"),
        )
        .unwrap();
        if what == "SQLite" {
            // Online too, on Python's own SQLite driver: up to the new head and back one.
            alembic(project.path(), &["upgrade", "head"]);
            alembic(project.path(), &["downgrade", "-1"]);
            assert_eq!(alembic(project.path(), &["current"]).trim(), "e5", "{what}");
        }

        // Deployed to a fresh database, the history with the new revision builds what it was
        // written from.
        assert!(deploy(&fresh, &versions, shadow.as_ref()).await, "{what}: six revisions pending");
        assert_eq!(versions_in(&fresh).await, [id.as_str()], "{what}");
        let changes =
            diff(&fresh.load().await.unwrap(), &target.load().await.unwrap(), &DiffOptions::default()).unwrap();
        assert!(changes.is_empty(), "{what}: {:?}", changes.changes);
    }
}
