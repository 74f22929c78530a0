use super::*;
use crate::diff::{Rename, RenameKind};
use crate::model::test_support::sample_database;
use crate::model::*;

fn table_mut<'a>(db: &'a mut Database, name: &str) -> &'a mut Table {
    db.schemas[0].tables.iter_mut().find(|t| t.name == name).expect("sample table")
}

fn right_text(object: &ObjectDiff) -> String {
    let lines: Vec<String> = object
        .ddl
        .rows
        .iter()
        .filter_map(|r| r.right.as_ref())
        .map(|l| l.segments.iter().map(|s| s.text.as_str()).collect())
        .collect();
    lines.join("\n")
}

fn emphasized_right(object: &ObjectDiff) -> Vec<String> {
    object
        .ddl
        .rows
        .iter()
        .filter_map(|r| r.right.as_ref())
        .flat_map(|l| l.segments.iter().filter(|s| s.emphasized).map(|s| s.text.clone()))
        .collect()
}

#[test]
fn identical_schemas_list_nothing() {
    let db = sample_database();
    let comparison = compare(&db, &db, &DiffOptions::default()).unwrap();
    assert!(comparison.objects.is_empty() && comparison.possible_renames.is_empty());
}

#[test]
fn each_differing_object_is_listed_once_with_its_ddl_on_the_right_side() {
    let from = sample_database();
    let mut to = from.clone();
    let users = table_mut(&mut to, "users");
    users.columns.iter_mut().find(|c| c.name == "email").unwrap().column_type =
        ColumnType::new("character varying(320)", TypeKind::Varchar { length: Some(320) });
    to.schemas[0].tables.retain(|t| t.name != "posts");
    to.schemas[0].views[0].definition = "SELECT id FROM users".into();
    to.schemas[0].enums.push(EnumType { name: "mood".into(), labels: vec!["ok".into()], comment: None });

    let comparison = compare(&from, &to, &DiffOptions::default()).unwrap();
    let listed: Vec<(ObjectKind, &str, DiffStatus)> =
        comparison.objects.iter().map(|o| (o.kind, o.name.as_str(), o.status)).collect();
    assert!(listed.contains(&(ObjectKind::Table, "users", DiffStatus::Changed)), "{listed:?}");
    assert!(listed.contains(&(ObjectKind::Table, "posts", DiffStatus::Removed)), "{listed:?}");
    assert!(listed.contains(&(ObjectKind::View, "active_users", DiffStatus::Changed)), "{listed:?}");
    assert!(listed.contains(&(ObjectKind::Enum, "mood", DiffStatus::Added)), "{listed:?}");

    let users = comparison.objects.iter().find(|o| o.name == "users").unwrap();
    assert_eq!(users.schema.as_deref(), Some("app"));
    assert!(matches!(users.table_changes.as_slice(), [TableChange::ModifyColumn { .. }]), "{:?}", users.table_changes);
    assert!(right_text(users).starts_with("CREATE TABLE \"app\".\"users\" ("), "{}", right_text(users));
    assert_eq!(emphasized_right(users), ["320"], "only what changed is emphasized");

    let posts = comparison.objects.iter().find(|o| o.name == "posts").unwrap();
    assert!(posts.ddl.rows.iter().all(|r| r.right.is_none()), "a removed table has no desired side");
    let left: Vec<&str> = posts
        .ddl
        .rows
        .iter()
        .flat_map(|r| r.left.iter().flat_map(|l| l.segments.iter().map(|s| s.text.as_str())))
        .collect();
    assert!(left.iter().any(|l| l.contains("FOREIGN KEY")), "foreign keys are part of the table's DDL: {left:?}");
}

#[test]
fn a_confirmed_table_rename_is_one_renamed_entry_and_possible_ones_are_offered() {
    let from = sample_database();
    let mut to = from.clone();
    table_mut(&mut to, "posts").name = "articles".into();
    for fk in &mut to.schemas[0].tables.iter_mut().flat_map(|t| t.foreign_keys.iter_mut()) {
        if fk.referenced_table == "posts" {
            fk.referenced_table = "articles".into();
        }
    }
    to.canonicalize();

    let guessed = compare(&from, &to, &DiffOptions::default()).unwrap();
    let statuses: Vec<(&str, DiffStatus)> = guessed.objects.iter().map(|o| (o.name.as_str(), o.status)).collect();
    assert!(statuses.contains(&("posts", DiffStatus::Removed)) && statuses.contains(&("articles", DiffStatus::Added)));
    let rename = guessed.possible_renames.iter().find(|r| r.kind == RenameKind::Table).expect("a possible rename");
    assert_eq!((rename.from.as_str(), rename.to.as_str()), ("posts", "articles"));

    let options =
        DiffOptions { renames: vec!["app.posts=app.articles".parse::<Rename>().unwrap()], ..Default::default() };
    let confirmed = compare(&from, &to, &options).unwrap();
    let articles: Vec<&ObjectDiff> = confirmed.objects.iter().filter(|o| o.kind == ObjectKind::Table).collect();
    assert_eq!(articles.len(), 1, "{:?}", confirmed.objects);
    assert_eq!((articles[0].name.as_str(), articles[0].previous_name.as_deref()), ("articles", Some("posts")));
    assert_eq!(articles[0].status, DiffStatus::Renamed);
    assert!(confirmed.possible_renames.is_empty());
    let left = articles[0].ddl.rows[0].left.as_ref().unwrap();
    assert!(left.segments.iter().any(|s| s.emphasized && s.text.contains("posts")), "{left:?}");
}
