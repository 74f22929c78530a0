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
