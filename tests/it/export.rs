//! The LLM context export on real servers: deterministic (two introspections export the same
//! bytes) and valid against its own JSON Schema, relations in both directions.

use plumb_engine::context::{context, JSON_SCHEMA};
use plumb_tests::{Server, SqliteFile, TestDb};

const SHOP: &str = "CREATE TABLE customers (id int PRIMARY KEY, email varchar(200) NOT NULL UNIQUE);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id) ON DELETE CASCADE, total numeric(10, 2) DEFAULT 0);
CREATE INDEX orders_customer ON orders (customer_id);
CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
INSERT INTO customers VALUES (1, 'a@example.com');";

fn check(exports: [String; 2], what: &str) {
    assert_eq!(exports[0], exports[1], "{what}: two exports of an unchanged database are byte-identical");
    let json: serde_json::Value = serde_json::from_str(&exports[0]).unwrap();
    let schema: serde_json::Value = serde_json::from_str(JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let problems: Vec<String> = validator.iter_errors(&json).map(|e| format!("{e} at {}", e.instance_path)).collect();
    assert!(problems.is_empty(), "{what}: {problems:#?}");
    let tables = json["schemas"][0]["tables"].as_array().unwrap();
    let customers = tables.iter().find(|t| t["name"] == "customers").unwrap();
    let orders = tables.iter().find(|t| t["name"] == "orders").unwrap();
    assert_eq!(orders["foreign_keys"][0]["on_delete"], "cascade", "{what}");
    assert_eq!(customers["referenced_by"][0]["columns"][0], "customer_id", "{what}: the relation seen from both sides");
    assert_eq!(json["schemas"][0]["views"][0]["name"], "big_orders", "{what}");
}

#[tokio::test]
async fn exports_are_deterministic_and_valid_on_every_dialect() {
    for server in [Server::Postgres, Server::Mysql] {
        let db = TestDb::fresh(server, &format!("export_{server:?}")).await;
        db.exec(SHOP).await;
        let first = context(&db.source().load().await.unwrap()).to_json();
        let second = context(&db.source().load().await.unwrap()).to_json();
        check([first, second], &format!("{server:?}"));
    }
    let file = SqliteFile::with_sql(SHOP).await;
    let source = plumb_db::Source::Sqlite { path: file.path().to_owned() };
    let first = context(&source.load().await.unwrap()).to_json();
    let second = context(&source.load().await.unwrap()).to_json();
    check([first, second], "SQLite");
}
