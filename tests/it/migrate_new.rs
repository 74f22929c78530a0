//! `plumb migrate new` from a schema.prisma, on every dialect: the first migration creates the
//! schema, the next one only the change, each with a `down.sql` that takes it back; the folder
//! replayed then builds exactly the schema, and a third run finds nothing to write.

use std::path::Path;

use plumb_db::migrations::create;
use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};

const V1: &str = "model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  posts Post[]\n}\n\n\
                  model Post {\n  id       Int    @id @default(autoincrement())\n  title    String\n  author   User   @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n";

fn schema(provider: &str, body: &str) -> String {
    format!("datasource db {{\n  provider = \"{provider}\"\n  url = env(\"DATABASE_URL\")\n}}\n\n{body}")
}

fn v2(body: &str) -> String {
    body.replace("  title    String\n", "  title    String\n  body     String?\n  @@index([title])\n")
        .replace("  email String @unique\n", "  email String @unique\n  name  String @default(\"\")\n")
}

async fn same(a: &Source, b: &Source, label: &str) {
    let (a, b) = (a.load().await.unwrap(), b.load().await.unwrap());
    let changes = diff(&a, &b, &DiffOptions::default()).unwrap();
    assert!(changes.is_empty(), "{label}: {:#?}", changes.changes);
}

/// A folder holding only the migrations named, with each one's down.sql run last when asked.
fn partial(dir: &Path, from: &Path, keep: &[&str], down_of: Option<&str>) {
    std::fs::copy(from.join("migration_lock.toml"), dir.join("migration_lock.toml")).unwrap();
    for name in keep {
        std::fs::create_dir_all(dir.join(name)).unwrap();
        std::fs::copy(from.join(name).join("migration.sql"), dir.join(name).join("migration.sql")).unwrap();
    }
    if let Some(name) = down_of {
        let undo = dir.join("99999999999999_undo");
        std::fs::create_dir_all(&undo).unwrap();
        std::fs::copy(from.join(name).join("down.sql"), undo.join("migration.sql")).unwrap();
    }
}

#[tokio::test]
async fn migrate_new_writes_what_the_schema_adds_and_the_way_back_on_every_dialect() {
    for (provider, shadow) in [
        ("sqlite", None),
        ("postgresql", Some(plumb_tests::pg_admin_url())),
        ("mysql", Some(plumb_tests::mysql_admin_url())),
    ] {
        let shadow: Option<url::Url> = shadow.map(|s| s.parse().unwrap());
        let project = tempfile::tempdir().unwrap();
        let file = project.path().join("schema.prisma");
        let dir = project.path().join("migrations");
        let prisma = Source::Prisma { path: file.clone(), shadow: shadow.clone() };
        let folder = Source::Sql { path: dir.clone(), shadow: shadow.clone() };

        std::fs::write(&file, schema(provider, V1)).unwrap();
        let first = create(&dir, "init", &prisma, shadow.as_ref()).await.unwrap().expect("a first migration");
        let lock = std::fs::read_to_string(dir.join("migration_lock.toml")).unwrap();
        assert!(lock.contains(&format!("provider = \"{provider}\"")), "{provider}: {lock}");
        let sql = std::fs::read_to_string(&first.files[0]).unwrap();
        assert!(sql.contains("-- create table") && sql.contains("User_email_key"), "{provider}: {sql}");
        assert!(!sql.contains("plumb_scratch"), "{provider}: no scratch database named in the file: {sql}");
        same(&folder, &prisma, &format!("{provider}: init")).await;

        std::fs::write(&file, schema(provider, &v2(V1))).unwrap();
        let second = create(&dir, "add body", &prisma, shadow.as_ref()).await.unwrap().expect("a second migration");
        let second_dir = second.files[0].parent().unwrap().to_owned();
        assert!(second_dir.file_name().unwrap().to_string_lossy().ends_with("_add_body"), "{second_dir:?}");
        let sql = std::fs::read_to_string(&second.files[0]).unwrap();
        assert!(sql.contains("body") && !sql.contains("CREATE TABLE \"User\""), "{provider}: only the change: {sql}");
        same(&folder, &prisma, &format!("{provider}: after the change")).await;
        assert!(create(&dir, "again", &prisma, shadow.as_ref()).await.unwrap().is_none(), "{provider}: nothing left");

        // The second migration's down.sql takes the database back to the first one.
        let first_name = first.files[0].parent().unwrap().file_name().unwrap().to_string_lossy().into_owned();
        let second_name = second_dir.file_name().unwrap().to_string_lossy().into_owned();
        let (back, init) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        partial(back.path(), &dir, &[&first_name, &second_name], Some(&second_name));
        partial(init.path(), &dir, &[&first_name], None);
        same(
            &Source::Sql { path: back.path().to_owned(), shadow: shadow.clone() },
            &Source::Sql { path: init.path().to_owned(), shadow: shadow.clone() },
            &format!("{provider}: down.sql"),
        )
        .await;
    }
}

#[tokio::test]
async fn migrate_new_follows_an_up_down_folder_and_refuses_a_bad_name() {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path().join("db");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("0001_users.up.sql"), "CREATE TABLE users (id INTEGER PRIMARY KEY);\n").unwrap();
    std::fs::write(dir.join("0001_users.down.sql"), "DROP TABLE users;\n").unwrap();
    let desired = project.path().join("desired.sql");
    std::fs::write(&desired, "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n").unwrap();
    let source = Source::Sql { path: desired, shadow: None };
    let created = create(&dir, "email", &source, None).await.unwrap().unwrap();
    let names: Vec<String> =
        created.files.iter().map(|f| f.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names, ["0002_email.up.sql", "0002_email.down.sql"]);
    let err = create(&dir, "!!", &source, None).await.unwrap_err().to_string();
    assert!(err.contains("letters or digits"), "{err}");
}

#[tokio::test]
async fn migrate_new_leaves_what_prisma_does_not_manage_alone() {
    let project = tempfile::tempdir().unwrap();
    let file = project.path().join("schema.prisma");
    let dir = project.path().join("migrations");
    let prisma = Source::Prisma { path: file.clone(), shadow: None };
    std::fs::write(&file, schema("sqlite", V1)).unwrap();
    create(&dir, "init", &prisma, None).await.unwrap().unwrap();
    // A migration written by hand: a view, a trigger, as Prisma users add them.
    let by_hand = dir.join("20990101000000_by_hand");
    std::fs::create_dir_all(&by_hand).unwrap();
    std::fs::write(
        by_hand.join("migration.sql"),
        "CREATE VIEW post_titles AS SELECT title FROM \"Post\";\n\
         CREATE TRIGGER user_email_lower AFTER INSERT ON \"User\" BEGIN UPDATE \"User\" SET email = lower(email) WHERE id = NEW.id; END;\n",
    )
    .unwrap();
    std::fs::write(&file, schema("sqlite", &v2(V1))).unwrap();
    let next = create(&dir, "add body", &prisma, None).await.unwrap().expect("the change");
    let sql = std::fs::read_to_string(&next.files[0]).unwrap();
    assert!(!sql.contains("DROP VIEW") && !sql.contains("DROP TRIGGER"), "hand-written objects stay: {sql}");
    assert!(create(&dir, "again", &prisma, None).await.unwrap().is_none(), "and nothing is left to write");
}
