//! Diffs between real databases: two databases built from the same DDL compare equal, and a
//! change made on one side shows up as exactly that change.

use plumb_engine::diff::{diff, DiffOptions, SchemaChange, TableChange};
use plumb_tests::{fixture, Server, TestDb};

async fn pair(server: Server, test: &str, fixture_path: &str) -> (TestDb, TestDb) {
    let (name_a, name_b) = (format!("{test}_a"), format!("{test}_b"));
    let (a, b) = tokio::join!(TestDb::fresh(server, &name_a), TestDb::fresh(server, &name_b));
    let sql = fixture(fixture_path);
    tokio::join!(a.exec(&sql), b.exec(&sql));
    (a, b)
}

fn only_table_changes(changes: &[SchemaChange], table: &str) -> Vec<TableChange> {
    assert_eq!(changes.len(), 1, "one changed object: {changes:#?}");
    match &changes[0] {
        SchemaChange::ModifyTable { table: t, changes, .. } if t == table => changes.clone(),
        other => panic!("expected a change to {table}, got {other:#?}"),
    }
}

#[tokio::test]
async fn postgres_databases_from_the_same_ddl_are_equal_and_changes_show_up() {
    let (a, b) = pair(Server::Postgres, "diff_pg", "postgres/every_object.sql").await;
    let (source_a, source_b) = (a.source(), b.source());
    let (from, to) = tokio::try_join!(source_a.load(), source_b.load()).unwrap();
    let same = diff(&from, &to, &DiffOptions::default()).unwrap();
    assert!(same.is_empty(), "the same DDL gives the same schema: {:#?}", same.changes);

    b.exec("ALTER TABLE app.teams ADD COLUMN motto text; ALTER TABLE app.teams ALTER COLUMN region SET DEFAULT 'eu';")
        .await;
    let to = b.source().load().await.unwrap();
    let changes = only_table_changes(&diff(&from, &to, &DiffOptions::default()).unwrap().changes, "teams");
    assert!(matches!(&changes[0], TableChange::ModifyColumn { to, .. } if to.name == "region"), "{changes:#?}");
    assert!(matches!(&changes[1], TableChange::AddColumn { column } if column.name == "motto"), "{changes:#?}");
}

#[tokio::test]
async fn mariadb_databases_from_the_same_ddl_are_equal_and_changes_show_up() {
    let (a, b) = pair(Server::Mysql, "diff_my", "mysql/every_object.sql").await;
    let (source_a, source_b) = (a.source(), b.source());
    let (from, to) = tokio::try_join!(source_a.load(), source_b.load()).unwrap();
    // The databases have different names: a MySQL schema is its database, whose name does not count.
    let options = DiffOptions::default();
    assert_ne!(from.schemas[0].name, to.schemas[0].name);
    let same = diff(&from, &to, &options).unwrap();
    assert!(same.is_empty(), "the same DDL gives the same schema: {:#?}", same.changes);
    assert_eq!(from.fingerprint(), to.fingerprint());

    b.exec("ALTER TABLE teams DROP INDEX teams_code_region_key, ADD INDEX teams_region_idx (region);").await;
    let to = b.source().load().await.unwrap();
    let changes = only_table_changes(&diff(&from, &to, &options).unwrap().changes, "teams");
    assert!(changes.iter().any(|c| matches!(c, TableChange::DropUnique { .. })), "{changes:#?}");
    assert!(changes.iter().any(|c| matches!(c, TableChange::AddIndex { index } if index.name == "teams_region_idx")));
}
