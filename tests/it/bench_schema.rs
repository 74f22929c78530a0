//! The benchmark schema generator on real servers: the promised shape, and never into a database
//! that has tables.

use plumb_db::bench::{generate, Shape};
use plumb_tests::{Server, TestDb};

async fn generates_the_shape_and_refuses_a_second_run(server: Server, test: &str) {
    let db = TestDb::fresh(server, test).await;
    let mut progress = Vec::new();
    generate(&db.source(), Shape { tables: 60, views: 3 }, |done| progress.push(done)).await.expect("generate");
    assert_eq!(progress.last(), Some(&60), "progress reaches the table count: {progress:?}");

    let model = db.source().introspect().await.unwrap();
    let tables: Vec<_> = model.database.schemas.iter().flat_map(|s| &s.tables).collect();
    assert_eq!(tables.len(), 60);
    assert_eq!(tables.iter().map(|t| t.columns.len()).sum::<usize>(), 600);
    assert_eq!(tables.iter().map(|t| t.foreign_keys.len()).sum::<usize>(), 59);
    assert_eq!(tables.iter().map(|t| t.indexes.len() + t.unique_constraints.len()).sum::<usize>(), 120);
    assert_eq!(model.database.schemas.iter().map(|s| s.views.len()).sum::<usize>(), 3);
    assert!(model.queries <= 20, "a fixed, small number of catalog queries: {}", model.queries);

    let err = generate(&db.source(), Shape { tables: 1, views: 0 }, |_| {}).await.unwrap_err().to_string();
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

#[tokio::test]
async fn server_introspection_reports_every_catalog_query() {
    for (server, test) in [(Server::Postgres, "progress_pg"), (Server::Mysql, "progress_my")] {
        let db = TestDb::fresh(server, test).await;
        let seen = std::sync::Mutex::new(Vec::new());
        let read = db.source().introspect_with(&|p| seen.lock().unwrap().push((p.done, p.total))).await.unwrap();
        let seen = seen.into_inner().unwrap();
        let (done, total) = *seen.last().expect("progress was reported");
        assert_eq!(done, total, "{server:?}: the last step completes the reading");
        assert_eq!(seen.len(), total, "{server:?}: one report per catalog query");
        assert_eq!(read.queries, total + 1, "{server:?}: the catalog queries and the version query");
    }
}
