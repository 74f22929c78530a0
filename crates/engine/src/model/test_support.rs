//! A small but complete sample model for the model's own tests.

use crate::dialect::{Flavor, ServerVersion};
use crate::model::*;

/// Two tables, a view and a trigger, touching every field kind of the model.
pub(crate) fn sample_database() -> Database {
    let mut users = Table::new("users");
    users.columns = vec![
        Column {
            identity: Some(Identity::AutoIncrement),
            nullable: false,
            ..Column::new("id", ColumnType::new("INTEGER", TypeKind::Integer))
        },
        Column {
            nullable: false,
            collation: Some("NOCASE".into()),
            ..Column::new(
                "email",
                ColumnType::new("varchar(255)", TypeKind::Varchar { length: Some(255) }),
            )
        },
        Column {
            default: Some("'active'".into()),
            ..Column::new("status", ColumnType::new("TEXT", TypeKind::Text))
        },
        Column {
            generated: Some(Generated {
                expression: "lower(email)".into(),
                storage: GeneratedStorage::Virtual,
            }),
            ..Column::new("email_lower", ColumnType::new("TEXT", TypeKind::Text))
        },
    ];
    users.primary_key = Some(PrimaryKey {
        name: None,
        columns: vec!["id".into()],
    });
    users.unique_constraints = vec![UniqueConstraint {
        name: Some("users_email_key".into()),
        columns: vec!["email".into()],
    }];
    users.checks = vec![CheckConstraint {
        name: None,
        expression: "status IN ('active', 'gone')".into(),
    }];
    users.indexes = vec![
        Index {
            name: "users_status_idx".into(),
            unique: false,
            parts: vec![IndexPart::column("status")],
            predicate: Some("status <> 'gone'".into()),
            method: None,
        },
        Index {
            name: "users_email_lower_idx".into(),
            unique: true,
            parts: vec![IndexPart {
                key: IndexKey::Expression("lower(email)".into()),
                descending: true,
                collation: None,
            }],
            predicate: None,
            method: None,
        },
    ];
    users.extras = Some(TableExtras::Sqlite {
        without_rowid: false,
        strict: false,
    });
    users.stats = Some(TableStats { row_count: 2 });

    let mut posts = Table::new("posts");
    posts.columns = vec![
        Column {
            nullable: false,
            ..Column::new("id", ColumnType::new("INTEGER", TypeKind::Integer))
        },
        Column::new("user_id", ColumnType::new("INTEGER", TypeKind::Integer)),
    ];
    posts.primary_key = Some(PrimaryKey {
        name: Some("posts_pk".into()),
        columns: vec!["id".into()],
    });
    posts.foreign_keys = vec![ForeignKey {
        name: Some("posts_user_fk".into()),
        columns: vec!["user_id".into()],
        referenced_schema: None,
        referenced_table: "users".into(),
        referenced_columns: vec!["id".into()],
        on_delete: ReferentialAction::Cascade,
        on_update: ReferentialAction::NoAction,
        deferrable: Deferrable::InitiallyDeferred,
    }];

    let mut main = Schema::new("main");
    main.tables = vec![posts, users];
    main.views = vec![View {
        name: "active_users".into(),
        definition: "SELECT id FROM users WHERE status = 'active'".into(),
    }];
    main.triggers = vec![Trigger {
        name: "users_touch".into(),
        table: "users".into(),
        timing: TriggerTiming::After,
        events: vec![TriggerEvent::Update],
        update_columns: vec!["email".into()],
        for_each_row: true,
        condition: Some("NEW.email <> OLD.email".into()),
        definition: "CREATE TRIGGER users_touch AFTER UPDATE OF email ON users BEGIN SELECT 1; END"
            .into(),
    }];

    let mut db = Database::new(Flavor::Sqlite, Some(ServerVersion::new(3, 46, 0)));
    db.schemas = vec![main];
    db.canonicalize();
    db
}
