//! Drift on real databases: each environment against a Prisma migrations folder — in sync,
//! behind by the migrations its table lacks, drifted by a change no migration made, or unreadable
//! — as the CLI and the window both report it (`plumb_db::drift`).

use plumb_db::drift::{drift, Resolve, State};
use plumb_db::migrations::{deploy_plan, Folder};
use plumb_db::project::Project;
use plumb_db::Source;
use plumb_tests::SqliteFile;

/// Sources as written, no profiles.
struct Plain;

impl Resolve for Plain {
    async fn one(&self, text: &str) -> Result<Source, String> {
        text.parse().map_err(|e: plumb_db::Error| e.to_string())
    }

    async fn pair(&self, side: &str, truth: &str) -> Result<(Source, Source), String> {
        Ok((self.one(side).await?, self.one(truth).await?))
    }
}

async fn deploy(folder: &std::path::Path, target: &SqliteFile) {
    let source = Source::Sqlite { path: target.path().to_owned() };
    let plan = deploy_plan(&Folder::read(folder).unwrap(), &source, None).await.unwrap().unwrap();
    let evidence = tempfile::tempdir().unwrap();
    assert!(plumb_tests::apply_as_dev(&source, plan, evidence.path(), false).await.unwrap().verified);
}

#[tokio::test]
async fn each_environment_is_in_sync_behind_by_migrations_drifted_or_unreadable() {
    let project = tempfile::tempdir().unwrap();
    let migrations = project.path().join("prisma/migrations");
    std::fs::create_dir_all(migrations.join("20240101000000_users")).unwrap();
    std::fs::write(migrations.join("migration_lock.toml"), "provider = \"sqlite\"\n").unwrap();
    std::fs::write(
        migrations.join("20240101000000_users/migration.sql"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
    let (qa, dev, prod) = (
        SqliteFile::with_sql("SELECT 1;").await,
        SqliteFile::with_sql("SELECT 1;").await,
        SqliteFile::with_sql("SELECT 1;").await,
    );
    for db in [&qa, &dev, &prod] {
        deploy(&migrations, db).await;
    }
    std::fs::create_dir_all(migrations.join("20240102000000_posts")).unwrap();
    std::fs::write(
        migrations.join("20240102000000_posts/migration.sql"),
        "CREATE TABLE posts (id INTEGER PRIMARY KEY);\n",
    )
    .unwrap();
    deploy(&migrations, &qa).await;
    deploy(&migrations, &prod).await;
    // Somebody changed prod by hand: no migration made this.
    let mut hand = SqliteFile::open(prod.path()).await;
    sqlx::raw_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY);").execute(&mut hand).await.unwrap();
    drop(hand);
    // qa is named by a path relative to the project, as a project.toml would.
    std::fs::copy(qa.path(), project.path().join("qa.db")).unwrap();
    std::fs::create_dir_all(project.path().join(".plumb")).unwrap();
    std::fs::write(
        project.path().join(".plumb/project.toml"),
        format!(
            "truth = \"repo\"\nschema = \"prisma/migrations\"\n[environments]\nqa = \"qa.db\"\ndev = \"{}\"\nprod = \"{}\"\ngone = \"{}\"\n",
            dev.path().display(),
            prod.path().display(),
            project.path().join("missing.db").display()
        ),
    )
    .unwrap();

    let report = drift(&Project::discover(project.path()).unwrap(), &Plain).await.unwrap();
    assert_eq!(report.truth, "repository");
    let state = |name: &str| report.sides.iter().find(|s| s.name == name).unwrap().state.clone();
    assert_eq!(state("qa"), State::InSync);
    assert!(matches!(state("dev"), State::Behind { migrations: 1, differences: 1 }), "{:?}", state("dev"));
    assert!(matches!(state("prod"), State::Drifted { differences: 1 }), "{:?}", state("prod"));
    assert!(matches!(state("gone"), State::Unreadable { .. }), "{:?}", state("gone"));

    std::fs::remove_file(project.path().join(".plumb/project.toml")).unwrap();
    let err = drift(&Project::discover(project.path()).unwrap(), &Plain).await.unwrap_err().to_string();
    assert!(err.contains("project.toml") && err.contains("truth = "), "{err}");
}
