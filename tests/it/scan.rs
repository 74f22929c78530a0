//! `plumb scan` on the fixture project `tests/fixtures/scan` (TypeScript with Prisma client calls,
//! raw SQL and a tagged template, a Drizzle table; Python with SQLAlchemy's `text` and a DB-API
//! cursor) against the same database on every dialect: every planted missing table and column
//! is found at its file, line and column with the closest existing name, and no existing one is
//! flagged.

use std::path::{Path, PathBuf};

use plumb_db::scan::run;
use plumb_db::Source;
use plumb_tests::{Server, SqliteFile, TestDb};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/scan")
}

/// Every planted missing name: place, what, name, closest name, how the code names it.
const PLANTED: [&str; 8] = [
    "app/report.py:6:29 Column orders.discount None Sql",
    "app/report.py:13:44 Table invoices None Sql",
    "src/raw.ts:9:47 Column users.nickname None Sql",
    "src/raw.ts:14:32 Column posts.subtitle Some(\"posts.title\") Sql",
    "src/raw.ts:19:41 Table profiles None Sql",
    "src/schema.ts:7:24 Column orders.coupon_code None Drizzle",
    "src/users.ts:7:37 Column User.avatarUrl → users.avatar_url None Prisma",
    "src/users.ts:7:86 PrismaField Post.publishedAt Some(\"published\") Prisma",
];

async fn check(target: &Source, what: &str) {
    let root = fixture();
    let report = run(&[root.join("src"), root.join("app")], target, Some(&root.join("prisma/schema.prisma")), true)
        .await
        .unwrap();
    let found: Vec<String> = report
        .missing
        .iter()
        .map(|f| {
            let file = Path::new(&f.file).strip_prefix(&root).unwrap().display().to_string();
            format!("{file}:{}:{} {:?} {} {:?} {:?}", f.line, f.column, f.missing, f.name, f.closest, f.via)
        })
        .collect();
    assert_eq!(found, PLANTED, "{what}");
    assert_eq!((report.files, report.unread), (4, 0), "{what}: every file read, every SQL string parsed");
    let unused = report.unused.unwrap();
    assert_eq!(unused, ["posts.id"], "{what}: the one column no code mentions");
}

#[tokio::test]
async fn scan_finds_every_planted_missing_name_and_no_existing_one_on_every_dialect() {
    let schema = std::fs::read_to_string(fixture().join("db.sql")).unwrap();
    let sqlite = SqliteFile::with_sql(&schema).await;
    check(&Source::Sqlite { path: sqlite.path().to_owned() }, "SQLite").await;
    for server in [Server::Postgres, Server::Mysql] {
        let db = TestDb::fresh(server, &format!("scan_{server:?}")).await;
        db.exec(&schema).await;
        check(&db.source(), &format!("{server:?}")).await;
    }
}
