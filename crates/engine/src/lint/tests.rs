//! Every rule fires on an example and stays quiet on its safe counterpart, on each dialect it
//! applies to; the catalog test makes sure no rule goes without both.

use super::live::{LiveFacts, Probe, ProbeKind, ValueCheck};
use super::op::ObjectRef;
use super::*;
use crate::diff::{ChangeSet, ColumnAspect, PossibleRename, RenameKind, SchemaChange, TableChange};
use crate::model::{Column, ColumnType, Database, EnumType, Sequence, TypeKind};
use Dialect::{Mysql as My, Postgres as Pg, Sqlite as Lite};

/// What a case lints.
enum Input {
    Sql(&'static str),
    Plan(fn() -> ChangeSet),
    /// A change set with numbers from the live data.
    Live(fn() -> ChangeSet, fn() -> LiveFacts),
    /// A SQL file with the schema it starts from.
    SqlOn(&'static str, fn() -> Database),
}

struct Case {
    rule: &'static str,
    dialect: Dialect,
    input: Input,
    fires: bool,
    version: Option<&'static str>,
}

const fn sql(rule: &'static str, dialect: Dialect, fires: bool, text: &'static str) -> Case {
    Case { rule, dialect, input: Input::Sql(text), fires, version: None }
}

const fn plan(rule: &'static str, dialect: Dialect, fires: bool, changes: fn() -> ChangeSet) -> Case {
    Case { rule, dialect, input: Input::Plan(changes), fires, version: None }
}

const fn live(
    rule: &'static str,
    dialect: Dialect,
    fires: bool,
    changes: fn() -> ChangeSet,
    facts: fn() -> LiveFacts,
) -> Case {
    Case { rule, dialect, input: Input::Live(changes, facts), fires, version: None }
}

const fn sql_on(
    rule: &'static str,
    dialect: Dialect,
    fires: bool,
    text: &'static str,
    schema: fn() -> Database,
) -> Case {
    Case { rule, dialect, input: Input::SqlOn(text, schema), fires, version: None }
}

const fn at(version: &'static str, case: Case) -> Case {
    Case { version: Some(version), ..case }
}

fn column(name: &str, raw: &str, kind: TypeKind) -> Column {
    Column::new(name, ColumnType::new(raw, kind))
}

fn modify(from: Column, to: Column, aspects: Vec<ColumnAspect>) -> ChangeSet {
    ChangeSet {
        changes: vec![SchemaChange::ModifyTable {
            schema: "app".into(),
            table: "users".into(),
            changes: vec![TableChange::ModifyColumn { from, to, aspects }],
        }],
        possible_renames: Vec::new(),
    }
}

fn varchar(n: u32) -> Column {
    column("name", &format!("varchar({n})"), TypeKind::Varchar { length: Some(n) })
}

fn shrink_varchar() -> ChangeSet {
    modify(varchar(200), varchar(50), vec![ColumnAspect::Type])
}
fn grow_varchar() -> ChangeSet {
    modify(varchar(50), varchar(60), vec![ColumnAspect::Type])
}
fn grow_varchar_across_prefix() -> ChangeSet {
    modify(varchar(50), varchar(100), vec![ColumnAspect::Type])
}
fn bigint_to_int() -> ChangeSet {
    modify(column("n", "bigint", TypeKind::BigInt), column("n", "integer", TypeKind::Integer), vec![ColumnAspect::Type])
}
fn int_to_bigint() -> ChangeSet {
    modify(column("n", "integer", TypeKind::Integer), column("n", "bigint", TypeKind::BigInt), vec![ColumnAspect::Type])
}
fn enum_reordered() -> ChangeSet {
    let e = |raw: &str| column("state", raw, TypeKind::Other);
    modify(e("enum('a','b')"), e("enum('b','a')"), vec![ColumnAspect::Type])
}
fn enum_appended() -> ChangeSet {
    let e = |raw: &str| column("state", raw, TypeKind::Other);
    modify(e("enum('a','b')"), e("enum('a','b','c')"), vec![ColumnAspect::Type])
}
fn pg_enum(labels: &[&str]) -> EnumType {
    EnumType { name: "mood".into(), labels: labels.iter().map(|l| (*l).to_owned()).collect(), comment: None }
}
fn enum_label_removed() -> ChangeSet {
    ChangeSet {
        changes: vec![SchemaChange::ModifyEnum {
            schema: "app".into(),
            from: pg_enum(&["ok", "sad"]),
            to: pg_enum(&["ok"]),
        }],
        possible_renames: Vec::new(),
    }
}
fn enum_label_added() -> ChangeSet {
    ChangeSet {
        changes: vec![SchemaChange::ModifyEnum {
            schema: "app".into(),
            from: pg_enum(&["ok"]),
            to: pg_enum(&["ok", "sad"]),
        }],
        possible_renames: Vec::new(),
    }
}
fn drop_with_possible_rename() -> ChangeSet {
    ChangeSet {
        changes: vec![SchemaChange::ModifyTable {
            schema: "app".into(),
            table: "users".into(),
            changes: vec![
                TableChange::DropColumn { column: column("name", "text", TypeKind::Text) },
                TableChange::AddColumn { column: column("full_name", "text", TypeKind::Text) },
            ],
        }],
        possible_renames: vec![PossibleRename {
            kind: RenameKind::Column,
            schema: "app".into(),
            table: Some("users".into()),
            from: "name".into(),
            to: "full_name".into(),
            confirm: "--rename users.name=users.full_name".into(),
        }],
    }
}
fn drop_without_rename() -> ChangeSet {
    ChangeSet { possible_renames: Vec::new(), ..drop_with_possible_rename() }
}
fn sequence(owned: bool) -> Sequence {
    Sequence {
        name: "counter".into(),
        data_type: "bigint".into(),
        start: 1,
        increment: 1,
        min_value: 1,
        max_value: i64::MAX,
        cache: 1,
        cycle: false,
        owned_by: owned.then(|| crate::model::SequenceOwner { table: "t".into(), column: "id".into() }),
        comment: None,
    }
}
fn drop_free_sequence() -> ChangeSet {
    ChangeSet {
        changes: vec![SchemaChange::DropSequence { schema: "app".into(), sequence: sequence(false) }],
        possible_renames: Vec::new(),
    }
}
fn drop_owned_sequence() -> ChangeSet {
    ChangeSet {
        changes: vec![SchemaChange::DropSequence { schema: "app".into(), sequence: sequence(true) }],
        possible_renames: Vec::new(),
    }
}
fn engine_change() -> ChangeSet {
    let extras = |engine: &str| {
        Some(crate::model::TableExtras::Mysql { engine: Some(engine.into()), collation: None, partition: None })
    };
    ChangeSet {
        changes: vec![SchemaChange::ModifyTable {
            schema: "app".into(),
            table: "users".into(),
            changes: vec![TableChange::ModifyOptions { from: extras("MyISAM"), to: extras("InnoDB") }],
        }],
        possible_renames: Vec::new(),
    }
}
fn charset_change() -> ChangeSet {
    let extras = |collation: &str| {
        Some(crate::model::TableExtras::Mysql {
            engine: Some("InnoDB".into()),
            collation: Some(collation.into()),
            partition: None,
        })
    };
    ChangeSet {
        changes: vec![SchemaChange::ModifyTable {
            schema: "app".into(),
            table: "users".into(),
            changes: vec![TableChange::ModifyOptions {
                from: extras("latin1_swedish_ci"),
                to: extras("utf8mb4_general_ci"),
            }],
        }],
        possible_renames: Vec::new(),
    }
}
fn drop_a_partition() -> ChangeSet {
    let mut partition = crate::model::Table::new("events_2020");
    partition.extras = Some(crate::model::TableExtras::Postgres {
        unlogged: false,
        row_level_security: false,
        force_row_level_security: false,
        partition_key: None,
        partition_of: Some(crate::model::PartitionOf {
            parent_schema: "app".into(),
            parent_table: "events".into(),
            bound: "FOR VALUES FROM (2020) TO (2021)".into(),
        }),
        policies: Vec::new(),
        exclusion_constraints: Vec::new(),
        inherits: Vec::new(),
        rules: Vec::new(),
    });
    ChangeSet {
        changes: vec![SchemaChange::DropTable { schema: "app".into(), table: partition }],
        possible_renames: Vec::new(),
    }
}
fn sqlite_users() -> Database {
    let mut users = crate::model::Table::new("users");
    users.columns = vec![
        column("id", "INTEGER", TypeKind::Integer),
        column("email", "TEXT", TypeKind::Text),
        column("bio", "TEXT", TypeKind::Text),
    ];
    users.unique_constraints = vec![crate::model::UniqueConstraint::new(vec!["email".into()])];
    let mut main = crate::model::Schema::new("main");
    main.tables.push(users);
    Database { schemas: vec![main], ..Database::new(crate::dialect::Flavor::Sqlite, None) }
}
/// `users` with a unique email (a constraint referenced by `posts`' foreign key) and `posts`.
fn pg_posts() -> Database {
    let mut users = crate::model::Table::new("users");
    users.columns = vec![column("id", "integer", TypeKind::Integer), column("email", "text", TypeKind::Text)];
    users.unique_constraints = vec![crate::model::UniqueConstraint {
        name: Some("users_email_key".into()),
        ..crate::model::UniqueConstraint::new(vec!["email".into()])
    }];
    let mut posts = crate::model::Table::new("posts");
    posts.columns = vec![column("user_email", "text", TypeKind::Text)];
    posts.foreign_keys = vec![crate::model::ForeignKey {
        name: Some("posts_user_fk".into()),
        ..crate::model::ForeignKey::new(vec!["user_email".into()], "users", vec!["email".into()])
    }];
    let mut app = crate::model::Schema::new("app");
    app.tables = vec![posts, users];
    Database { schemas: vec![app], ..Database::new(crate::dialect::Flavor::Postgres, None) }
}
fn indexed(mut db: Database) -> Database {
    let table = &mut db.schemas[0].tables[0];
    let mut unique = crate::model::Index::new("users_email_key", vec![crate::model::IndexPart::column("email")]);
    unique.unique = true;
    let other = if table.columns.iter().any(|c| c.name == "bio") { "bio" } else { "name" };
    let plain = crate::model::Index::new(format!("users_{other}_idx"), vec![crate::model::IndexPart::column(other)]);
    table.indexes = vec![unique, plain];
    db
}
fn sqlite_users_indexed() -> Database {
    indexed(sqlite_users())
}
fn my_users() -> Database {
    let mut db = indexed(pg_users());
    db.flavor = crate::dialect::Flavor::Mariadb;
    db.schemas[0].tables[0].columns.push(column("email", "varchar(100)", TypeKind::Varchar { length: Some(100) }));
    db
}
fn pg_users() -> Database {
    let mut users = crate::model::Table::new("users");
    users.columns = vec![varchar(200)];
    let mut app = crate::model::Schema::new("app");
    app.tables.push(users);
    Database { schemas: vec![app], ..Database::new(crate::dialect::Flavor::Postgres, None) }
}
fn set_not_null_with_default() -> ChangeSet {
    modify(
        varchar(10),
        Column { nullable: false, default: Some("''".into()), ..varchar(10) },
        vec![ColumnAspect::Nullability],
    )
}
fn large_with(duplicates: Option<u64>) -> LiveFacts {
    let mut facts = facts(ProbeKind::Rows, 5_000_000);
    if let Some(n) = duplicates {
        facts.insert(Probe { table: users(), kind: ProbeKind::Duplicates { columns: vec!["email".into()] } }, n);
    }
    facts
}
fn strict(on: bool) -> LiveFacts {
    let mut facts = LiveFacts::default();
    facts.set_strict_mode(on);
    facts
}
fn comment_change() -> ChangeSet {
    ChangeSet {
        changes: vec![SchemaChange::ModifyTable {
            schema: "app".into(),
            table: "users".into(),
            changes: vec![TableChange::ModifyComment { from: None, to: Some("people".into()) }],
        }],
        possible_renames: Vec::new(),
    }
}

fn users() -> ObjectRef {
    ObjectRef::new(Some("app"), "users")
}
fn facts(kind: ProbeKind, count: u64) -> LiveFacts {
    let mut facts = LiveFacts::default();
    facts.insert(Probe { table: users(), kind }, count);
    facts
}
fn one_change(change: TableChange) -> ChangeSet {
    ChangeSet {
        changes: vec![SchemaChange::ModifyTable { schema: "app".into(), table: "users".into(), changes: vec![change] }],
        possible_renames: Vec::new(),
    }
}
fn set_not_null() -> ChangeSet {
    modify(varchar(10), Column { nullable: false, ..varchar(10) }, vec![ColumnAspect::Nullability])
}
fn nulls(n: u64) -> LiveFacts {
    facts(ProbeKind::Nulls { columns: vec!["name".into()] }, n)
}
fn add_unique() -> ChangeSet {
    one_change(TableChange::AddUnique {
        constraint: crate::model::UniqueConstraint {
            name: Some("users_email_key".into()),
            ..crate::model::UniqueConstraint::new(vec!["email".into()])
        },
    })
}
fn duplicates(n: u64) -> LiveFacts {
    facts(ProbeKind::Duplicates { columns: vec!["email".into()] }, n)
}
fn add_fk() -> ChangeSet {
    one_change(TableChange::AddForeignKey {
        key: crate::model::ForeignKey {
            referenced_schema: Some("app".into()),
            ..crate::model::ForeignKey::new(vec!["team_id".into()], "teams", vec!["id".into()])
        },
    })
}
fn orphans(n: u64) -> LiveFacts {
    facts(
        ProbeKind::Orphans {
            columns: vec!["team_id".into()],
            referenced: ObjectRef::new(Some("app"), "teams"),
            referenced_columns: vec!["id".into()],
        },
        n,
    )
}
fn add_check() -> ChangeSet {
    one_change(TableChange::AddCheck { check: crate::model::CheckConstraint::new("age >= 0") })
}
fn violations(n: u64) -> LiveFacts {
    facts(ProbeKind::CheckViolations { expression: "age >= 0".into() }, n)
}

static CASES: &[Case] = &[
    // Live data.
    live("not-null-violations", Pg, true, set_not_null, || nulls(3)),
    live("not-null-violations", Pg, false, set_not_null, || nulls(0)),
    live("not-null-violations", My, true, set_not_null, || nulls(3)),
    live("not-null-violations", My, false, set_not_null, || nulls(0)),
    live("not-null-violations", Lite, true, set_not_null, || nulls(3)),
    live("not-null-violations", Lite, false, set_not_null, || nulls(0)),
    live("unique-violations", Pg, true, add_unique, || duplicates(2)),
    live("unique-violations", Pg, false, add_unique, || duplicates(0)),
    live("unique-violations", My, true, add_unique, || duplicates(2)),
    live("unique-violations", My, false, add_unique, || duplicates(0)),
    live("unique-violations", Lite, true, add_unique, || duplicates(2)),
    live("unique-violations", Lite, false, add_unique, || duplicates(0)),
    live("foreign-key-orphans", Pg, true, add_fk, || orphans(5)),
    live("foreign-key-orphans", Pg, false, add_fk, || orphans(0)),
    live("foreign-key-orphans", My, true, add_fk, || orphans(5)),
    live("foreign-key-orphans", My, false, add_fk, || orphans(0)),
    live("foreign-key-orphans", Lite, true, add_fk, || orphans(5)),
    live("foreign-key-orphans", Lite, false, add_fk, || orphans(0)),
    live("check-violations", Pg, true, add_check, || violations(1)),
    live("check-violations", Pg, false, add_check, || violations(0)),
    live("check-violations", My, true, add_check, || violations(1)),
    live("check-violations", My, false, add_check, || violations(0)),
    live("check-violations", Lite, true, add_check, || violations(1)),
    live("check-violations", Lite, false, add_check, || violations(0)),
    // Data loss.
    sql("drop-table", Pg, true, "DROP TABLE users;"),
    sql("drop-table", Pg, false, "CREATE TABLE tmp (id int); DROP TABLE tmp;"),
    sql("drop-table", My, true, "DROP TABLE users;"),
    sql("drop-table", My, false, "CREATE TABLE tmp (id int); DROP TABLE tmp;"),
    sql("drop-table", Lite, true, "DROP TABLE users;"),
    sql("drop-table", Lite, false, "CREATE TABLE tmp (id int); DROP TABLE tmp;"),
    sql("drop-column", Pg, true, "ALTER TABLE users DROP COLUMN legacy_id;"),
    sql("drop-column", Pg, false, "ALTER TABLE users ADD COLUMN legacy_id int;"),
    sql("drop-column", My, true, "ALTER TABLE users DROP COLUMN legacy_id;"),
    sql("drop-column", My, false, "ALTER TABLE users ADD COLUMN legacy_id int;"),
    sql("drop-column", Lite, true, "ALTER TABLE users DROP COLUMN legacy_id;"),
    sql("drop-column", Lite, false, "CREATE TABLE t (a int, b int); ALTER TABLE t DROP COLUMN b;"),
    sql("drop-schema-or-database", Pg, true, "DROP SCHEMA archive;"),
    sql("drop-schema-or-database", Pg, false, "CREATE SCHEMA archive;"),
    sql("drop-schema-or-database", My, true, "DROP DATABASE archive;"),
    sql("drop-schema-or-database", My, false, "CREATE DATABASE archive;"),
    sql("truncate-table", Pg, true, "TRUNCATE users;"),
    sql("truncate-table", Pg, false, "DELETE FROM users WHERE id = 1;"),
    sql("truncate-table", My, true, "TRUNCATE TABLE users;"),
    sql("truncate-table", My, false, "DELETE FROM users WHERE id = 1;"),
    sql("cascade-drop", Pg, true, "DROP TABLE users CASCADE;"),
    sql("cascade-drop", Pg, true, "TRUNCATE users CASCADE;"),
    sql("cascade-drop", Pg, false, "DROP TABLE users;"),
    plan("lossy-type-change", Pg, true, shrink_varchar),
    plan("lossy-type-change", Pg, false, grow_varchar),
    plan("lossy-type-change", My, true, bigint_to_int),
    plan("lossy-type-change", My, false, int_to_bigint),
    plan("lossy-type-change", Lite, true, shrink_varchar),
    plan("lossy-type-change", Lite, false, int_to_bigint),
    sql("enum-value-remove-or-rename", Pg, true, "ALTER TYPE mood RENAME VALUE 'sad' TO 'blue';"),
    plan("enum-value-remove-or-rename", Pg, true, enum_label_removed),
    plan("enum-value-remove-or-rename", Pg, false, enum_label_added),
    plan("enum-value-remove-or-rename", My, true, enum_label_removed),
    plan("enum-value-remove-or-rename", My, false, enum_label_added),
    plan("drop-sequence", Pg, true, drop_free_sequence),
    plan("drop-sequence", Pg, false, drop_owned_sequence),
    sql("recreate-table", Pg, true, "DROP TABLE users; CREATE TABLE users (id int);"),
    sql("recreate-table", Pg, false, "CREATE TABLE users2 (id int);"),
    sql("recreate-table", My, true, "CREATE OR REPLACE TABLE users (id int);"),
    sql("recreate-table", My, false, "CREATE TABLE IF NOT EXISTS users (id int);"),
    sql("recreate-table", Lite, true, "DROP TABLE users; CREATE TABLE users (id int);"),
    sql("recreate-table", Lite, false, "CREATE TABLE users (id int);"),
    sql("drop-fk-constraint", Pg, false, "ALTER TABLE posts DROP CONSTRAINT posts_user_fk;"),
    sql_on("drop-fk-constraint", Pg, true, "ALTER TABLE posts DROP CONSTRAINT posts_user_fk;", pg_posts),
    sql_on("drop-unique-constraint", Pg, true, "ALTER TABLE users DROP CONSTRAINT users_email_key;", pg_posts),
    sql_on("drop-unique-constraint", Pg, false, "ALTER TABLE posts DROP CONSTRAINT posts_user_fk;", pg_posts),
    sql_on("drop-unique-constraint", My, true, "ALTER TABLE users DROP INDEX users_email_key;", my_users),
    sql_on("drop-unique-constraint", My, false, "ALTER TABLE users DROP INDEX users_name_idx;", my_users),
    sql_on("drop-unique-constraint", Lite, true, "DROP INDEX users_email_key;", sqlite_users_indexed),
    sql_on("drop-unique-constraint", Lite, false, "DROP INDEX users_bio_idx;", sqlite_users_indexed),
    sql("drop-type", Pg, true, "DROP TYPE mood;"),
    sql("drop-type", Pg, false, "CREATE TYPE mood AS ENUM ('happy');"),
    sql("delete-all-rows", Pg, true, "DELETE FROM users;"),
    sql("delete-all-rows", Pg, false, "DELETE FROM users WHERE id = 1;"),
    sql("delete-all-rows", My, true, "DELETE FROM users;"),
    sql("delete-all-rows", My, false, "DELETE FROM users WHERE id = 1;"),
    sql("delete-all-rows", Lite, true, "DELETE FROM users;"),
    sql("delete-all-rows", Lite, false, "DELETE FROM users WHERE id = 1;"),
    sql("drop-fk-constraint", My, true, "ALTER TABLE posts DROP FOREIGN KEY posts_user_fk;"),
    sql("drop-fk-constraint", My, false, "ALTER TABLE posts DROP INDEX posts_user_idx;"),
    plan("drop-fk-constraint", Pg, true, || ChangeSet {
        changes: vec![SchemaChange::ModifyTable {
            schema: "app".into(),
            table: "posts".into(),
            changes: vec![TableChange::DropForeignKey {
                key: crate::model::ForeignKey { name: Some("posts_user_fk".into()), ..crate::model::ForeignKey::new(vec!["user_id".into()], "users", vec!["id".into()]) },
            }],
        }],
        possible_renames: Vec::new(),
    }),
    plan("drop-fk-constraint", Lite, true, || ChangeSet {
        changes: vec![SchemaChange::ModifyTable {
            schema: "main".into(),
            table: "posts".into(),
            changes: vec![TableChange::DropForeignKey { key: crate::model::ForeignKey::new(vec!["user_id".into()], "users", vec!["id".into()]) }],
        }],
        possible_renames: Vec::new(),
    }),
    plan("drop-fk-constraint", Lite, false, comment_change),
    // Backward compatibility.
    sql("rename-table", Pg, true, "ALTER TABLE users RENAME TO people;"),
    sql("rename-table", Pg, false, "CREATE TABLE t (id int); ALTER TABLE t RENAME TO t2;"),
    sql("rename-table", My, true, "RENAME TABLE users TO people;"),
    sql("rename-table", My, false, "CREATE TABLE t (id int); RENAME TABLE t TO t2;"),
    sql("rename-table", Lite, true, "ALTER TABLE users RENAME TO people;"),
    sql("rename-table", Lite, false, "CREATE TABLE t (id int); ALTER TABLE t RENAME TO t2;"),
    sql("rename-column", Pg, true, "ALTER TABLE users RENAME COLUMN name TO full_name;"),
    sql("rename-column", Pg, false, "ALTER TABLE users ADD COLUMN full_name text;"),
    sql("rename-column", My, true, "ALTER TABLE users RENAME COLUMN name TO full_name;"),
    sql("rename-column", My, false, "ALTER TABLE users ADD COLUMN full_name text;"),
    sql("rename-column", Lite, true, "ALTER TABLE users RENAME COLUMN name TO full_name;"),
    sql("rename-column", Lite, false, "ALTER TABLE users ADD COLUMN full_name text;"),
    sql("rename-schema", Pg, true, "ALTER SCHEMA app RENAME TO application;"),
    sql("rename-schema", Pg, false, "ALTER SCHEMA app OWNER TO admin;"),
    sql("add-required-column", Pg, true, "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;"),
    sql("add-required-column", Pg, false, "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;"),
    sql("add-required-column", My, true, "ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;"),
    sql("add-required-column", My, false, "ALTER TABLE users ADD COLUMN tenant_id bigint NULL;"),
    sql("add-required-column", Lite, true, "ALTER TABLE users ADD COLUMN tenant_id integer NOT NULL;"),
    sql("add-required-column", Lite, false, "ALTER TABLE users ADD COLUMN tenant_id integer NOT NULL DEFAULT 0;"),
    sql("json-column", Pg, true, "ALTER TABLE users ADD COLUMN prefs json;"),
    sql("json-column", Pg, false, "ALTER TABLE users ADD COLUMN prefs jsonb;"),
    plan("possible-rename-as-drop-add", Pg, true, drop_with_possible_rename),
    plan("possible-rename-as-drop-add", Pg, false, drop_without_rename),
    plan("possible-rename-as-drop-add", My, true, drop_with_possible_rename),
    plan("possible-rename-as-drop-add", My, false, drop_without_rename),
    plan("possible-rename-as-drop-add", Lite, true, drop_with_possible_rename),
    plan("possible-rename-as-drop-add", Lite, false, drop_without_rename),
    sql("drop-not-null", Pg, true, "ALTER TABLE users ALTER COLUMN email DROP NOT NULL;"),
    sql("drop-not-null", Pg, false, "ALTER TABLE users ALTER COLUMN email SET DEFAULT '';"),
    plan("drop-not-null", My, true, || modify(Column { nullable: false, ..varchar(10) }, varchar(10), vec![ColumnAspect::Nullability])),
    plan("drop-not-null", My, false, grow_varchar),
    plan("drop-not-null", Lite, true, || modify(Column { nullable: false, ..varchar(10) }, varchar(10), vec![ColumnAspect::Nullability])),
    plan("drop-not-null", Lite, false, grow_varchar),
    // PostgreSQL locks and rewrites.
    sql("pg-create-index-blocking", Pg, true, "CREATE INDEX users_email_idx ON users (email);"),
    sql("pg-create-index-blocking", Pg, false, "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"),
    sql("pg-drop-index-blocking", Pg, true, "DROP INDEX users_email_idx;"),
    sql("pg-drop-index-blocking", Pg, false, "DROP INDEX CONCURRENTLY users_email_idx;"),
    sql("pg-concurrently-in-transaction", Pg, true, "BEGIN; CREATE INDEX CONCURRENTLY i ON users (email); COMMIT;"),
    sql("pg-concurrently-in-transaction", Pg, false, "CREATE INDEX CONCURRENTLY i ON users (email);"),
    sql("pg-add-unique-constraint-blocking", Pg, true, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);"),
    sql("pg-add-unique-constraint-blocking", Pg, false, "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_idx;"),
    sql("pg-add-primary-key-blocking", Pg, true, "ALTER TABLE users ADD PRIMARY KEY (id);"),
    sql("pg-add-primary-key-blocking", Pg, false, "ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_id_idx;"),
    sql("pg-add-fk-validating", Pg, true, "ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id);"),
    sql("pg-add-fk-validating", Pg, false, "ALTER TABLE posts ADD CONSTRAINT posts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;"),
    sql("pg-add-check-validating", Pg, true, "ALTER TABLE users ADD CONSTRAINT age_check CHECK (age >= 0);"),
    sql("pg-add-check-validating", Pg, false, "ALTER TABLE users ADD CONSTRAINT age_check CHECK (age >= 0) NOT VALID;"),
    sql("pg-validate-same-transaction", Pg, true, "BEGIN; ALTER TABLE users ADD CONSTRAINT age_check CHECK (age >= 0) NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT age_check; COMMIT;"),
    sql("pg-validate-same-transaction", Pg, false, "BEGIN; ALTER TABLE users ADD CONSTRAINT age_check CHECK (age >= 0) NOT VALID; COMMIT; ALTER TABLE users VALIDATE CONSTRAINT age_check;"),
    sql("pg-set-not-null-scan", Pg, true, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
    sql("pg-set-not-null-scan", Pg, false, "CREATE TABLE t (email text); ALTER TABLE t ALTER COLUMN email SET NOT NULL;"),
    // Proved by a validated check, PostgreSQL 12+ sets it without a scan; an unvalidated check
    // proves nothing.
    sql(
        "pg-set-not-null-scan",
        Pg,
        false,
        "ALTER TABLE users ADD CONSTRAINT nn CHECK (email IS NOT NULL) NOT VALID; ALTER TABLE users VALIDATE CONSTRAINT nn; ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
    ),
    sql(
        "pg-set-not-null-scan",
        Pg,
        true,
        "ALTER TABLE users ADD CONSTRAINT nn CHECK (email IS NOT NULL) NOT VALID; ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
    ),
    sql("pg-add-column-volatile-default", Pg, true, "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();"),
    sql("pg-add-column-volatile-default", Pg, false, "ALTER TABLE users ADD COLUMN created_at timestamptz DEFAULT now();"),
    at("10.0", sql("pg-add-column-volatile-default", Pg, true, "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';")),
    at("11.0", sql("pg-add-column-volatile-default", Pg, false, "ALTER TABLE users ADD COLUMN plan text DEFAULT 'free';")),
    sql("add-rewriting-column", Pg, true, "ALTER TABLE users ADD COLUMN seq bigserial;"),
    sql("add-rewriting-column", Pg, false, "ALTER TABLE users ADD COLUMN seq bigint;"),
    sql("add-rewriting-column", My, true, "ALTER TABLE users ADD COLUMN total int AS (a + b) STORED;"),
    sql("add-rewriting-column", My, false, "ALTER TABLE users ADD COLUMN total int AS (a + b) VIRTUAL;"),
    sql("add-rewriting-column", Lite, true, "ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (a + b) STORED;"),
    sql("add-rewriting-column", Lite, false, "ALTER TABLE users ADD COLUMN total int GENERATED ALWAYS AS (a + b) VIRTUAL;"),
    sql("pg-column-type-rewrite", Pg, true, "ALTER TABLE users ALTER COLUMN id TYPE bigint;"),
    plan("pg-column-type-rewrite", Pg, false, grow_varchar),
    sql("pg-rewriting-table-op", Pg, true, "VACUUM FULL users;"),
    sql("pg-rewriting-table-op", Pg, false, "VACUUM users;"),
    sql("pg-reindex-blocking", Pg, true, "REINDEX TABLE users;"),
    sql("pg-reindex-blocking", Pg, false, "REINDEX TABLE CONCURRENTLY users;"),
    sql("pg-detach-partition-blocking", Pg, true, "ALTER TABLE events DETACH PARTITION events_2020;"),
    sql("pg-detach-partition-blocking", Pg, false, "ALTER TABLE events DETACH PARTITION events_2020 CONCURRENTLY;"),
    sql("pg-attach-partition-scan", Pg, true, "ALTER TABLE events ATTACH PARTITION events_2021 FOR VALUES FROM ('2021-01-01') TO ('2022-01-01');"),
    sql("pg-attach-partition-scan", Pg, false, "CREATE TABLE events_2021 (id int);"),
    sql("pg-refresh-matview-blocking", Pg, true, "REFRESH MATERIALIZED VIEW totals;"),
    sql("pg-refresh-matview-blocking", Pg, false, "REFRESH MATERIALIZED VIEW CONCURRENTLY totals;"),
    sql("pg-exclusion-constraint", Pg, true, "ALTER TABLE bookings ADD CONSTRAINT no_overlap EXCLUDE USING gist (room WITH =, during WITH &&);"),
    sql("pg-exclusion-constraint", Pg, false, "CREATE TABLE bookings (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));"),
    sql("pg-domain-constraint", Pg, true, "CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');"),
    sql("pg-domain-constraint", Pg, false, "CREATE DOMAIN email AS text;"),
    sql("pg-alter-type-add-value-in-tx", Pg, true, "BEGIN; ALTER TYPE mood ADD VALUE 'calm' AFTER 'ok'; COMMIT;"),
    sql("pg-alter-type-add-value-in-tx", Pg, false, "ALTER TYPE mood ADD VALUE 'calm' AFTER 'ok';"),
    sql("enum-add-value-unordered", Pg, true, "ALTER TYPE mood ADD VALUE 'calm';"),
    sql("enum-add-value-unordered", Pg, false, "ALTER TYPE mood ADD VALUE 'calm' BEFORE 'sad';"),
    at("14.2", sql("pg-cic-corruption-version", Pg, true, "CREATE INDEX CONCURRENTLY i ON users (email);")),
    at("14.4", sql("pg-cic-corruption-version", Pg, false, "CREATE INDEX CONCURRENTLY i ON users (email);")),
    // Execution context.
    sql("require-lock-timeout", Pg, true, "ALTER TABLE users ADD COLUMN bio text;"),
    sql("require-lock-timeout", Pg, false, "SET lock_timeout = '5s'; ALTER TABLE users ADD COLUMN bio text;"),
    sql("require-lock-timeout", My, true, "ALTER TABLE users ADD COLUMN bio text, ALGORITHM=COPY;"),
    sql("require-lock-timeout", My, false, "SET SESSION lock_wait_timeout = 5; ALTER TABLE users ADD COLUMN bio text, ALGORITHM=COPY;"),
    sql("require-statement-timeout", Pg, true, "CREATE INDEX CONCURRENTLY i ON users (email);"),
    sql("require-statement-timeout", Pg, false, "SET statement_timeout = '10min'; CREATE INDEX CONCURRENTLY i ON users (email);"),
    sql("long-lock-held-across-statements", Pg, true, "BEGIN; ALTER TABLE users ADD COLUMN bio text; UPDATE users SET bio = ''; COMMIT;"),
    sql("long-lock-held-across-statements", Pg, false, "BEGIN; ALTER TABLE users ADD COLUMN bio text; COMMIT; UPDATE users SET bio = '';"),
    sql("backfill-in-migration", Pg, true, "UPDATE users SET plan = 'free';"),
    sql("backfill-in-migration", Pg, false, "CREATE TABLE t (a int); UPDATE t SET a = 1;"),
    sql("backfill-in-migration", My, true, "UPDATE users SET plan = 'free';"),
    sql("backfill-in-migration", My, false, "INSERT INTO settings (k, v) VALUES ('a', 'b');"),
    sql("backfill-in-migration", Lite, true, "UPDATE users SET plan = 'free';"),
    sql("backfill-in-migration", Lite, false, "INSERT INTO settings (k, v) VALUES ('a', 'b');"),
    sql("non-transactional-ddl-batch", My, true, "ALTER TABLE a ADD COLUMN x int; ALTER TABLE b ADD COLUMN y int;"),
    sql("non-transactional-ddl-batch", My, false, "ALTER TABLE a ADD COLUMN x int, ADD COLUMN y int;"),
    sql("transaction-control-misuse", Pg, true, "BEGIN; ALTER TABLE users ADD COLUMN bio text;"),
    sql("transaction-control-misuse", Pg, false, "BEGIN; ALTER TABLE users ADD COLUMN bio text; COMMIT;"),
    sql("transaction-control-misuse", My, true, "COMMIT;"),
    sql("transaction-control-misuse", My, false, "START TRANSACTION; UPDATE t SET a = 1; COMMIT;"),
    sql("transaction-control-misuse", Lite, true, "BEGIN; BEGIN; COMMIT;"),
    sql("transaction-control-misuse", Lite, false, "BEGIN; CREATE TABLE t (id int); COMMIT;"),
    sql("identifier-too-long", Pg, true, "CREATE TABLE this_table_name_is_far_too_long_for_postgres_which_cuts_at_63_bytes (id int);"),
    sql("identifier-too-long", Pg, false, "CREATE TABLE short_name (id int);"),
    sql("identifier-too-long", My, true, "CREATE TABLE this_table_name_is_far_too_long_for_mysql_which_refuses_over_64_chars (id int);"),
    sql("identifier-too-long", My, false, "CREATE TABLE short_name (id int);"),
    sql("unparsable-statement", Pg, true, "ALTER TABLE users FROBNICATE;"),
    sql("unparsable-statement", Pg, false, "ALTER TABLE users ADD COLUMN bio text;"),
    sql("unparsable-statement", My, true, "ALTER TABLE users FROBNICATE;"),
    sql("unparsable-statement", My, false, "ALTER TABLE users ADD COLUMN bio text;"),
    sql("unparsable-statement", Lite, true, "ALTER TABLE users FROBNICATE;"),
    sql("unparsable-statement", Lite, false, "ALTER TABLE users ADD COLUMN bio text;"),
    // MySQL/MariaDB.
    sql("mysql-copy-algorithm", My, true, "ALTER TABLE users ADD COLUMN bio text, ALGORITHM=COPY;"),
    sql("mysql-copy-algorithm", My, true, "ALTER TABLE users MODIFY COLUMN name varchar(20);"),
    sql("mysql-copy-algorithm", My, false, "ALTER TABLE users ADD COLUMN bio text, ALGORITHM=INSTANT;"),
    // An online change stated for what needs a copy: the server refuses it (a finding too).
    sql("mysql-copy-algorithm", My, true, "ALTER TABLE users MODIFY COLUMN name varchar(20), ALGORITHM=INPLACE, LOCK=NONE;"),
    // ALGORITHM=INSTANT for what this version makes only in place: the server refuses it.
    at("8.0.20", sql("mysql-copy-algorithm", My, true, "ALTER TABLE users DROP COLUMN bio, ALGORITHM=INSTANT;")),
    at("8.0.30", sql("mysql-copy-algorithm", My, false, "ALTER TABLE users DROP COLUMN bio, ALGORITHM=INSTANT;")),
    sql("mysql-lock-option", My, true, "ALTER TABLE users ADD INDEX i (name), LOCK=SHARED;"),
    sql("mysql-lock-option", My, false, "ALTER TABLE users ADD INDEX i (name), LOCK=NONE;"),
    sql("mysql-add-fk", My, true, "ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);"),
    sql("mysql-add-fk", My, false, "CREATE TABLE posts (id int, user_id int, CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id));"),
    // MariaDB: without checking the existing rows, in place.
    sql(
        "mysql-add-fk",
        My,
        false,
        "SET STATEMENT foreign_key_checks=0 FOR ALTER TABLE posts ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id), ALGORITHM=INPLACE, LOCK=NONE;",
    ),
    sql("mysql-add-check", My, true, "ALTER TABLE users ADD CONSTRAINT age_check CHECK (age >= 0);"),
    sql("mysql-add-check", My, false, "CREATE TABLE people (age int, CONSTRAINT age_check CHECK (age >= 0));"),
    sql("mysql-implicit-default-backfill", My, true, "ALTER TABLE users ADD COLUMN score int NOT NULL;"),
    sql("mysql-implicit-default-backfill", My, false, "ALTER TABLE users ADD COLUMN score int NOT NULL DEFAULT 0;"),
    sql("mysql-inline-references-ignored", My, true, "CREATE TABLE posts (id int, user_id int REFERENCES users (id));"),
    sql("mysql-inline-references-ignored", My, false, "CREATE TABLE posts (id int, user_id int, FOREIGN KEY (user_id) REFERENCES users (id));"),
    plan("mysql-engine-change", My, true, engine_change),
    plan("mysql-engine-change", My, false, charset_change),
    plan("mysql-charset-change", My, true, charset_change),
    plan("mysql-charset-change", My, false, engine_change),
    live("mysql-osc-needed", My, true, engine_change, || facts(ProbeKind::Rows, 5_000_000)),
    live("mysql-osc-needed", My, false, engine_change, || facts(ProbeKind::Rows, 100)),
    live("mysql-set-not-null-non-strict", My, true, set_not_null, || strict(false)),
    live("mysql-set-not-null-non-strict", My, false, set_not_null, || strict(true)),
    sql("drop-partition", My, true, "ALTER TABLE events DROP PARTITION p2020;"),
    sql("drop-partition", My, false, "ALTER TABLE events ADD COLUMN note text;"),
    plan("drop-partition", Pg, true, drop_a_partition),
    plan("drop-partition", Pg, false, drop_free_sequence),
    plan("mysql-enum-set-change", My, true, enum_reordered),
    plan("mysql-enum-set-change", My, false, enum_appended),
    plan("mysql-varchar-resize", My, true, grow_varchar_across_prefix),
    plan("mysql-varchar-resize", My, false, grow_varchar),
    // SQLite.
    sql("sqlite-unsupported-alter", Lite, true, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"),
    sql("sqlite-unsupported-alter", Lite, false, "ALTER TABLE users RENAME COLUMN email TO mail;"),
    sql("sqlite-add-column-restrictions", Lite, true, "ALTER TABLE users ADD COLUMN created_at text DEFAULT CURRENT_TIMESTAMP;"),
    sql("sqlite-add-column-restrictions", Lite, true, "ALTER TABLE users ADD COLUMN code text UNIQUE;"),
    plan("sqlite-set-not-null-rebuild", Lite, true, set_not_null),
    plan("sqlite-set-not-null-rebuild", Lite, false, set_not_null_with_default),
    live("osc-unique-change-silent-loss", My, true, add_unique, || large_with(None)),
    live("osc-unique-change-silent-loss", My, false, add_unique, || large_with(Some(0))),
    sql_on("sqlite-drop-column-restrictions", Lite, true, "ALTER TABLE users DROP COLUMN email;", sqlite_users),
    sql_on("sqlite-drop-column-restrictions", Lite, false, "ALTER TABLE users DROP COLUMN bio;", sqlite_users),
    // With the schema, a SQL file's type change is judged against the column's current type.
    sql_on("lossy-type-change", Pg, true, "SET lock_timeout = '1s'; ALTER TABLE users ALTER COLUMN name TYPE varchar(50);", pg_users),
    sql_on("pg-column-type-rewrite", Pg, false, "ALTER TABLE users ALTER COLUMN name TYPE varchar(300);", pg_users),
    sql("sqlite-rebuild-procedure", Lite, true, "BEGIN; PRAGMA foreign_keys = OFF; COMMIT;"),
    sql("sqlite-rebuild-procedure", Lite, true, "ALTER TABLE users RENAME TO users_old; CREATE TABLE users (id integer);"),
    sql("sqlite-rebuild-procedure", Lite, false, "PRAGMA foreign_keys = OFF; BEGIN; CREATE TABLE users_new (id integer); COMMIT;"),
    sql("sqlite-add-column-restrictions", Lite, false, "ALTER TABLE users ADD COLUMN created_at text DEFAULT '2026-01-01';"),
];

fn version(text: &str) -> crate::dialect::ServerVersion {
    text.parse().expect("a version")
}

fn findings(case: &Case) -> Vec<Finding> {
    let options = LintOptions { server_version: case.version.map(version), ..LintOptions::new(case.dialect) };
    match &case.input {
        Input::Sql(text) => lint_sql(text, &options),
        Input::Plan(changes) => lint_changes(&changes(), &options),
        Input::Live(changes, facts) => lint_changes(&changes(), &LintOptions { facts: facts(), ..options }),
        Input::SqlOn(text, schema) => lint_sql(text, &LintOptions { schema: Some(&schema()), ..options }),
    }
}

#[test]
fn every_case_fires_or_stays_quiet_as_expected() {
    let mut wrong = Vec::new();
    for case in CASES {
        let found = findings(case);
        if found.iter().any(|f| f.rule == case.rule) != case.fires {
            let input = match case.input {
                Input::Sql(text) => text.to_owned(),
                Input::Plan(_) | Input::Live(..) => "(a change set)".into(),
                Input::SqlOn(text, _) => format!("{text} (on a schema)"),
            };
            let rules: Vec<String> = found.iter().map(|f| format!("{}: {}", f.rule, f.message)).collect();
            wrong.push(format!(
                "{} on {:?} should {}fire: {input}\n    found {rules:?}",
                case.rule,
                case.dialect,
                if case.fires { "" } else { "not " }
            ));
        }
    }
    assert!(wrong.is_empty(), "{} cases wrong:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn every_rule_has_a_firing_and_a_quiet_case_on_each_of_its_dialects() {
    let mut missing = Vec::new();
    for rule in rules() {
        for dialect in rule.dialects {
            for fires in [true, false] {
                if !CASES.iter().any(|c| c.rule == rule.id && c.dialect == *dialect && c.fires == fires) {
                    missing.push(format!(
                        "{} on {dialect:?}: no {} case",
                        rule.id,
                        if fires { "firing" } else { "quiet" }
                    ));
                }
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    assert!(CASES.iter().all(|c| rule(c.rule).is_some()), "every case names a rule");
}

#[test]
fn rule_ids_are_unique_kebab_case_and_explained() {
    let mut ids: Vec<&str> = rules().iter().map(|r| r.id).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate rule ids");
    for rule in rules() {
        assert!(rule.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{}", rule.id);
        let text = explain(rule.id).unwrap();
        assert!(text.contains(rule.why) && text.contains(rule.instead), "{}", rule.id);
    }
    assert!(explain("no-such-rule").is_none());
}

#[test]
fn findings_carry_lines_and_inline_ignores_keep_their_reason() {
    let text = "ALTER TABLE users ADD COLUMN bio text;\n\n-- plumb:ignore drop-column nobody reads it since v12\nALTER TABLE users DROP COLUMN legacy;\nDROP TABLE old_stuff;\n";
    let found = lint_sql(text, &LintOptions { lock_timeout_set: true, ..LintOptions::new(Pg) });
    let drop_column = found.iter().find(|f| f.rule == "drop-column").unwrap();
    assert_eq!(drop_column.line, Some(4));
    assert_eq!(drop_column.ignored.as_deref(), Some("nobody reads it since v12"));
    assert!(!drop_column.blocks());
    let drop_table = found.iter().find(|f| f.rule == "drop-table").unwrap();
    assert_eq!(
        (drop_table.line, drop_table.ignored.as_ref()),
        (Some(5), None),
        "an ignore covers the next statement only"
    );
    assert!(drop_table.blocks());
}

#[test]
fn statements_split_at_top_level_semicolons_only() {
    let text = "CREATE FUNCTION f() RETURNS int AS $$ BEGIN; RETURN 1; END $$ LANGUAGE plpgsql;\nDROP TABLE t;";
    let found = lint_sql(text, &LintOptions::new(Pg));
    assert_eq!(found.iter().filter(|f| f.rule == "drop-table").map(|f| f.line).collect::<Vec<_>>(), [Some(2)]);
    assert!(found.iter().all(|f| f.rule != "unparsable-statement"), "{found:?}");

    let trigger = "CREATE TRIGGER t AFTER UPDATE ON a FOR EACH ROW BEGIN UPDATE b SET x = CASE WHEN 1 THEN 2 END; DELETE FROM c; END;\nDROP TABLE d;";
    let found = lint_sql(trigger, &LintOptions::new(Lite));
    assert!(found.iter().all(|f| f.rule != "unparsable-statement"), "{found:?}");
    assert_eq!(found.iter().filter(|f| f.rule == "drop-table").map(|f| f.line).collect::<Vec<_>>(), [Some(2)]);
}

#[test]
fn a_narrowing_type_change_counts_every_value_it_would_change() {
    let change = |from: (&str, TypeKind), to: (&str, TypeKind)| {
        modify(column("v", from.0, from.1), column("v", to.0, to.1), vec![ColumnAspect::Type])
    };
    let probes_of = |changes: ChangeSet, dialect| {
        let options = LintOptions::new(dialect);
        live::probes(&from_changes::operations(&changes), &options)
            .iter()
            .filter_map(|p| p.sql(dialect, false))
            .collect::<Vec<_>>()
    };
    let money = ("numeric(10,2)", TypeKind::Decimal { precision: Some(10), scale: Some(2) });
    assert_eq!(
        probes_of(change(money.clone(), ("integer", TypeKind::Integer)), Pg),
        [
            r#"SELECT count(*) FROM "users" WHERE ("v" <> round(CAST("v" AS numeric), 0)) OR ("v" < -2147483648 OR "v" > 2147483647)"#
        ],
        "19.99 would become 20: a fraction counts as well as the range"
    );
    assert_eq!(
        probes_of(change(money, ("decimal(5,1)", TypeKind::Decimal { precision: Some(5), scale: Some(1) })), My),
        ["SELECT count(*) FROM `users` WHERE (`v` <> round(`v`, 1)) OR (abs(`v`) >= 1e4)"]
    );
    let moment = ("timestamp", TypeKind::Timestamp { with_time_zone: false });
    assert_eq!(
        probes_of(change(moment.clone(), ("date", TypeKind::Date)), Lite),
        [r#"SELECT count(*) FROM "users" WHERE (time("v") <> '00:00:00')"#],
        "a date drops the time of day"
    );
    let with_time = || LintOptions {
        facts: facts(ProbeKind::ValuesChange { column: "v".into(), checks: vec![ValueCheck::TimeOfDay] }, 3),
        ..LintOptions::new(My)
    };
    let found = lint_changes(&change(moment, ("date", TypeKind::Date)), &with_time());
    let finding = found.iter().find(|f| f.rule == "lossy-type-change").expect("timestamp to date is a finding");
    assert_eq!(finding.severity, Severity::Block, "{finding:?}");
    assert!(finding.message.contains("3 current values would change"), "{finding:?}");
}

#[test]
fn live_numbers_name_the_data_and_adjust_the_severity() {
    let drop = || one_change(TableChange::DropColumn { column: column("legacy_id", "integer", TypeKind::Integer) });
    let with = |kind, n| LintOptions { facts: facts(kind, n), ..LintOptions::new(Pg) };
    let non_null = || ProbeKind::NonNull { column: "legacy_id".into() };
    let found = lint_changes(&drop(), &with(non_null(), 45_234));
    let finding = found.iter().find(|f| f.rule == "drop-column").unwrap();
    assert_eq!(finding.message, "drops column app.users.legacy_id holding 45,234 non-null values");
    assert_eq!(finding.severity, Severity::Block);
    let empty = lint_changes(&drop(), &with(non_null(), 0));
    assert_eq!(
        empty.iter().find(|f| f.rule == "drop-column").unwrap().severity,
        Severity::Warn,
        "an empty column loses nothing"
    );

    let too_long =
        || ProbeKind::ValuesChange { column: "name".into(), checks: vec![ValueCheck::Length { length: 50 }] };
    let found = lint_changes(&shrink_varchar(), &with(too_long(), 12));
    assert!(
        found.iter().any(|f| f.rule == "lossy-type-change"
            && f.severity == Severity::Block
            && f.message.ends_with("12 current values would change or be refused (longer than 50 characters)")),
        "{found:?}"
    );

    // The size gate: a blocking lock on a small table is brief.
    let index = || {
        one_change(TableChange::AddIndex {
            index: crate::model::Index::new("users_name_idx", vec![crate::model::IndexPart::column("name")]),
        })
    };
    let small = lint_changes(&index(), &with(ProbeKind::Rows, 120));
    let gated = small.iter().find(|f| f.rule == "pg-create-index-blocking").unwrap();
    assert_eq!(
        (gated.severity, gated.message.ends_with("(only 120 rows: over quickly)")),
        (Severity::Warn, true),
        "{gated:?}"
    );
    let large = lint_changes(&index(), &with(ProbeKind::Rows, 2_000_000));
    assert_eq!(large.iter().find(|f| f.rule == "pg-create-index-blocking").unwrap().severity, Severity::Block);
}

#[test]
fn probes_are_asked_only_for_tables_that_exist_before_the_migration() {
    let options = LintOptions::new(Pg);
    let ops = from_changes::operations(&set_not_null());
    assert_eq!(
        live::probes(&ops, &options),
        [Probe { table: users(), kind: ProbeKind::Nulls { columns: vec!["name".into()] } }]
    );
    let sql = "CREATE TABLE t (a int); ALTER TABLE t ALTER COLUMN a SET NOT NULL; ALTER TABLE u ADD CONSTRAINT k UNIQUE (x);\n\
               ALTER TABLE u ADD COLUMN y int; ALTER TABLE u ADD CONSTRAINT c CHECK (y > 0);";
    let ops: Vec<op::Op> = sql_file::operations(sql, Pg);
    let probes = live::probes(&ops, &options);
    assert_eq!(probes.len(), 1, "new tables and new columns hold nothing to count: {probes:?}");
    assert_eq!(probes[0].kind, ProbeKind::Duplicates { columns: vec!["x".into()] });
}

#[test]
fn statements_keep_their_text_as_written_and_their_first_line() {
    let text = "-- header\nCREATE TABLE t (a text DEFAULT 'it''s; fine');\n\n/* note */ CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nDROP TABLE t";
    let found = crate::lint::sql_file::statements(text, Dialect::Postgres).unwrap();
    assert_eq!(
        found,
        [
            (2, "CREATE TABLE t (a text DEFAULT 'it''s; fine')".to_owned()),
            (4, "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql".to_owned()),
            (5, "DROP TABLE t".to_owned()),
        ]
    );
    let err = crate::lint::sql_file::statements("SELECT 1;\nSELECT 'open", Dialect::Postgres).unwrap_err();
    assert!(err.starts_with("line "), "{err}");
}

#[test]
fn statements_follow_the_mysql_clients_delimiter_command() {
    let text = "CREATE TABLE t (a int);\nDELIMITER ;;\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.a = 1;\nEND;;\ndelimiter ;\nDROP TABLE t;\n";
    let found = crate::lint::sql_file::statements(text, Dialect::Mysql).unwrap();
    assert_eq!(
        found,
        [
            (1, "CREATE TABLE t (a int)".to_owned()),
            (3, "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN\n  SET NEW.a = 1;\nEND".to_owned()),
            (7, "DROP TABLE t".to_owned()),
        ]
    );
}

#[test]
fn statements_plumb_writes_read_in_its_own_linter() {
    let unread = |dialect, text: &str| {
        lint_sql(text, &LintOptions::new(dialect))
            .into_iter()
            .filter(|f| f.rule == "unparsable-statement")
            .map(|f| f.message)
            .collect::<Vec<_>>()
    };
    for text in [
        r#"ALTER SEQUENCE "public"."t_id_seq" OWNED BY "public"."t"."id";"#,
        r#"ALTER TABLE "public"."color" ALTER COLUMN "color_id" DROP IDENTITY;"#,
        r#"ALTER EXTENSION "pg_trgm" UPDATE TO '1.6';"#,
        "CREATE OR REPLACE PROCEDURE public.\"Add User\"(IN name text)\n LANGUAGE sql\nAS $procedure$ SELECT 1 $procedure$;",
        r#"COMMENT ON FUNCTION "public"."test_func"() IS 'This is a test function';"#,
        r#"COMMENT ON TRIGGER "test_trigger" ON "public"."test" IS 'Trigger comment';"#,
        "CREATE TRIGGER check_value BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION check_func('arg1', 'arg2');",
        r#"CREATE UNIQUE INDEX "function_index" ON "public"."test" USING btree ((jsonb_extract_path_text(col, VARIADIC ARRAY['foo'::text])));"#,
    ] {
        assert_eq!(unread(Pg, text), Vec::<String>::new(), "{text}");
    }
    for text in [
        "ALTER TABLE `users` RENAME INDEX `old_email_idx` TO `new_email_idx`;",
        "ALTER TABLE `prefecture` COMMENT = '都道府県マスター';",
        "ALTER TABLE `books` ADD COLUMN `stock` int NOT NULL DEFAULT 0,\n  RENAME INDEX `a` TO `b`,\n  DROP COLUMN `legacy`;",
    ] {
        assert_eq!(unread(My, text), Vec::<String>::new(), "{text}");
    }
    // Read without the parser, an index is still an index build and a dropped column still a drop.
    let index = lint_sql(
        r#"CREATE UNIQUE INDEX "function_index" ON "public"."test" USING btree ((jsonb_extract_path_text(col, VARIADIC ARRAY['foo'::text])));"#,
        &LintOptions { lock_timeout_set: true, ..LintOptions::new(Pg) },
    );
    assert!(
        index.iter().any(|f| f.rule == "pg-create-index-blocking" && f.message.contains("public.test")),
        "{index:?}"
    );
    let combined =
        lint_sql("ALTER TABLE `books` RENAME INDEX `a` TO `b`, DROP COLUMN `legacy`;", &LintOptions::new(My));
    assert!(combined.iter().any(|f| f.rule == "drop-column"), "{combined:?}");
    // A DO block (Prisma writes them for enums) is read by the statements of its body.
    let block = "DO $$ BEGIN\n CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;\nDO $$ BEGIN ALTER TABLE users DROP COLUMN legacy; END $$;";
    assert_eq!(unread(Pg, block), Vec::<String>::new());
    let inside = lint_sql(block, &LintOptions::new(Pg));
    assert!(inside.iter().any(|f| f.rule == "drop-column" && f.line == Some(6)), "{inside:?}");
    let unknown = unread(My, "ALTER TABLE `books` FROBNICATE `a`, DROP COLUMN `legacy`;");
    assert_eq!(unknown.len(), 1, "a clause nobody knows is still unreadable: {unknown:?}");
}
