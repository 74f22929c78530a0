//! MySQL/MariaDB introspection against a real server (MariaDB here: MySQL itself is not packaged
//! for Debian 12; its catalog differences are covered by unit tests of `normalize.rs`).

use plumb_engine::dialect::Flavor;
use plumb_engine::model::*;
use plumb_tests::{fixture, Server, TestDb};

async fn every_object(test: &str) -> (TestDb, Database) {
    let db = TestDb::fresh(Server::Mysql, test).await;
    db.exec(&fixture("mysql/every_object.sql")).await;
    let model = db.source().load().await.expect("introspect the fixture");
    (db, model)
}

fn table<'a>(db: &'a Database, name: &str) -> &'a Table {
    db.schemas[0].table(name).unwrap_or_else(|| panic!("table {name} is introspected"))
}

#[tokio::test]
async fn whole_model_matches_the_golden_snapshot() {
    let (db, model) = every_object("my_golden").await;
    let mut stable = model.clone();
    stable.server_version = None;
    for table in stable.schemas.iter_mut().flat_map(|s| s.tables.iter_mut()) {
        table.stats = None;
    }
    // The database name is per test; the snapshot names it `test`.
    let text = stable.to_snapshot_json().replace(db.name(), "test");
    insta::assert_snapshot!("mysql_every_object", text);
}

#[tokio::test]
async fn the_flavor_version_and_database_are_detected_once() {
    let (db, model) = every_object("my_flavor").await;
    assert_eq!(model.flavor, Flavor::Mariadb);
    assert!(model.server_version.is_some_and(|v| v.at_least(10, 2)));
    assert_eq!(model.schemas.len(), 1);
    assert_eq!(model.schemas[0].name, db.name());
}

#[tokio::test]
async fn tables_carry_engine_collation_comment_and_estimates() {
    let (_db, model) = every_object("my_tables").await;
    let users = table(&model, "users");
    assert_eq!(users.comment.as_deref(), Some("People who sign in"));
    assert_eq!(
        users.extras,
        Some(TableExtras::Mysql {
            engine: Some("InnoDB".into()),
            collation: Some("utf8mb4_general_ci".into()),
            partition: None
        })
    );
    let stats = users.stats.clone().unwrap();
    assert_eq!((stats.row_count, stats.estimated, stats.next_auto_increment), (2, true, Some(3)));
    assert!(stats.total_bytes.is_some_and(|b| b > 0));
    assert_eq!(
        table(&model, "audit_log").extras,
        Some(TableExtras::Mysql {
            engine: Some("MyISAM".into()),
            collation: Some("utf8mb4_bin".into()),
            partition: None
        })
    );
}

#[tokio::test]
async fn columns_are_normalized_across_flavors() {
    let (_db, model) = every_object("my_columns").await;
    let users = table(&model, "users");
    let col = |name| users.column(name).unwrap_or_else(|| panic!("users.{name}"));
    assert_eq!(col("id").column_type, ColumnType::new("bigint unsigned", TypeKind::BigInt), "no display width");
    assert_eq!(col("id").identity, Some(Identity::AutoIncrement));
    assert_eq!(col("email").comment.as_deref(), Some("Login"));
    assert_eq!(col("email").collation, None, "the table's own collation is not repeated");
    assert_eq!(col("name").collation.as_deref(), Some("latin1_swedish_ci"));
    assert_eq!(
        col("name").extras,
        Some(ColumnExtras::Mysql { charset: Some("latin1".into()), on_update: None, invisible: false })
    );
    assert_eq!(col("name").default, None, "DEFAULT NULL is no default");
    assert_eq!(col("status").default.as_deref(), Some("'invited'"));
    assert_eq!(col("status").column_type.raw, "enum('invited','active','suspended')");
    assert_eq!(col("score").default.as_deref(), Some("0.00"));
    assert_eq!(col("code").column_type.raw, "int(6) unsigned zerofill", "ZEROFILL keeps its width");
    assert_eq!(col("is_admin").column_type, ColumnType::new("tinyint(1)", TypeKind::Boolean));
    assert_eq!(col("settings").column_type, ColumnType::new("json", TypeKind::Json), "MariaDB's JSON reads as JSON");
    assert_eq!(col("created_at").default.as_deref(), Some("CURRENT_TIMESTAMP"));
    assert_eq!(
        col("updated_at").extras,
        Some(ColumnExtras::Mysql { charset: None, on_update: Some("CURRENT_TIMESTAMP(6)".into()), invisible: false })
    );
    assert_eq!(col("email_lower").generated.as_ref().map(|g| g.storage), Some(GeneratedStorage::Virtual));
    assert_eq!(
        col("name_len").generated,
        Some(Generated { expression: "char_length(`name`)".into(), storage: GeneratedStorage::Stored })
    );
    assert_eq!(
        col("secret_note").extras,
        Some(ColumnExtras::Mysql { charset: None, on_update: None, invisible: true })
    );
}

#[tokio::test]
async fn keys_indexes_and_checks_are_read() {
    let (_db, model) = every_object("my_keys").await;
    let users = table(&model, "users");
    assert_eq!(users.primary_key, Some(PrimaryKey::new(vec!["id".into()])));
    assert_eq!(
        users.unique_constraints,
        [UniqueConstraint { name: Some("users_email_key".into()), ..UniqueConstraint::new(vec!["email".into()]) }]
    );
    assert_eq!(
        users.checks,
        [CheckConstraint { name: Some("users_score_check".into()), ..CheckConstraint::new("`score` >= 0") }],
        "MariaDB's JSON check is part of the JSON type, not a check"
    );
    let prefix = users.index("users_name_prefix_idx").unwrap();
    assert_eq!(
        prefix.parts,
        [IndexPart { prefix_length: Some(10), ..IndexPart::column("name") }, IndexPart::column("status")]
    );
    assert_eq!(
        users.index("users_created_desc_idx").unwrap().parts,
        [IndexPart { descending: true, ..IndexPart::column("created_at") }]
    );
    assert_eq!(users.index("users_name_ft").unwrap().method.as_deref(), Some("FULLTEXT"));
    assert_eq!(table(&model, "places").index("places_pos_idx").unwrap().method.as_deref(), Some("SPATIAL"));
    let teams = table(&model, "teams");
    assert_eq!(teams.unique_constraints[0].columns, ["code", "region"]);
    assert_eq!(table(&model, "memberships").checks[0].expression, "`role` in ('owner','member')");
}

#[tokio::test]
async fn foreign_keys_carry_their_actions() {
    let (_db, model) = every_object("my_fks").await;
    let memberships = table(&model, "memberships");
    let team_fk = memberships.foreign_keys.iter().find(|f| f.name.as_deref() == Some("memberships_team_fk")).unwrap();
    assert_eq!(
        team_fk,
        &ForeignKey {
            name: Some("memberships_team_fk".into()),
            on_delete: ReferentialAction::Cascade,
            ..ForeignKey::new(vec!["team_id".into()], "teams", vec!["id".into()])
        },
        "ON UPDATE RESTRICT is InnoDB's default and reads as NO ACTION"
    );
    let owner = &table(&model, "teams").foreign_keys[0];
    assert_eq!((owner.referenced_table.as_str(), owner.on_delete), ("users", ReferentialAction::SetNull));
}

#[tokio::test]
async fn views_triggers_routines_and_unmodelled_objects_are_read() {
    let (db, model) = every_object("my_objects").await;
    let schema = &model.schemas[0];
    let view = schema.view("active_users").unwrap();
    assert_eq!(
        view.definition,
        "select `users`.`id` AS `id`,`users`.`email` AS `email` from `users` where `users`.`status` = 'active'",
        "the database's own name is not part of the view"
    );
    let touch = schema.trigger("users_touch").unwrap();
    assert_eq!(
        (touch.timing, touch.events.as_slice(), touch.table.as_str()),
        (TriggerTiming::Before, [TriggerEvent::Update].as_slice(), "users")
    );
    assert_eq!(
        touch.definition,
        "CREATE TRIGGER `users_touch` BEFORE UPDATE ON `users` FOR EACH ROW SET NEW.score = GREATEST(NEW.score, 0)"
    );
    let add_one = schema.routines.iter().find(|r| r.name == "add_one").unwrap();
    assert_eq!(
        (add_one.kind, add_one.arguments.as_str(), add_one.returns.as_deref()),
        (RoutineKind::Function, "n int(11)", Some("int"))
    );
    let close = schema.routines.iter().find(|r| r.name == "close_team").unwrap();
    assert_eq!(
        (close.kind, close.arguments.as_str()),
        (RoutineKind::Procedure, "IN team int(11), OUT removed int(11)")
    );
    assert!(close.definition.contains("DELETE FROM memberships WHERE team_id = team"));
    assert_eq!(
        model.unsupported,
        [UnsupportedObject { kind: "event".into(), schema: Some(db.name().to_owned()), name: "purge_audit".into() }]
    );
}

#[tokio::test]
async fn two_introspections_are_byte_identical() {
    let (db, model) = every_object("my_determinism").await;
    let again = db.source().load().await.unwrap();
    assert_eq!(model.to_snapshot_json(), again.to_snapshot_json());
}

/// PARTITIONS costs the server as much as reading every column, so it is read only when a table
/// is partitioned: a schema without one takes a query less. A subpartitioned table, which Plumb
/// does not model, is listed as not compared and carries no partition clause; a partitioned one
/// keeps its clause.
#[tokio::test]
async fn partitions_are_read_only_where_a_table_is_partitioned() {
    let db = TestDb::fresh(Server::Mysql, "my_partitions").await;
    let url: url::Url = db.url().parse().unwrap();
    let quiet = |_: plumb_db::introspect::Progress| {};
    db.exec("CREATE TABLE plain (id int PRIMARY KEY);").await;
    let without = plumb_db::introspect::mysql::introspect(&url, &quiet).await.unwrap();
    db.exec(
        "CREATE TABLE hashed (id int) PARTITION BY HASH (id) PARTITIONS 3;
         CREATE TABLE nested (id int, d int) PARTITION BY RANGE (id) SUBPARTITION BY HASH (d) SUBPARTITIONS 2
           (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);",
    )
    .await;
    let with = plumb_db::introspect::mysql::introspect(&url, &quiet).await.unwrap();
    assert_eq!(with.queries, without.queries + 1, "PARTITIONS is read once there is a partitioned table");
    let partition = |name: &str| match &table(&with.database, name).extras {
        Some(TableExtras::Mysql { partition, .. }) => partition.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(partition("hashed").as_deref(), Some("PARTITION BY HASH (`id`)\nPARTITIONS 3"));
    assert_eq!(partition("nested"), None);
    assert_eq!(partition("plain"), None);
    assert_eq!(
        with.database.unsupported,
        [UnsupportedObject {
            kind: "subpartitioned table".into(),
            schema: Some(db.name().to_owned()),
            name: "nested".into()
        }]
    );
}
