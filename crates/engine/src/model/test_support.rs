//! A small but complete sample model for the model's own tests.

use crate::dialect::{Flavor, ServerVersion};
use crate::model::*;

fn names(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// Two tables, a view, a trigger and one of every schema-level object kind, touching every field
/// kind of the model.
pub(crate) fn sample_database() -> Database {
    let mut users = Table::new("users");
    users.columns = vec![
        Column {
            identity: Some(Identity::Always),
            nullable: false,
            ..Column::new("id", ColumnType::new("bigint", TypeKind::BigInt))
        },
        Column {
            nullable: false,
            collation: Some("C".into()),
            comment: Some("Login, unique".into()),
            ..Column::new("email", ColumnType::new("character varying(255)", TypeKind::Varchar { length: Some(255) }))
        },
        Column {
            default: Some("'active'::user_status".into()),
            ..Column::new("status", ColumnType::new("user_status", TypeKind::Other))
        },
        Column {
            generated: Some(Generated { expression: "lower(email)".into(), storage: GeneratedStorage::Stored }),
            ..Column::new("email_lower", ColumnType::new("text", TypeKind::Text))
        },
    ];
    users.primary_key = Some(PrimaryKey { name: Some("users_pkey".into()), ..PrimaryKey::new(names(&["id"])) });
    users.unique_constraints = vec![UniqueConstraint {
        name: Some("users_email_key".into()),
        nulls_not_distinct: true,
        ..UniqueConstraint::new(names(&["email"]))
    }];
    users.checks = vec![CheckConstraint { not_valid: true, ..CheckConstraint::new("length(email) > 3") }];
    users.indexes = vec![
        Index {
            predicate: Some("status <> 'gone'::user_status".into()),
            method: Some("btree".into()),
            include: names(&["email"]),
            ..Index::new("users_status_idx", vec![IndexPart { nulls_first: Some(true), ..IndexPart::column("status") }])
        },
        Index {
            unique: true,
            comment: Some("case-insensitive login".into()),
            ..Index::new(
                "users_email_lower_idx",
                vec![IndexPart {
                    key: IndexKey::Expression("lower(email)".into()),
                    descending: true,
                    opclass: Some("text_pattern_ops".into()),
                    ..IndexPart::column("")
                }],
            )
        },
    ];
    users.comment = Some("People who sign in".into());
    users.extras = Some(TableExtras::Postgres {
        unlogged: false,
        partition_key: None,
        partition_of: None,
        row_level_security: true,
        force_row_level_security: false,
        policies: vec![Policy {
            name: "own_rows".into(),
            command: PolicyCommand::Select,
            permissive: true,
            roles: names(&["public"]),
            using: Some("(id = current_user_id())".into()),
            with_check: None,
            comment: None,
        }],
        exclusion_constraints: Vec::new(),
        inherits: Vec::new(),
        rules: Vec::new(),
    });
    users.stats = Some(TableStats { estimated: true, total_bytes: Some(16384), ..TableStats::exact(2) });

    let mut posts = Table::new("posts");
    posts.columns = vec![
        Column { nullable: false, ..Column::new("id", ColumnType::new("integer", TypeKind::Integer)) },
        Column::new("user_id", ColumnType::new("bigint", TypeKind::BigInt)),
    ];
    posts.primary_key = Some(PrimaryKey { name: Some("posts_pk".into()), ..PrimaryKey::new(names(&["id"])) });
    posts.foreign_keys = vec![ForeignKey {
        name: Some("posts_user_fk".into()),
        on_delete: ReferentialAction::Cascade,
        match_kind: MatchKind::Full,
        deferrable: Deferrable::InitiallyDeferred,
        ..ForeignKey::new(names(&["user_id"]), "users", names(&["id"]))
    }];

    let mut app = Schema::new("app");
    app.comment = Some("Application tables".into());
    app.tables = vec![posts, users];
    app.views = vec![View {
        name: "active_users".into(),
        definition: "SELECT id FROM users WHERE status = 'active'".into(),
        materialized: true,
        comment: None,
        indexes: vec![Index::new("active_users_id_idx", vec![IndexPart::column("id")])],
    }];
    app.triggers = vec![Trigger {
        name: "users_touch".into(),
        table: "users".into(),
        timing: TriggerTiming::After,
        events: vec![TriggerEvent::Update],
        update_columns: names(&["email"]),
        for_each_row: true,
        condition: Some("NEW.email <> OLD.email".into()),
        definition: "CREATE TRIGGER users_touch AFTER UPDATE OF email ON app.users …".into(),
        comment: None,
    }];
    app.enums = vec![EnumType { name: "user_status".into(), labels: names(&["active", "gone"]), comment: None }];
    app.domains = vec![Domain {
        name: "email".into(),
        data_type: "text".into(),
        nullable: false,
        default: None,
        collation: None,
        checks: vec![CheckConstraint { name: Some("email_check".into()), ..CheckConstraint::new("VALUE ~ '@'") }],
        comment: None,
    }];
    app.sequences = vec![Sequence {
        name: "invoice_no".into(),
        data_type: "bigint".into(),
        start: 1000,
        increment: 1,
        min_value: 1,
        max_value: i64::MAX,
        cache: 1,
        cycle: false,
        owned_by: Some(SequenceOwner { table: "posts".into(), column: "id".into() }),
        comment: None,
    }];
    app.routines = vec![Routine {
        name: "current_user_id".into(),
        kind: RoutineKind::Function,
        arguments: String::new(),
        returns: Some("bigint".into()),
        language: "sql".into(),
        definition: "CREATE OR REPLACE FUNCTION app.current_user_id() …".into(),
        comment: None,
    }];

    let mut db = Database::new(Flavor::Postgres, Some(ServerVersion::new(15, 4, 0)));
    db.schemas = vec![app];
    db.extensions = vec![Extension { name: "pgcrypto".into(), version: "1.3".into(), schema: "public".into() }];
    db.unsupported =
        vec![UnsupportedObject { kind: "rule".into(), schema: Some("app".into()), name: "posts_log".into() }];
    db.canonicalize();
    db
}
