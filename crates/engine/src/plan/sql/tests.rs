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
