//! Names are data, never SQL: a schema whose table and column names hold line breaks, comment
//! markers, quotes, backticks and control characters is planned, and every SQL writer's output
//! (the plan as `plumb plan` and `plumb diff --sql` print it, with its way back, and the migration
//! file `plumb migrate new` writes) is run by the dialect's own client: the canary table keeps
//! every row, and the hostile tables come and go as planned.

use plumb_engine::dialect::quote_ident;
use plumb_engine::diff::DiffOptions;
use plumb_engine::plan::{plan, script};
use plumb_tests::Server;

use crate::data_loss::Target;

/// Names that would end a `--` comment, open or close a block comment, or close a quote.
const NAMES: &[&str] = &[
    "t\nDELETE FROM canary;--",
    "u\r\nDELETE FROM canary; /* */ -- ' \" ` end",
    "v */ DELETE FROM canary; /*",
    "w\u{1}\u{7}\u{8}\u{b}\u{c}\u{1b}[31m\u{7f}x",
    "y\u{2028}DELETE FROM canary;",
];

fn dialect_of(server: Option<Server>) -> plumb_engine::dialect::Dialect {
    match server {
        Some(Server::Postgres) => plumb_engine::dialect::Dialect::Postgres,
        Some(Server::Mysql) => plumb_engine::dialect::Dialect::Mysql,
        None => plumb_engine::dialect::Dialect::Sqlite,
    }
}

#[tokio::test]
async fn names_that_hold_sql_stay_inside_every_comment_plumb_writes() {
    for server in [Some(Server::Postgres), Some(Server::Mysql), None] {
        let dialect = dialect_of(server);
        let q = |name: &str| quote_ident(dialect, name);
        let tag = format!("{dialect:?}").to_lowercase();
        let current = Target::new(server, &format!("hostile_{tag}_a")).await;
        let desired = Target::new(server, &format!("hostile_{tag}_b")).await;
        let canary = "CREATE TABLE canary (x integer);";
        current.exec(&format!("{canary} INSERT INTO canary VALUES (1), (2), (3);")).await;
        let mut hostile = canary.to_owned();
        for name in NAMES {
            hostile.push_str(&format!(" CREATE TABLE {} ({} integer);", q(name), q(&format!("c {name}"))));
        }
        desired.exec(&hostile).await;
        let (a, b) = (current.source(), desired.source());
        let (from, to) = tokio::try_join!(a.load(), b.load()).unwrap();
        let forward = plan(&from, &to, &DiffOptions::default()).unwrap();
        assert_eq!(forward.steps.len(), NAMES.len(), "{tag}: {:#?}", forward.steps);

        let dir = tempfile::tempdir().unwrap();
        let printed = plumb_engine::text::plan(&forward, true);
        let file = script(forward.flavor, &forward.steps);
        let back = script(forward.flavor, &forward.rollback);
        // The printed plan creates the tables and then drops them (its rollback); the migration
        // file creates them again, and its down file drops them.
        for (name, text) in [("printed.sql", &printed), ("migration.sql", &file), ("down.sql", &back)] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            current.client(&path);
            let rows = current_rows(&current).await;
            assert_eq!(rows, 3, "{tag} {name}: the canary keeps its rows:\n{text}");
        }
        let after = current.source().load().await.unwrap();
        let tables: Vec<&str> = after.schemas[0].tables.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(tables, ["canary"], "{tag}: the down file dropped what the migration made");
    }
}

async fn current_rows(target: &Target) -> usize {
    match target {
        Target::Server(db, _) => {
            db.texts("SELECT CAST(COUNT(*) AS CHAR(10)) FROM canary").await[0].trim().parse().unwrap()
        }
        Target::File(file) => {
            let mut conn = plumb_tests::SqliteFile::open(file.path()).await;
            let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM canary").fetch_one(&mut conn).await.unwrap();
            usize::try_from(n).unwrap()
        }
    }
}
