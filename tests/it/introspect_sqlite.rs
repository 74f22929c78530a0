//! SQLite introspection against real database files: every object kind with its attributes.

use plumb_db::Source;
use plumb_engine::model::*;
use plumb_tests::{fixture, SqliteFile};

async fn every_object() -> (SqliteFile, Database) {
    let file = SqliteFile::with_sql(&fixture("sqlite/every_object.sql")).await;
    let db = Source::Sqlite { path: file.path().to_owned() }.load().await.expect("introspect the fixture");
    (file, db)
}

fn main_schema(db: &Database) -> &Schema {
    db.schema("main").expect("SQLite's schema is main")
}

fn table<'a>(db: &'a Database, name: &str) -> &'a Table {
    main_schema(db).table(name).unwrap_or_else(|| panic!("table {name} is introspected"))
}

#[tokio::test]
async fn whole_model_matches_the_golden_snapshot() {
    let (_file, db) = every_object().await;
    insta::assert_snapshot!("every_object", db.to_snapshot_json());
}

#[tokio::test]
async fn columns_carry_types_defaults_nullability_identity_generation_and_collation() {
    let (_file, db) = every_object().await;
    let accounts = table(&db, "accounts");
    let names: Vec<&str> = accounts.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["id", "email", "handle", "balance", "status", "created_at", "email_domain", "handle_upper"],
        "columns keep their declared order, generated ones included"
    );
    let id = accounts.column("id").unwrap();
    assert_eq!((id.identity, id.nullable), (Some(Identity::AutoIncrement), false));
    let email = accounts.column("email").unwrap();
    assert_eq!((email.nullable, email.collation.as_deref()), (false, Some("NOCASE")));
    let handle = accounts.column("handle").unwrap();
    assert_eq!(handle.column_type, ColumnType::new("VARCHAR(40)", TypeKind::Varchar { length: Some(40) }));
    assert!(handle.nullable);
    let balance = accounts.column("balance").unwrap();
    assert_eq!(balance.column_type.kind, TypeKind::Decimal { precision: Some(12), scale: Some(2) });
    assert_eq!(balance.default.as_deref(), Some("0"));
    assert_eq!(accounts.column("status").unwrap().default.as_deref(), Some("'active'"));
    assert_eq!(accounts.column("created_at").unwrap().default.as_deref(), Some("datetime('now')"));
    assert_eq!(
        accounts.column("email_domain").unwrap().generated,
        Some(Generated {
            expression: "SUBSTR(email, instr(email, '@') + 1)".into(),
            storage: GeneratedStorage::Virtual
        })
    );
    assert_eq!(
        accounts.column("handle_upper").unwrap().generated,
        Some(Generated { expression: "upper(handle)".into(), storage: GeneratedStorage::Stored })
    );
    let events = table(&db, "events");
    assert_eq!(events.column("payload").unwrap().column_type.raw, "ANY");
    assert_eq!(events.column("id").unwrap().identity, None, "INTEGER PRIMARY KEY without AUTOINCREMENT");
}

#[tokio::test]
async fn table_options_are_read() {
    let (_file, db) = every_object().await;
    let options = |name| table(&db, name).extras.clone();
    assert_eq!(options("tags"), Some(TableExtras::Sqlite { without_rowid: true, strict: false }));
    assert_eq!(options("events"), Some(TableExtras::Sqlite { without_rowid: false, strict: true }));
    assert_eq!(options("accounts"), Some(TableExtras::Sqlite { without_rowid: false, strict: false }));
}

#[tokio::test]
async fn keys_and_constraints_keep_their_names_columns_and_expressions() {
    let (_file, db) = every_object().await;
    let account_tags = table(&db, "account_tags");
    assert_eq!(
        account_tags.primary_key,
        Some(PrimaryKey {
            name: Some("account_tags_pk".into()),
            ..PrimaryKey::new(vec!["account_id".into(), "tag".into()])
        })
    );
    assert_eq!(table(&db, "tags").primary_key, Some(PrimaryKey::new(vec!["name".into()])));

    let accounts = table(&db, "accounts");
    assert_eq!(
        accounts.unique_constraints,
        [
            UniqueConstraint::new(vec!["handle".into()]),
            UniqueConstraint { name: Some("accounts_email_key".into()), ..UniqueConstraint::new(vec!["email".into()]) },
        ]
    );
    assert_eq!(
        accounts.checks,
        [
            CheckConstraint::new("balance >= 0"),
            CheckConstraint {
                name: Some("accounts_status_check".into()),
                ..CheckConstraint::new("status IN ('active', 'closed')")
            },
        ]
    );
    assert_eq!(table(&db, "transfers").checks, [CheckConstraint::new("amount > 0")]);
}

#[tokio::test]
async fn foreign_keys_carry_actions_deferrability_and_implicit_parent_keys() {
    let (_file, db) = every_object().await;
    let fk = |t: &str, column: &str| {
        table(&db, t)
            .foreign_keys
            .iter()
            .find(|fk| fk.columns == [column])
            .unwrap_or_else(|| panic!("{t}.{column} has a foreign key"))
            .clone()
    };
    assert_eq!(
        fk("account_tags", "account_id"),
        ForeignKey {
            on_delete: ReferentialAction::Cascade,
            on_update: ReferentialAction::Cascade,
            ..ForeignKey::new(vec!["account_id".into()], "accounts", vec!["id".into()])
        },
        "REFERENCES accounts without columns means the parent's primary key"
    );
    let tag = fk("account_tags", "tag");
    assert_eq!(tag.name.as_deref(), Some("account_tags_tag_fk"));
    assert_eq!((tag.on_delete, tag.deferrable), (ReferentialAction::Restrict, Deferrable::InitiallyDeferred));
    assert_eq!(tag.referenced_columns, ["name"]);
    assert_eq!(fk("transfers", "from_account").on_delete, ReferentialAction::SetNull);
    assert_eq!(fk("transfers", "to_account").on_delete, ReferentialAction::SetDefault);
}

#[tokio::test]
async fn indexes_carry_uniqueness_expressions_predicates_order_and_collation() {
    let (_file, db) = every_object().await;
    let accounts = table(&db, "accounts");
    assert_eq!(
        accounts.indexes,
        [Index {
            unique: true,
            predicate: Some("handle IS NOT NULL".into()),
            ..Index::new(
                "accounts_handle_lower_idx",
                vec![IndexPart { key: IndexKey::Expression("lower(handle)".into()), ..IndexPart::column("") }]
            )
        }],
        "constraint-backing autoindexes are not listed as indexes"
    );
    let transfers = table(&db, "transfers");
    assert_eq!(transfers.index("transfers_from_idx").unwrap().parts, [IndexPart::column("from_account")]);
    assert_eq!(
        transfers.index("transfers_to_amount_idx").unwrap().parts,
        [
            IndexPart { collation: Some("NOCASE".into()), ..IndexPart::column("to_account") },
            IndexPart { descending: true, ..IndexPart::column("amount") },
        ]
    );
}

#[tokio::test]
async fn views_and_triggers_are_read() {
    let (_file, db) = every_object().await;
    let schema = main_schema(&db);
    assert_eq!(
        schema.view("active_accounts").unwrap().definition,
        "SELECT id, email FROM accounts WHERE status = 'active'"
    );
    assert_eq!(schema.views.len(), 2);

    let keep_funded = schema.trigger("accounts_keep_funded").unwrap();
    assert_eq!(
        (keep_funded.timing, keep_funded.events.as_slice(), keep_funded.condition.as_deref()),
        (TriggerTiming::Before, [TriggerEvent::Delete].as_slice(), Some("OLD.balance > 0"))
    );
    assert!(keep_funded.definition.contains("RAISE(ABORT, 'account has a balance')"), "definition kept verbatim");
    let instead = schema.trigger("active_accounts_insert").unwrap();
    assert_eq!((instead.timing, instead.table.as_str()), (TriggerTiming::InsteadOf, "active_accounts"));
    let touch = schema.trigger("accounts_status_touch").unwrap();
    assert_eq!(
        (touch.events.as_slice(), touch.update_columns.as_slice()),
        ([TriggerEvent::Update].as_slice(), ["status", "balance"].map(String::from).as_slice())
    );
    assert_eq!(schema.trigger("transfers_debit").unwrap().timing, TriggerTiming::After);
}

#[tokio::test]
async fn row_counts_are_exact_and_outside_the_fingerprint() {
    let (file, db) = every_object().await;
    assert_eq!(table(&db, "accounts").stats, Some(TableStats::exact(2)));
    assert_eq!(table(&db, "transfers").stats, Some(TableStats::exact(0)));

    let mut conn = SqliteFile::open(file.path()).await;
    sqlx::query("INSERT INTO tags VALUES ('new', 2.0)").execute(&mut conn).await.unwrap();
    let after = Source::Sqlite { path: file.path().to_owned() }.load().await.unwrap();
    assert_eq!(table(&after, "tags").stats, Some(TableStats::exact(2)));
    assert_eq!(after.fingerprint(), db.fingerprint(), "data changes do not move the fingerprint");

    sqlx::query("ALTER TABLE tags ADD COLUMN color TEXT").execute(&mut conn).await.unwrap();
    let altered = Source::Sqlite { path: file.path().to_owned() }.load().await.unwrap();
    assert_ne!(altered.fingerprint(), db.fingerprint(), "schema changes do");
}

#[tokio::test]
async fn two_introspections_and_a_snapshot_round_trip_are_byte_identical() {
    let (file, db) = every_object().await;
    let again = Source::Sqlite { path: file.path().to_owned() }.load().await.unwrap();
    assert_eq!(db.to_snapshot_json(), again.to_snapshot_json());

    let snapshot = file.dir().join("snapshot.json");
    std::fs::write(&snapshot, db.to_snapshot_json()).unwrap();
    let reread = Source::Snapshot { path: snapshot }.load().await.unwrap();
    assert_eq!(reread.to_snapshot_json(), db.to_snapshot_json());
}

#[tokio::test]
async fn the_bundled_demos_differ_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let demos = plumb_db::demo::ensure_demo_databases(dir.path()).await.unwrap();
    let prod = Source::Sqlite { path: demos[0].path.clone() }.load().await.unwrap();
    let dev = Source::Sqlite { path: demos[1].path.clone() }.load().await.unwrap();
    assert!(
        table(&dev, "labels").column("color").is_some() && main_schema(&prod).table("labels").is_none(),
        "a new table"
    );
    assert!(table(&dev, "tasks").column("estimate_minutes").is_some(), "a new column");
    assert!(table(&prod, "tasks").column("estimate_minutes").is_none());
    assert_eq!(table(&prod, "tasks").index("idx_tasks_project").unwrap().parts, [IndexPart::column("project_id")]);
    assert_eq!(
        table(&dev, "tasks").index("idx_tasks_project").unwrap().parts,
        [IndexPart::column("project_id"), IndexPart::column("status")],
        "a changed index"
    );
    assert!(table(&prod, "users").column("legacy_username").is_some());
    assert!(table(&dev, "users").column("legacy_username").is_none(), "a dropped column");
    assert!(table(&prod, "projects").column("archived_at").is_some());
    assert!(table(&dev, "projects").column("archived_on").is_some(), "a renamed column");
    let schema = main_schema(&prod);
    assert!(schema.view("open_tasks").is_some() && schema.trigger("tasks_touch_updated_at").is_some());
    assert_eq!(table(&prod, "tasks").stats, Some(TableStats::exact(12)));
}

#[tokio::test]
async fn progress_is_reported_step_by_step() {
    let file = SqliteFile::with_sql(&fixture("sqlite/every_object.sql")).await;
    let seen = std::sync::Mutex::new(Vec::new());
    Source::Sqlite { path: file.path().to_owned() }
        .introspect_with(&|p| seen.lock().unwrap().push((p.step, p.done, p.total)))
        .await
        .unwrap();
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.first(), Some(&("objects", 1, 6)));
    assert_eq!(seen.last(), Some(&("row_counts", 6, 6)));
    assert!(seen.windows(2).all(|w| w[0].1 < w[1].1), "steps only move forward: {seen:?}");
}
