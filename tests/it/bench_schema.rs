//! The benchmark schema generator on real servers: the promised shape, and never into a database
//! that has tables.

use plumb_db::apply::apply_to_scratch;
use plumb_db::bench::{generate, Shape};
use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::plan::plan;
use plumb_tests::{Server, TestDb};

async fn generates_the_shape_and_refuses_a_second_run(server: Server, test: &str) {
    let db = TestDb::fresh(server, test).await;
    let mut progress = Vec::new();
    generate(&db.source(), Shape { tables: 60, views: 3, changed: false }, |done| progress.push(done))
        .await
        .expect("generate");
    assert_eq!(progress.last(), Some(&60), "progress reaches the table count: {progress:?}");

    let model = db.source().introspect().await.unwrap();
    let tables: Vec<_> = model.database.schemas.iter().flat_map(|s| &s.tables).collect();
    assert_eq!(tables.len(), 60);
    assert_eq!(tables.iter().map(|t| t.columns.len()).sum::<usize>(), 600);
    assert_eq!(tables.iter().map(|t| t.foreign_keys.len()).sum::<usize>(), 59);
    assert_eq!(tables.iter().map(|t| t.indexes.len() + t.unique_constraints.len()).sum::<usize>(), 120);
    assert_eq!(model.database.schemas.iter().map(|s| s.views.len()).sum::<usize>(), 3);
    assert!(model.queries <= 20, "a fixed, small number of catalog queries: {}", model.queries);

    let err =
        generate(&db.source(), Shape { tables: 1, views: 0, changed: false }, |_| {}).await.unwrap_err().to_string();
    assert!(err.contains("which has tables"), "{err}");
}

#[tokio::test]
async fn postgres_benchmark_schema() {
    generates_the_shape_and_refuses_a_second_run(Server::Postgres, "bench_pg").await;
}

#[tokio::test]
async fn mysql_benchmark_schema() {
    generates_the_shape_and_refuses_a_second_run(Server::Mysql, "bench_my").await;
}

/// The two sides of `plumb bench plan`: the changes are the ones promised, and the plan between
/// them converges.
async fn the_changed_variant_plans_and_converges(server: Server, test: &str) {
    let (current, desired) =
        (TestDb::fresh(server, &format!("{test}_a")).await, TestDb::fresh(server, &format!("{test}_b")).await);
    generate(&current.source(), Shape { tables: 50, views: 2, changed: false }, |_| {}).await.unwrap();
    generate(&desired.source(), Shape { tables: 50, views: 2, changed: true }, |_| {}).await.unwrap();
    let (from, to) = (current.source().load().await.unwrap(), desired.source().load().await.unwrap());
    let changes = diff(&from, &to, &DiffOptions::default()).unwrap();
    // Tables 0, 10, 20, 30 and 40 get a column; 0 and 25 a narrower index; 0 a wider column.
    assert_eq!(changes.changes.len(), 6, "{server:?}: {changes:#?}");
    let plan = plan(&from, &to, &DiffOptions::default()).unwrap();
    apply_to_scratch(&current.source(), &plan).await.unwrap();
    assert_eq!(current.source().load().await.unwrap().fingerprint(), to.fingerprint(), "{server:?}");
}

#[tokio::test]
async fn postgres_changed_benchmark_schema_converges() {
    the_changed_variant_plans_and_converges(Server::Postgres, "bench_chg_pg").await;
}

#[tokio::test]
async fn mysql_changed_benchmark_schema_converges() {
    the_changed_variant_plans_and_converges(Server::Mysql, "bench_chg_my").await;
}

#[tokio::test]
async fn server_introspection_reports_every_catalog_query() {
    for (server, test) in [(Server::Postgres, "progress_pg"), (Server::Mysql, "progress_my")] {
        let db = TestDb::fresh(server, test).await;
        let seen = std::sync::Mutex::new(Vec::new());
        let read = db.source().introspect_with(&|p| seen.lock().unwrap().push((p.done, p.total))).await.unwrap();
        let seen = seen.into_inner().unwrap();
        let (done, total) = *seen.last().expect("progress was reported");
        assert_eq!(done, total, "{server:?}: the last step completes the reading");
        assert_eq!(seen.len(), total, "{server:?}: one report per catalog step");
        // PostgreSQL asks its version once; MySQL/MariaDB on each of the three connections it reads
        // on, and does not send the PARTITIONS query where no table is partitioned (its step is
        // reported done all the same).
        let (versions, not_sent) = if server == Server::Postgres { (1, 0) } else { (3, 1) };
        assert_eq!(
            read.queries,
            total + versions - not_sent,
            "{server:?}: the catalog queries and the version queries"
        );
    }
}
