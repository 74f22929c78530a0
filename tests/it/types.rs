//! `plumb types` on real servers: the TypeScript written for a schema with enums, nullable
//! columns, defaults, generated columns and views compiles with `tsc --strict` (zod schemas too),
//! and the Python imports and builds an insert from its required fields alone.

use std::path::{Path, PathBuf};
use std::process::Command;

use plumb_db::Source;
use plumb_engine::typegen::{render, Lang, Naming, Options};
use plumb_tests::{Server, SqliteFile, TestDb};

const POSTGRES: &str = "CREATE TYPE mood AS ENUM ('happy', 'it''s complicated');
CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE TABLE users (
  id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL,
  nickname varchar(40),
  mood mood NOT NULL DEFAULT 'happy',
  moods mood[],
  tags text[] NOT NULL DEFAULT '{}',
  settings jsonb,
  balance numeric(10, 2) NOT NULL DEFAULT 0,
  visits bigint NOT NULL,
  avatar bytea,
  born date,
  created_at timestamptz NOT NULL DEFAULT now(),
  email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
  \"display name\" text
);
CREATE TABLE billing.invoices (id serial PRIMARY KEY, user_id int NOT NULL REFERENCES users (id), currency billing.currency NOT NULL);
CREATE VIEW happy_users AS SELECT id, email, mood FROM users WHERE mood = 'happy';
CREATE MATERIALIZED VIEW billing.totals AS SELECT user_id, count(*) AS invoices FROM billing.invoices GROUP BY user_id;";

const MYSQL: &str = "CREATE TABLE users (
  id int AUTO_INCREMENT PRIMARY KEY,
  email varchar(200) NOT NULL,
  status enum('active', 'it''s off') NOT NULL DEFAULT 'active',
  active tinyint(1) NOT NULL,
  visits bigint NOT NULL,
  settings json,
  created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  email_lower varchar(200) AS (lower(email)) STORED
);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE status = 'active';";

const SQLITE: &str = "CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  active BOOLEAN NOT NULL DEFAULT 1,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  note TEXT
);
CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the workspace").to_owned()
}

async fn types_of(source: &Source, lang: Lang, zod: bool) -> String {
    let database = source.load().await.unwrap();
    let views = source.view_columns(&database).await.unwrap();
    render(&database, views.as_deref(), &Naming::database(), &Options { lang, zod, source: "test" })
}

/// Compiles `text` with the UI's TypeScript compiler, strict, with the UI's zod.
fn tsc(text: &str, what: &str) {
    let ui = workspace().join("ui/node_modules");
    let tsc = ui.join(".bin/tsc");
    assert!(tsc.is_file(), "{} is missing: install the UI's packages (npm --prefix ui ci)", tsc.display());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("types.ts"), text).unwrap();
    let config = serde_json::json!({
        "compilerOptions": {
            "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext",
            "moduleResolution": "bundler", "skipLibCheck": true, "noUnusedLocals": true,
            "paths": { "zod": [ui.join("zod").display().to_string()] }
        },
        "files": ["types.ts", "use.ts"]
    });
    std::fs::write(dir.path().join("tsconfig.json"), config.to_string()).unwrap();
    // The types in use: a row read, an insert with only what it must give.
    std::fs::write(dir.path().join("use.ts"), format!("import type * as T from \"./types\";\n{}\n", uses(what)))
        .unwrap();
    let out = Command::new(&tsc).arg("-p").arg(dir.path()).output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{what}: tsc --strict refused the types:\n{said}\n{text}");
}

/// Code that must compile against each dialect's types: inserts give exactly the required fields.
fn uses(what: &str) -> &'static str {
    match what {
        "postgres" => {
            "export const insert: T.UsersInsert = { email: \"a@example.com\", visits: \"1\" };
export const row = (u: T.Users): [number, string | null, T.Mood, Date, T.Mood[] | null] => [u.id, u.nickname, u.mood, u.created_at, u.moods];
export const invoice: T.BillingInvoicesInsert = { user_id: 1, currency: \"EUR\" };
export const view = (v: T.HappyUsers): T.Mood | null => v.mood;
export const total = (t: T.BillingTotals): string | null => t.invoices;"
        }
        "mysql" => {
            "export const insert: T.UsersInsert = { email: \"a@example.com\", active: 1, visits: \"1\" };
export const status = (u: T.Users): T.UsersStatus => u.status;
export const view = (v: T.ActiveUsers): number => v.id;"
        }
        _ => {
            "export const insert: T.UsersInsert = { email: \"a@example.com\" };
export const row = (u: T.Users): [number, string, number, string | null] => [u.id, u.email, u.active, u.note];
export const view = (v: T.ActiveUsers): string | null => v.email;"
        }
    }
}

/// Imports the Python module and builds an insert from its required fields alone.
fn python(text: &str, what: &str, required: &str) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("db_types.py"), text).unwrap();
    let script = format!("import db_types\nrow = db_types.UsersInsert({required})\nprint(row)\n");
    let out = Command::new("python3").arg("-c").arg(&script).current_dir(dir.path()).output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{what}: python refused the types:\n{said}\n{text}");
}

#[tokio::test]
async fn typescript_and_python_types_of_every_dialect_compile_and_insert_what_they_must() {
    let pg = TestDb::fresh(Server::Postgres, "types_postgres").await;
    pg.exec(POSTGRES).await;
    let ts = types_of(&pg.source(), Lang::TypeScript, true).await;
    assert!(ts.contains("export type Mood = \"happy\" | \"it's complicated\";"), "{ts}");
    assert!(!ts.split("export type UsersInsert").nth(1).unwrap().split("};").next().unwrap().contains("email_lower"));
    assert!(ts.contains("  \"display name\": string | null;"), "{ts}");
    tsc(&ts, "postgres");
    python(&types_of(&pg.source(), Lang::Python, false).await, "postgres", "email='a', visits=1");

    let my = TestDb::fresh(Server::Mysql, "types_mysql").await;
    my.exec(MYSQL).await;
    let ts = types_of(&my.source(), Lang::TypeScript, true).await;
    assert!(ts.contains("export type UsersStatus = \"active\" | \"it's off\";"), "{ts}");
    tsc(&ts, "mysql");
    python(&types_of(&my.source(), Lang::Python, false).await, "mysql", "email='a', active=1, visits=1");

    let file = SqliteFile::with_sql(SQLITE).await;
    let source = Source::Sqlite { path: file.path().to_owned() };
    let ts = types_of(&source, Lang::TypeScript, true).await;
    tsc(&ts, "sqlite");
    python(&types_of(&source, Lang::Python, false).await, "sqlite", "email='a'");
}
