//! `plumb audit` on real servers: one planted problem of each kind the dialect can have, and a
//! clean table no check names; the fix of an unindexed foreign key, planned and applied, leaves
//! the next audit without it.

use std::collections::BTreeSet;

use plumb_db::Source;
use plumb_engine::audit::{apply_fixes, audit, Facts, Finding};
use plumb_engine::plan::{plan_with, Online};
use plumb_tests::{apply_as_dev, Server, SqliteFile, TestDb};

const POSTGRES: &str = "
CREATE TABLE clean (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE TABLE no_key (a int, b text);
CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), note text);
CREATE INDEX orders_note ON orders (note);
CREATE INDEX orders_note_again ON orders (note);
CREATE TABLE payments (id int PRIMARY KEY, customer_id bigint);
CREATE INDEX payments_customer ON payments (customer_id);
ALTER TABLE payments ADD CONSTRAINT payments_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;
SELECT setval('orders_id_seq', 2000000000);
CREATE TABLE broken (id int PRIMARY KEY, code text);
CREATE INDEX broken_code ON broken (code);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'broken_code'::regclass;
CREATE TABLE secrets (id int PRIMARY KEY);
ALTER TABLE secrets ENABLE ROW LEVEL SECURITY;
CREATE POLICY everyone ON secrets USING (true);
CREATE TABLE notes (id int PRIMARY KEY);
CREATE POLICY mine ON notes USING (id > 0);
CREATE SCHEMA api;
CREATE TABLE api.profiles (id int PRIMARY KEY);
CREATE FUNCTION whoami() RETURNS text LANGUAGE sql SECURITY DEFINER AS $$ SELECT current_user::text $$;
GRANT INSERT, DELETE ON customers TO PUBLIC;
CREATE TABLE posts (id int PRIMARY KEY, customer_id int NOT NULL);
CREATE INDEX posts_customer ON posts (customer_id);
INSERT INTO customers VALUES (1, 'a@example.com');
INSERT INTO posts VALUES (1, 1), (2, 42), (3, 43);
ANALYZE clean; ANALYZE customers; ANALYZE orders; ANALYZE payments; ANALYZE broken; ANALYZE secrets;
ANALYZE notes; ANALYZE api.profiles; ANALYZE posts;";

/// The relation of posts to customers, which only the schema.prisma declares.
fn emulated(provider: &str) -> Vec<plumb_db::audit::Relation> {
    let text = format!(
        "datasource db {{\n  provider = \"{provider}\"\n  url = env(\"DATABASE_URL\")\n  relationMode = \"prisma\"\n}}\n\
         model customers {{\n  id Int @id\n  email String\n  posts posts[]\n}}\n\
         model posts {{\n  id Int @id\n  customer_id Int\n  customer customers @relation(fields: [customer_id], references: [id])\n  @@index([customer_id])\n}}\n"
    );
    plumb_engine::prisma::emulated_relations(&plumb_engine::prisma::parse(&text).unwrap()).unwrap()
}

const MARIADB: &str = "
CREATE TABLE clean (id bigint AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL);
CREATE TABLE customers (id int PRIMARY KEY, email varchar(50) NOT NULL);
CREATE TABLE posts (id int PRIMARY KEY, customer_id int NOT NULL, KEY posts_customer (customer_id));
INSERT INTO posts VALUES (1, 42);
CREATE TABLE no_key (a int, b text);
CREATE TABLE orders (id int AUTO_INCREMENT PRIMARY KEY, note varchar(50), KEY orders_note (note), KEY orders_note_again (note));
ALTER TABLE orders AUTO_INCREMENT = 2000000000;";

const SQLITE: &str = "
CREATE TABLE clean (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE no_key (a INTEGER, b TEXT);
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY AUTOINCREMENT, customer_id INTEGER NOT NULL REFERENCES customers (id), note TEXT);
CREATE INDEX orders_note ON orders (note);
CREATE INDEX orders_note_again ON orders (note);
CREATE TABLE payments (id INTEGER PRIMARY KEY, customer_id TEXT REFERENCES customers (id));
CREATE INDEX payments_customer ON payments (customer_id);
INSERT INTO customers VALUES (1, 'a@example.com');
INSERT INTO orders VALUES (8000000000000000000, 1, NULL);";

async fn findings(
    source: &Source,
    exposed: &[String],
    relations: &[plumb_db::audit::Relation],
) -> (Vec<Finding>, Facts) {
    let database = source.load().await.unwrap();
    let facts = plumb_db::audit::facts(source, &database, exposed, relations).await.unwrap();
    (audit(&database, &facts), facts)
}

/// Each finding as `ID object`.
fn named(findings: &[Finding]) -> BTreeSet<String> {
    findings.iter().map(|f| format!("{} {}", f.id, f.object)).collect()
}

fn assert_found(findings: &[Finding], expected: &[&str], clean: &str, what: &str) {
    let found = named(findings);
    let missing: Vec<&&str> = expected.iter().filter(|e| !found.contains(**e)).collect();
    assert!(missing.is_empty(), "{what}: {missing:?} not found in {found:#?}");
    let checks: BTreeSet<&str> = findings.iter().map(|f| f.id).collect();
    let planted: BTreeSet<&str> = expected.iter().map(|e| e.split(' ').next().unwrap()).collect();
    assert_eq!(checks, planted, "{what}: only the planted kinds are found: {found:#?}");
    assert!(!found.iter().any(|f| f.contains(clean)), "{what}: the clean table is named: {found:#?}");
}

#[tokio::test]
async fn postgres_audit_names_every_planted_problem_and_its_fix_applies() {
    let db = TestDb::fresh(Server::Postgres, "audit_postgres").await;
    db.exec(POSTGRES).await;
    let source = db.source();
    let (found, facts) = findings(&source, &["api".to_owned()], &emulated("postgresql")).await;
    assert!(facts.live);
    let expected = [
        "DB-001 public.no_key",
        "DB-002 public.orders.orders_customer_id_fkey",
        "DB-003 public.orders.orders_note_again",
        "DB-004 public.payments.customer_id",
        "DB-005 public.orders.id",
        "DB-006 public.broken.broken_code",
        "DB-007 public.payments.payments_customer_fk",
        "DB-008 public.secrets.everyone",
        "DB-009 public.notes",
        "DB-010 api.profiles",
        "DB-011 public.whoami",
        "DB-012 public.customers",
        "DB-013 public.orders.orders_note",
        "DB-014 public.no_key",
        "DB-015 public.posts.customer_id",
    ];
    assert_found(&found, &expected, "public.clean", "PostgreSQL");

    // The unindexed foreign key's fix, planned online (CREATE INDEX CONCURRENTLY) and applied.
    let database = source.load().await.unwrap();
    let fix = found.iter().find(|f| f.id == "DB-002").and_then(|f| f.fix.as_ref()).unwrap();
    let fixed = apply_fixes(&database, &[fix]);
    let online = Online { pt_online_schema_change: false };
    let plan = plan_with(&database, &fixed, &Default::default(), Some(&online), &Default::default()).unwrap();
    assert!(plan.steps.iter().any(|s| s.sql.contains("CREATE INDEX CONCURRENTLY")), "{:#?}", plan.steps);
    let evidence = tempfile::tempdir().unwrap();
    let report = apply_as_dev(&source, plan, evidence.path(), true).await.unwrap();
    assert!(report.verified, "the fix leaves the database as planned");
    let (again, _) = findings(&source, &["api".to_owned()], &[]).await;
    assert!(!again.iter().any(|f| f.id == "DB-002"), "{:#?}", named(&again));
}

#[tokio::test]
async fn mariadb_and_sqlite_audits_name_their_subsets() {
    let db = TestDb::fresh(Server::Mysql, "audit_mariadb").await;
    db.exec(MARIADB).await;
    let (found, _) = findings(&db.source(), &[], &emulated("mysql")).await;
    let expected = [
        "DB-001 no_key.no_key",
        "DB-003 no_key.orders.orders_note_again",
        "DB-005 no_key.orders.id",
        "DB-015 no_key.posts.customer_id",
    ];
    let schema = db.name().to_owned();
    let expected: Vec<String> = expected.iter().map(|e| e.replacen("no_key.", &format!("{schema}."), 1)).collect();
    let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
    assert_found(&found, &expected, ".clean", "MariaDB");

    let file = SqliteFile::with_sql(SQLITE).await;
    let source = Source::Sqlite { path: file.path().to_owned() };
    let (found, _) = findings(&source, &[], &[]).await;
    let expected = [
        "DB-001 main.no_key",
        "DB-002 main.orders.(customer_id)",
        "DB-003 main.orders.orders_note_again",
        "DB-004 main.payments.customer_id",
        "DB-005 main.orders.id",
    ];
    assert_found(&found, &expected, "main.clean", "SQLite");
}
