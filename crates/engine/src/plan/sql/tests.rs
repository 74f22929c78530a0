//! The SQL each dialect writes for one change at a time, as a reviewer reads it: a change in,
//! the exact statements out (forward and back, and online where the dialect has it), kept as
//! insta snapshots beside this file, so that a planner change shows what it does to the SQL
//! without a database.

use std::fmt::Write;

use crate::dialect::{Flavor, ServerVersion};
use crate::diff::DiffOptions;
use crate::model::*;
use crate::plan::{plan, plan_with, script, Online};

/// `teams (id)` and `users (id, email, name)`, in the dialect's own type names.
fn base(flavor: Flavor) -> Database {
    let (big, text, varchar) = match flavor {
        Flavor::Postgres => ("bigint", "text", "character varying(255)"),
        Flavor::Sqlite => ("INTEGER", "TEXT", "VARCHAR(255)"),
        Flavor::Mysql | Flavor::Mariadb => ("bigint", "text", "varchar(255)"),
    };
    let key = |name: &str| Column { nullable: false, ..Column::new(name, ColumnType::new(big, TypeKind::BigInt)) };
    let mut teams = Table::new("teams");
    teams.columns = vec![key("id")];
    teams.primary_key = Some(PrimaryKey::new(vec!["id".into()]));
    let mut users = Table::new("users");
    users.columns = vec![
        key("id"),
        Column {
            nullable: false,
            ..Column::new("email", ColumnType::new(varchar, TypeKind::Varchar { length: Some(255) }))
        },
        Column::new("name", ColumnType::new(text, TypeKind::Text)),
    ];
    users.primary_key = Some(PrimaryKey::new(vec!["id".into()]));
    let version = match flavor {
        Flavor::Postgres => ServerVersion { major: 16, minor: 4, patch: 0 },
        Flavor::Mariadb => ServerVersion { major: 10, minor: 11, patch: 0 },
        Flavor::Mysql => ServerVersion { major: 8, minor: 0, patch: 36 },
        Flavor::Sqlite => ServerVersion { major: 3, minor: 45, patch: 0 },
    };
    let mut schema = Schema::new(if flavor == Flavor::Postgres { "public" } else { "main" });
    schema.tables = vec![teams, users];
    let mut db = Database::new(flavor, Some(version));
    db.schemas = vec![schema];
    db
}

fn users(db: &mut Database) -> &mut Table {
    db.schemas[0].tables.iter_mut().find(|t| t.name == "users").expect("users")
}

/// One change each: its name and what it does to the base schema.
type Change = (&'static str, fn(&mut Database, Flavor));

const CHANGES: &[Change] = &[
    ("add a nullable column", |db, _| {
        let bio = Column::new("bio", users(db).columns[2].column_type.clone());
        users(db).columns.push(bio);
    }),
    ("drop a column", |db, _| users(db).columns.retain(|c| c.name != "name")),
    ("widen a varchar", |db, flavor| {
        let raw = if flavor == Flavor::Postgres { "character varying(320)" } else { "varchar(320)" };
        users(db).columns[1].column_type = ColumnType::new(raw, TypeKind::Varchar { length: Some(320) });
    }),
    ("make a column NOT NULL", |db, _| users(db).columns[2].nullable = false),
    ("add an index", |db, _| {
        users(db).indexes.push(Index::new("users_name_idx", vec![IndexPart::column("name")]));
    }),
    ("add a unique constraint", |db, _| {
        let unique =
            UniqueConstraint { name: Some("users_email_key".into()), ..UniqueConstraint::new(vec!["email".into()]) };
        users(db).unique_constraints.push(unique);
    }),
    ("add a column with a foreign key", |db, _| {
        let team = Column::new("team_id", users(db).columns[0].column_type.clone());
        users(db).columns.push(team);
        let mut fk = ForeignKey::new(vec!["team_id".into()], "teams", vec!["id".into()]);
        fk.name = Some("users_team_fk".into());
        users(db).foreign_keys.push(fk);
        users(db).indexes.push(Index::new("users_team_idx", vec![IndexPart::column("team_id")]));
    }),
    ("add a check", |db, _| {
        let check = CheckConstraint { name: Some("users_email_check".into()), ..CheckConstraint::new("(email <> '')") };
        users(db).checks.push(check);
    }),
];

/// Every change's plan for `flavor`, forward, back and (where the dialect has it) online.
fn scripts(flavor: Flavor) -> String {
    let mut out = String::new();
    for (name, change) in CHANGES {
        let from = base(flavor);
        let mut to = from.clone();
        change(&mut to, flavor);
        let ordinary = plan(&from, &to, &DiffOptions::default()).expect("plans");
        let _ = writeln!(out, "==== {name}\n-- forward\n{}", script(flavor, &ordinary.steps));
        let _ = writeln!(out, "-- back\n{}", script(flavor, &ordinary.rollback));
        if flavor != Flavor::Sqlite {
            let how = Online { pt_online_schema_change: true };
            let online =
                plan_with(&from, &to, &DiffOptions::default(), Some(&how), &Default::default()).expect("plans");
            if online.steps.iter().map(|s| &s.sql).ne(ordinary.steps.iter().map(|s| &s.sql)) {
                let _ = writeln!(out, "-- online\n{}", script(flavor, &online.steps));
            }
        }
    }
    let from = base(flavor);
    let mut to = from.clone();
    users(&mut to).columns[2].name = "full_name".into();
    let renamed = DiffOptions::parse(&[], &[], &["users.name=users.full_name".into()]).expect("a rename");
    let rename = plan(&from, &to, &renamed).expect("plans");
    let _ = writeln!(out, "==== rename a column\n-- forward\n{}", script(flavor, &rename.steps));
    out
}

fn routine(name: &str, arguments: &str, returns: &str, body: &str) -> Routine {
    Routine {
        name: name.into(),
        kind: RoutineKind::Function,
        arguments: arguments.into(),
        returns: Some(returns.into()),
        language: "sql".into(),
        definition: format!(
            "CREATE OR REPLACE FUNCTION public.{name}({arguments})\n RETURNS {returns}\n LANGUAGE sql\nAS $function${body}$function$\n"
        ),
        comment: None,
    }
}

fn mood(labels: &[&str]) -> EnumType {
    EnumType { name: "mood".into(), labels: labels.iter().map(|l| (*l).into()).collect(), comment: None }
}

/// PostgreSQL changes whose statements depend on each other: each after what it needs.
const POSTGRES_DEPENDENCIES: &[Change] = &[
    ("remove an enum label a column uses", |db, _| {
        db.schemas[0].enums = vec![mood(&["sad", "happy"])];
        users(db).columns[3].default = Some("'sad'::mood".into());
    }),
    ("add an enum label a default uses", |db, _| {
        db.schemas[0].enums = vec![mood(&["sad", "ok", "happy", "ecstatic"])];
        users(db).columns[3].default = Some("'ecstatic'::mood".into());
    }),
    ("change a domain's check, default and NOT NULL", |db, _| {
        let domain = &mut db.schemas[0].domains[0];
        domain.checks =
            vec![CheckConstraint { name: Some("handle_check".into()), ..CheckConstraint::new("(length(VALUE) > 2)") }];
        domain.default = Some("'anonymous'::text".into());
        domain.nullable = false;
    }),
    ("a domain and a check calling new functions", |db, _| {
        db.schemas[0].routines.push(routine("is_handle", "v text", "boolean", "SELECT v ~ '^[a-z]+$'"));
        db.schemas[0].routines.push(routine("has_at", "v text", "boolean", "SELECT position('@' in v) > 0"));
        db.schemas[0].domains[0].checks =
            vec![CheckConstraint { name: Some("handle_check".into()), ..CheckConstraint::new("is_handle(VALUE)") }];
        users(db).checks.push(CheckConstraint {
            name: Some("users_email_check".into()),
            ..CheckConstraint::new("has_at((email)::text)")
        });
    }),
    ("functions calling functions created after them by name", |db, _| {
        db.schemas[0].routines.push(routine("a_outer", "n integer", "integer", "SELECT b_inner(n) + 1"));
        db.schemas[0].routines.push(routine("b_inner", "n integer", "integer", "SELECT n * 2"));
    }),
    ("change a function's result type", |db, _| {
        db.schemas[0].routines[0] = routine("score", "n integer", "bigint", "SELECT n::bigint");
    }),
    ("comment on a constraint", |db, _| {
        users(db).primary_key.as_mut().expect("a key").comment = Some("one row per person".into());
    }),
];

/// [`base`] with an enum column, a domain and a function, for [`POSTGRES_DEPENDENCIES`].
fn postgres_base() -> Database {
    let mut db = base(Flavor::Postgres);
    db.schemas[0].enums = vec![mood(&["sad", "ok", "happy"])];
    db.schemas[0].domains = vec![Domain {
        name: "handle".into(),
        data_type: "text".into(),
        nullable: true,
        default: None,
        collation: None,
        checks: Vec::new(),
        comment: None,
    }];
    db.schemas[0].routines = vec![routine("score", "n integer", "integer", "SELECT n")];
    let mood_column =
        Column { default: Some("'ok'::mood".into()), ..Column::new("mood", ColumnType::new("mood", TypeKind::Other)) };
    users(&mut db).columns.push(mood_column);
    users(&mut db).primary_key.as_mut().expect("a key").name = Some("users_pkey".into());
    db
}

#[test]
fn postgres_orders_what_depends_on_what() {
    let mut out = String::new();
    for (name, change) in POSTGRES_DEPENDENCIES {
        let from = postgres_base();
        let mut to = from.clone();
        change(&mut to, Flavor::Postgres);
        let plan = plan(&from, &to, &DiffOptions::default()).expect("plans");
        let _ = writeln!(out, "==== {name}\n-- forward\n{}", script(Flavor::Postgres, &plan.steps));
        let _ = writeln!(out, "-- back\n{}", script(Flavor::Postgres, &plan.rollback));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn postgres_writes_each_change() {
    insta::assert_snapshot!(scripts(Flavor::Postgres));
}

#[test]
fn mysql_writes_each_change() {
    insta::assert_snapshot!(scripts(Flavor::Mysql));
}

#[test]
fn mariadb_writes_each_change() {
    insta::assert_snapshot!(scripts(Flavor::Mariadb));
}

#[test]
fn sqlite_writes_each_change() {
    insta::assert_snapshot!(scripts(Flavor::Sqlite));
}
