//! `schema.prisma` as a source beside a live database (the corpus's Prisma cases are in the corpus
//! tier, `tests/corpus_prisma`).

use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_tests::{Server, TestDb};

/// Every comparison with a schema.prisma reads it one way (`plumb_db::pair`: the CLI's diff, plan,
/// drift and migrate new, the app's diff viewer): placed on the database's server, built beside the
/// database with its extensions, keeping what Prisma does not manage — whichever side it is on.
#[tokio::test]
async fn a_prisma_schema_compared_with_a_postgis_database_builds_beside_it_either_way() {
    let db = TestDb::fresh(Server::Postgres, "prisma_source::pair_postgis").await;
    db.exec(
        r#"CREATE EXTENSION postgis;
        CREATE TABLE "Place" ("id" SERIAL NOT NULL, "at" geography, CONSTRAINT "Place_pkey" PRIMARY KEY ("id"));
        CREATE VIEW nearby AS SELECT id FROM "Place";"#,
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.prisma");
    let schema = "datasource db {\n  provider = \"postgresql\"\n}\n\nmodel Place {\n  id Int @id @default(autoincrement())\n  at Unsupported(\"geography\")?\n}\n";
    std::fs::write(&path, schema).unwrap();
    let named = |source| plumb_db::pair::Named::plain(source);
    let (prisma, live) =
        plumb_db::pair::place(named(Source::Prisma { path, shadow: None }), named(db.source()), |_| Ok(None)).unwrap();
    assert!(matches!(&prisma, Source::Prisma { shadow: Some(_), .. }), "placed on the database's server: {prisma:?}");
    for (from, to) in [(&live, &prisma), (&prisma, &live)] {
        let (current, desired) = plumb_db::pair::read(from, to, &|_| {}, &|_| {}).await.unwrap();
        let changes = diff(&current, &desired, &DiffOptions::default()).unwrap();
        assert!(changes.is_empty(), "{from} -> {to}: {:#?}", changes.changes);
    }
    let alone = prisma.load().await.unwrap_err().to_string();
    assert!(alone.contains("geography"), "alone, the schema has no PostGIS to build on: {alone}");
}
