//! PostgreSQL introspection against a real server: every object kind with its attributes.

use plumb_engine::model::*;
use plumb_tests::{fixture, Server, TestDb};
use sqlx::Connection;

async fn every_object(test: &str) -> (TestDb, Database) {
    let db = TestDb::fresh(Server::Postgres, test).await;
    db.exec(&fixture("postgres/every_object.sql")).await;
    let model = db.source().load().await.expect("introspect the fixture");
    (db, model)
}

fn schema<'a>(db: &'a Database, name: &str) -> &'a Schema {
    db.schema(name).unwrap_or_else(|| panic!("schema {name} is introspected"))
}

fn table<'a>(db: &'a Database, schema_name: &str, name: &str) -> &'a Table {
    schema(db, schema_name).table(name).unwrap_or_else(|| panic!("table {schema_name}.{name} is introspected"))
}

/// The PostgreSQL-only facts of a table.
struct PgFacts<'a> {
    policies: &'a [Policy],
    exclusions: &'a [ExclusionConstraint],
    unlogged: bool,
    rls: bool,
    forced: bool,
    partition_key: Option<&'a str>,
    partition_of: Option<&'a PartitionOf>,
}

fn pg_extras(table: &Table) -> PgFacts<'_> {
    match &table.extras {
        Some(TableExtras::Postgres {
            policies,
            exclusion_constraints,
            unlogged,
            row_level_security,
            force_row_level_security,
            partition_key,
            partition_of,
            ..
        }) => PgFacts {
            policies,
            exclusions: exclusion_constraints,
            unlogged: *unlogged,
            rls: *row_level_security,
            forced: *force_row_level_security,
            partition_key: partition_key.as_deref(),
            partition_of: partition_of.as_ref(),
        },
        other => panic!("{} has PostgreSQL extras, not {other:?}", table.name),
    }
}

#[tokio::test]
async fn whole_model_matches_the_golden_snapshot() {
    let (_db, model) = every_object("pg_golden").await;
    // Sizes, estimates and the exact server version vary between servers; they are asserted below.
    let mut stable = model.clone();
    stable.server_version = None;
    for table in stable.schemas.iter_mut().flat_map(|s| s.tables.iter_mut()) {
        table.stats = None;
    }
    insta::assert_snapshot!("postgres_every_object", stable.to_snapshot_json());
}

#[tokio::test]
async fn schemas_comments_and_extensions_are_read() {
    let (_db, model) = every_object("pg_schemas").await;
    let names: Vec<&str> = model.schemas.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["app", "billing", "public"], "every user schema, no system schema");
    assert_eq!(schema(&model, "app").comment.as_deref(), Some("Application objects"));
    assert!(model.extensions.iter().any(|e| e.name == "btree_gist" && e.schema == "public"));
    assert!(model.server_version.is_some_and(|v| v.major >= 12));
}

#[tokio::test]
async fn columns_carry_types_defaults_identity_generation_collation_and_comments() {
    let (_db, model) = every_object("pg_columns").await;
    let users = table(&model, "app", "users");
    let col = |name| users.column(name).unwrap_or_else(|| panic!("users.{name}"));
    assert_eq!((col("id").identity, col("id").nullable), (Some(Identity::Always), false));
    assert_eq!(table(&model, "app", "teams").column("owner").unwrap().identity, Some(Identity::ByDefault));
    assert_eq!(col("email").column_type.raw, "app.email");
    assert_eq!(col("email").comment.as_deref(), Some("Login"));
    assert_eq!(col("name").collation.as_deref(), Some("C"));
    assert_eq!(col("status").default.as_deref(), Some("'invited'::app.user_status"));
    assert_eq!(col("score").column_type.kind, TypeKind::Decimal { precision: Some(10), scale: Some(2) });
    assert_eq!(col("created_at").column_type.kind, TypeKind::Timestamp { with_time_zone: true });
    assert_eq!(
        col("email_lower").generated,
        Some(Generated { expression: "lower((email)::text)".into(), storage: GeneratedStorage::Stored })
    );
    assert_eq!(col("email_lower").default, None, "a generated column has no default");
    let teams = table(&model, "app", "teams");
    assert_eq!(teams.column("id").unwrap().default.as_deref(), Some("nextval('app.teams_id_seq'::regclass)"));
    assert_eq!(teams.column("code").unwrap().column_type.kind, TypeKind::Char { length: Some(4) });
}

#[tokio::test]
async fn constraints_keep_names_deferrability_validation_match_and_comments() {
    let (_db, model) = every_object("pg_constraints").await;
    let users = table(&model, "app", "users");
    assert_eq!(
        users.primary_key.as_ref().map(|pk| (pk.name.as_deref(), pk.columns.clone())),
        Some((Some("users_pkey"), vec!["id".to_owned()]))
    );
    let email_key = &users.unique_constraints[0];
    assert_eq!(email_key.name.as_deref(), Some("users_email_key"));
    assert!(email_key.nulls_not_distinct);
    assert_eq!(email_key.comment.as_deref(), Some("One account per address"));
    let teams = table(&model, "app", "teams");
    assert_eq!(teams.unique_constraints[0].deferrable, Deferrable::InitiallyDeferred);
    assert_eq!(teams.unique_constraints[0].columns, ["code", "region"]);

    let memberships = table(&model, "app", "memberships");
    let fk = |name: &str| memberships.foreign_keys.iter().find(|f| f.name.as_deref() == Some(name)).unwrap().clone();
    let team_fk = fk("memberships_team_fk");
    assert_eq!((team_fk.on_delete, team_fk.on_update), (ReferentialAction::Cascade, ReferentialAction::Restrict));
    let user_fk = fk("memberships_user_fk");
    assert_eq!(
        (user_fk.match_kind, user_fk.on_delete, user_fk.deferrable),
        (MatchKind::Full, ReferentialAction::SetNull, Deferrable::InitiallyImmediate)
    );
    let role_check = &memberships.checks[0];
    assert_eq!(role_check.expression, "role = ANY (ARRAY['owner'::text, 'member'::text])");
    assert!(role_check.not_valid);
    assert_eq!(users.checks[0].expression, "score >= (0)::numeric");
    assert!(!users.checks[0].not_valid);

    let invoices = table(&model, "billing", "invoices");
    let user_ref = &invoices.foreign_keys[0];
    assert_eq!(
        (user_ref.referenced_schema.as_deref(), user_ref.referenced_table.as_str()),
        (Some("app"), "users"),
        "references across schemas name the schema"
    );
    let exclusions = pg_extras(table(&model, "app", "bookings")).exclusions;
    assert_eq!(exclusions.len(), 1);
    assert_eq!(exclusions[0].definition, "EXCLUDE USING gist (room WITH =, during WITH &&)");
}

#[tokio::test]
async fn indexes_carry_method_predicate_expressions_include_opclass_and_order() {
    let (_db, model) = every_object("pg_indexes").await;
    let users = table(&model, "app", "users");
    let by_name = users.index("users_name_idx").unwrap();
    assert_eq!(by_name.include, ["status"]);
    assert_eq!(
        by_name.parts,
        [IndexPart {
            descending: true,
            nulls_first: Some(false),
            opclass: Some("text_pattern_ops".into()),
            ..IndexPart::column("name")
        }]
    );
    let lower = users.index("users_lower_email_idx").unwrap();
    assert!(lower.unique);
    assert_eq!(lower.parts[0].key, IndexKey::Expression("lower(email::text)".into()));
    assert_eq!(lower.predicate.as_deref(), Some("status <> 'suspended'::app.user_status"));
    assert_eq!(lower.comment.as_deref(), Some("Case-insensitive login"));
    assert!(users.indexes.iter().all(|i| i.name != "users_pkey"), "key-backing indexes are constraints");
    let gin = table(&model, "billing", "invoices").index("invoices_payload_idx").unwrap();
    assert_eq!(gin.method.as_deref(), Some("gin"));
    assert!(
        table(&model, "billing", "invoices_2026").indexes.is_empty(),
        "a partition's copy of the parent's index is implied by it"
    );
    let sessions = table(&model, "app", "sessions");
    assert_eq!(sessions.index("sessions_seen_idx").unwrap().parts[0].nulls_first, Some(true));
    let user_key = sessions.index("sessions_user_key").unwrap();
    assert!(user_key.unique && user_key.nulls_not_distinct, "NULLS NOT DISTINCT on a unique index");
}

#[tokio::test]
async fn partitions_unlogged_tables_rls_and_policies_are_read() {
    let (_db, model) = every_object("pg_table_kinds").await;
    let key = pg_extras(table(&model, "billing", "invoices")).partition_key;
    assert_eq!(key, Some("RANGE (issued_on)"));
    let part = pg_extras(table(&model, "billing", "invoices_2026")).partition_of;
    assert_eq!(
        part,
        Some(&PartitionOf {
            parent_schema: "billing".into(),
            parent_table: "invoices".into(),
            bound: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')".into()
        })
    );
    let default_part = pg_extras(table(&model, "billing", "invoices_other")).partition_of;
    assert_eq!(default_part.map(|p| p.bound.as_str()), Some("DEFAULT"));
    let unlogged = pg_extras(table(&model, "app", "sessions")).unlogged;
    assert!(unlogged);

    let users = table(&model, "app", "users");
    let facts = pg_extras(users);
    let (policies, rls, forced) = (facts.policies, facts.rls, facts.forced);
    assert!(rls && forced);
    assert_eq!(
        policies,
        [
            Policy {
                name: "users_admin_write".into(),
                command: PolicyCommand::Update,
                permissive: false,
                roles: vec!["postgres".into()],
                using: Some("true".into()),
                with_check: Some("status <> 'suspended'::app.user_status".into()),
                comment: None,
            },
            Policy {
                name: "users_self".into(),
                command: PolicyCommand::Select,
                permissive: true,
                roles: vec!["public".into()],
                using: Some("id = 1".into()),
                with_check: None,
                comment: Some("See yourself".into()),
            },
        ]
    );
    assert_eq!(users.comment.as_deref(), Some("People who sign in"));
}

#[tokio::test]
async fn views_types_sequences_routines_and_triggers_are_read() {
    let (_db, model) = every_object("pg_objects").await;
    let app = schema(&model, "app");
    let billing = schema(&model, "billing");
    let active = app.view("active_users").unwrap();
    assert!(!active.materialized && active.definition.contains("FROM app.users"));
    assert_eq!(active.comment.as_deref(), Some("Users who can sign in"));
    assert!(billing.view("revenue").unwrap().materialized);

    assert_eq!(
        app.enums,
        [EnumType {
            name: "user_status".into(),
            labels: vec!["invited".into(), "active".into(), "suspended".into()],
            comment: Some("Lifecycle of an account".into())
        }]
    );
    let email = &app.domains[0];
    assert_eq!(
        (email.name.as_str(), email.data_type.as_str(), email.nullable, email.collation.as_deref()),
        ("email", "character varying(320)", false, Some("C"))
    );
    assert_eq!(email.default.as_deref(), Some("'nobody@example.com'::character varying"));
    assert_eq!(email.checks[0].name.as_deref(), Some("email_has_at"));
    assert_eq!(email.checks[0].expression, "(VALUE)::text ~~ '%@%'::text");

    let invoice_no = billing.sequences.iter().find(|s| s.name == "invoice_no").unwrap();
    assert_eq!(
        (
            invoice_no.data_type.as_str(),
            invoice_no.start,
            invoice_no.increment,
            invoice_no.min_value,
            invoice_no.max_value,
            invoice_no.cache,
            invoice_no.cycle
        ),
        ("integer", 1000, 5, 1000, 999_999, 10, true)
    );
    assert_eq!(invoice_no.owned_by, Some(SequenceOwner { table: "invoices".into(), column: "id".into() }));
    assert_eq!(invoice_no.comment.as_deref(), Some("Invoice numbers"));
    assert!(app.sequences.iter().any(|s| s.name == "teams_id_seq"), "serial sequences are listed");
    assert!(app.sequences.iter().all(|s| s.name != "users_id_seq"), "identity sequences belong to their column");

    let add = app.routines.iter().find(|r| r.name == "add").unwrap();
    assert_eq!(
        (add.kind, add.arguments.as_str(), add.returns.as_deref(), add.language.as_str()),
        (RoutineKind::Function, "a integer, b integer", Some("integer"), "sql")
    );
    assert!(add.definition.starts_with("CREATE OR REPLACE FUNCTION app.add(a integer, b integer DEFAULT 1)"));
    let close = billing.routines.iter().find(|r| r.name == "close_month").unwrap();
    assert_eq!((close.kind, close.returns.as_deref()), (RoutineKind::Procedure, None));
    assert_eq!(
        app.routines.iter().find(|r| r.name == "touch").unwrap().comment.as_deref(),
        Some("Keeps created_at fresh")
    );
    assert!(app.routines.iter().all(|r| r.name != "money_range"), "range constructors are the type's");

    let touch = app.trigger("users_touch").unwrap();
    assert_eq!(
        (
            touch.timing,
            touch.events.clone(),
            touch.update_columns.clone(),
            touch.for_each_row,
            touch.condition.as_deref()
        ),
        (
            TriggerTiming::Before,
            vec![TriggerEvent::Insert, TriggerEvent::Update],
            vec!["email".to_owned(), "name".to_owned()],
            true,
            Some("new.name IS NOT NULL")
        )
    );
    let audit = app.trigger("teams_audit").unwrap();
    assert_eq!(
        (audit.timing, audit.for_each_row, audit.comment.as_deref()),
        (TriggerTiming::After, false, Some("Audit deletes"))
    );
}

#[tokio::test]
async fn objects_not_modelled_are_listed_not_dropped() {
    let (_db, model) = every_object("pg_unsupported").await;
    let listed: Vec<(String, String)> = model.unsupported.iter().map(|u| (u.kind.clone(), u.name.clone())).collect();
    for expected in
        [("range type", "money_range"), ("composite type", "address"), ("aggregate", "running_total(integer)")]
    {
        assert!(listed.contains(&(expected.0.into(), expected.1.into())), "{expected:?} in {listed:?}");
    }
    assert_eq!(listed.len(), 3, "nothing the server makes by itself is listed: {listed:?}");
    // A plain aggregate is a routine of its own, written from pg_aggregate.
    let app = model.schemas.iter().find(|s| s.name == "app").unwrap();
    // A table's rules are the table's.
    let rules = app.table("teams").unwrap().rules();
    assert_eq!(rules.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["teams_no_delete"]);
    assert!(rules[0].definition.starts_with("CREATE RULE teams_no_delete AS"), "{}", rules[0].definition);
    let total = app.routines.iter().find(|r| r.name == "total").unwrap();
    assert_eq!(total.kind, plumb_engine::model::RoutineKind::Aggregate);
    assert!(total.definition.contains("SFUNC = int4pl"), "{}", total.definition);
}

#[tokio::test]
async fn an_extensions_own_objects_are_the_extensions() {
    // PostGIS brings a table, views, types, functions and rules on its views: none of them is the
    // user's schema (the test machine installs postgresql-postgis).
    let db = TestDb::fresh(Server::Postgres, "pg_extension_objects").await;
    db.exec("CREATE EXTENSION postgis; CREATE TABLE places (id int PRIMARY KEY, at geography);").await;
    let model = db.source().load().await.unwrap();
    assert!(model.extensions.iter().any(|e| e.name == "postgis"), "{:?}", model.extensions);
    assert!(model.unsupported.is_empty(), "nothing of PostGIS is listed: {:?}", model.unsupported);
    let public = model.schema("public").unwrap();
    let tables: Vec<&str> = public.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(tables, ["places"], "spatial_ref_sys is the extension's");
    assert!(public.views.is_empty() && public.routines.is_empty(), "geometry_columns and ST_* are the extension's");
}

#[tokio::test]
async fn row_estimates_and_sizes_come_from_the_catalog() {
    let (_db, model) = every_object("pg_stats").await;
    let stats = table(&model, "app", "users").stats.clone().expect("tables have stats");
    assert_eq!((stats.row_count, stats.estimated), (2, true), "the fixture runs ANALYZE");
    assert!(stats.total_bytes.is_some_and(|b| b > 0));
    assert_eq!(table(&model, "billing", "invoices").stats, None, "a partitioned table holds no rows itself");
}

/// Before the first ANALYZE the catalog's estimate is unknown: the rows the statistics counted
/// stand in.
#[tokio::test]
async fn rows_counted_by_the_statistics_stand_in_before_the_first_analyze() {
    let db = TestDb::fresh(Server::Postgres, "pg_live_rows").await;
    db.exec("CREATE TABLE events (id int); INSERT INTO events SELECT generate_series(1, 3);").await;
    // The server reports the counts to other sessions a moment later (at most a second, or when
    // the inserting session ends).
    let mut conn = sqlx::PgConnection::connect(db.url()).await.unwrap();
    for _ in 0..100 {
        let counted: i64 = sqlx::query_scalar("SELECT pg_stat_get_live_tuples('events'::regclass)")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        if counted == 3 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let model = db.source().load().await.unwrap();
    let stats = table(&model, "public", "events").stats.clone().expect("tables have stats");
    assert_eq!((stats.row_count, stats.estimated), (3, true));
}

#[tokio::test]
async fn two_introspections_are_byte_identical_and_a_schema_filter_narrows() {
    let (db, model) = every_object("pg_determinism").await;
    let again = db.source().load().await.unwrap();
    assert_eq!(model.to_snapshot_json(), again.to_snapshot_json());

    let filtered: plumb_db::Source = format!("{}?schemas=billing", db.url()).parse().unwrap();
    let only_billing = filtered.load().await.unwrap();
    assert_eq!(only_billing.schemas.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["billing"]);
    let missing: plumb_db::Source = format!("{}?schemas=nope", db.url()).parse().unwrap();
    let err = missing.load().await.unwrap_err().to_string();
    assert!(err.contains("\"nope\""), "{err}");
}
