//! Database → `schema.prisma` → database: a schema pulled from PostgreSQL, MariaDB and SQLite,
//! built again on a scratch database the way Prisma Migrate would, reads exactly like the
//! database it came from; names a schema gave are kept on the next pull; what Prisma cannot say
//! is named.

use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::model::Database;
use plumb_engine::prisma::{from_database, parse};
use plumb_tests::{Server, SqliteFile, TestDb};

const POSTGRES: &str = r#"
CREATE TYPE "Role" AS ENUM ('user', 'admin', 'super-admin');
CREATE SCHEMA billing;
CREATE TABLE "User" (
  id serial PRIMARY KEY,
  email varchar(200) NOT NULL,
  "display name" text,
  role "Role" NOT NULL DEFAULT 'user',
  created_at timestamp(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  seen timestamptz(6),
  score numeric(10,2) DEFAULT '-1.5',
  small smallint NOT NULL DEFAULT 0,
  tags text[],
  data jsonb,
  uid uuid,
  code char(3)
);
CREATE UNIQUE INDEX "User_email_key" ON "User" (email);
CREATE TABLE post (
  id bigserial PRIMARY KEY,
  author_id int NOT NULL REFERENCES "User" (id) ON DELETE CASCADE,
  reviewer_id int REFERENCES "User" (id),
  title text NOT NULL DEFAULT 'it''s "quoted"',
  published boolean NOT NULL DEFAULT false,
  body bytea
);
CREATE INDEX post_published ON post (author_id, title DESC) WHERE published;
CREATE INDEX post_tags ON "User" USING gin (tags);
CREATE TABLE profile (user_id int PRIMARY KEY REFERENCES "User" (id) ON UPDATE RESTRICT, bio text NOT NULL);
CREATE TABLE billing.invoice (id int CONSTRAINT invoice_key PRIMARY KEY, user_id int NOT NULL REFERENCES public."User" (id), total numeric(65,30) NOT NULL);
CREATE TABLE billing.line (invoice_id int NOT NULL REFERENCES billing.invoice (id), n int NOT NULL, PRIMARY KEY (invoice_id, n));
"#;

const MARIADB: &str = r#"
CREATE TABLE `User` (
  id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
  email varchar(200) NOT NULL,
  `display name` text,
  role enum('user','admin','super-admin') NOT NULL DEFAULT 'user',
  created_at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  score decimal(10,2) DEFAULT -1.5,
  flags int unsigned NOT NULL DEFAULT 0,
  data json,
  UNIQUE KEY User_email_key (email)
) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE TABLE post (
  id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY,
  author_id int NOT NULL,
  reviewer_id int,
  title varchar(191) NOT NULL DEFAULT 'x',
  published tinyint(1) NOT NULL DEFAULT 0,
  body longblob,
  FULLTEXT KEY post_title (title),
  KEY post_author_title (author_id, title(20)),
  CONSTRAINT post_author_id_fkey FOREIGN KEY (author_id) REFERENCES `User` (id) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT post_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES `User` (id) ON DELETE SET NULL ON UPDATE CASCADE
) DEFAULT CHARSET utf8mb4 COLLATE utf8mb4_unicode_ci;
"#;

const SQLITE: &str = r#"
CREATE TABLE "User" (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  email TEXT NOT NULL,
  "display name" TEXT,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  score DECIMAL DEFAULT 1.5,
  active BOOLEAN NOT NULL DEFAULT true,
  data JSONB,
  legacy varchar(20)
);
CREATE UNIQUE INDEX "User_email_key" ON "User" (email);
CREATE TABLE post (
  id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
  author_id INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT 'it''s',
  CONSTRAINT post_author_id_fkey FOREIGN KEY (author_id) REFERENCES "User" (id) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX post_author ON post (author_id, title DESC);
"#;

/// Pulls `database`, writes the schema, builds it on `shadow` (SQLite when none) and diffs.
async fn round_trip(label: &str, database: &Database, shadow: Option<&str>) -> String {
    let pulled = from_database(database, None);
    let flat = pulled.schema.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(pulled.warnings.is_empty(), "{label}: nothing left out: {:#?}", pulled.warnings);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.prisma");
    std::fs::write(&path, &pulled.schema).unwrap();
    let built = Source::Prisma { path, shadow: shadow.map(|s| s.parse().unwrap()) }
        .load()
        .await
        .unwrap_or_else(|e| panic!("{label}: {e}\n{}", pulled.schema));
    let changes = diff(database, &built, &DiffOptions::default()).unwrap();
    assert!(changes.is_empty(), "{label}: {:#?}\n{}", changes.changes, pulled.schema);
    // Spaces collapsed: the alignment of columns is not what is tested.
    flat
}

#[tokio::test]
async fn a_pulled_schema_builds_the_same_database_on_every_dialect() {
    let pg = TestDb::fresh(Server::Postgres, "prisma_pull_pg").await;
    pg.exec(POSTGRES).await;
    let schema = round_trip("PostgreSQL", &pg.source().load().await.unwrap(), Some(&plumb_tests::pg_admin_url())).await;
    for expected in [
        "schemas = [\"billing\", \"public\"]",
        "display_name String? @map(\"display name\")",
        "super_admin @map(\"super-admin\")",
        "@@index([author_id, title(sort: Desc)], map: \"post_published\", where: \"published\")",
        "type: Gin",
        "@id(map: \"invoice_key\")",
        "@@id([invoice_id, n])",
        "profile profile?",
        "author User @relation(\"post_author_id_fkey\", fields: [author_id], references: [id], onDelete: Cascade, onUpdate: NoAction)",
        "post_reviewer post[] @relation(\"post_reviewer_id_fkey\")",
    ] {
        assert!(schema.contains(expected), "PostgreSQL: {expected}\n{schema}");
    }

    let maria = TestDb::fresh(Server::Mysql, "prisma_pull_maria").await;
    maria.exec(MARIADB).await;
    let schema =
        round_trip("MariaDB", &maria.source().load().await.unwrap(), Some(&plumb_tests::mysql_admin_url())).await;
    for expected in
        ["enum User_role", "@@fulltext([title], map: \"post_title\")", "title(length: 20)", "@db.UnsignedInt"]
    {
        assert!(schema.contains(expected), "MariaDB: {expected}\n{schema}");
    }

    let file = SqliteFile::with_sql(SQLITE).await;
    let sqlite = Source::Sqlite { path: file.path().to_owned() }.load().await.unwrap();
    let schema = round_trip("SQLite", &sqlite, None).await;
    assert!(schema.contains("Unsupported(\"varchar(20)\")"), "SQLite keeps types Prisma has no name for\n{schema}");
}

#[tokio::test]
async fn a_second_pull_keeps_the_names_the_schema_gave() {
    let file = SqliteFile::with_sql(SQLITE).await;
    let database = Source::Sqlite { path: file.path().to_owned() }.load().await.unwrap();
    let first = from_database(&database, None).schema;
    let renamed = first
        .replace("model post {", "model Post {\n  @@map(\"post\")")
        .replace("  author_id Int", "  authorId Int @map(\"author_id\")")
        .replace("post[]", "Post[]");
    let previous = parse(&renamed).unwrap_or_else(|e| panic!("{e}\n{renamed}"));
    let second = from_database(&database, Some(&previous)).schema;
    assert!(second.contains("model Post {") && second.contains("@@map(\"post\")"), "{second}");
    assert!(second.contains("authorId") && second.contains("@map(\"author_id\")"), "{second}");
    assert!(second.contains("fields: [authorId]"), "relations use the kept field names: {second}");
}

#[tokio::test]
async fn what_prisma_cannot_say_is_named() {
    let pg = TestDb::fresh(Server::Postgres, "prisma_pull_warnings").await;
    pg.exec(
        "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int CHECK (n > 0), x int UNIQUE);\
         COMMENT ON TABLE t IS 'things';\
         CREATE VIEW v AS SELECT id FROM t;\
         CREATE TABLE loose (a int);\
         CREATE INDEX t_expr ON t ((n + 1));",
    )
    .await;
    let pulled = from_database(&pg.source().load().await.unwrap(), None);
    let all = pulled.warnings.join("\n");
    for expected in [
        "public.t.id: an identity column",
        "check constraint t_n_check",
        "unique constraint t_x_key comes back as a unique index",
        "public.v: views are not created",
        "public.loose: no primary key or unique column",
        "index t_expr: an expression",
        "its comment",
    ] {
        assert!(all.contains(expected), "{expected}\n{all}");
    }
    assert!(pulled.schema.contains("@@ignore"), "{}", pulled.schema);
}

#[tokio::test]
async fn implicit_many_to_many_tables_come_back_as_relations_on_every_dialect() {
    let body = "model Post {\n  id   Int   @id @default(autoincrement())\n  tags Tag[]\n}\n\nmodel Tag {\n  id    String @id\n  posts Post[]\n}\n";
    for (provider, shadow) in [
        ("postgresql", Some(plumb_tests::pg_admin_url())),
        ("mysql", Some(plumb_tests::mysql_admin_url())),
        ("sqlite", None),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("schema.prisma");
        std::fs::write(&path, format!("datasource db {{\n  provider = \"{provider}\"\n}}\n{body}")).unwrap();
        let shadow: Option<url::Url> = shadow.map(|s| s.parse().unwrap());
        let built = Source::Prisma { path, shadow: shadow.clone() }.load().await.unwrap();
        let schema = round_trip(provider, &built, shadow.as_ref().map(url::Url::as_str)).await;
        assert!(!schema.contains("model PostToTag") && schema.contains("Tag Tag[]"), "{provider}: {schema}");
    }
}
