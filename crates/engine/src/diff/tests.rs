use super::*;
use crate::dialect::Flavor;
use crate::model::test_support::sample_database;
use crate::model::*;

fn table_mut<'a>(db: &'a mut Database, name: &str) -> &'a mut Table {
    db.schemas[0].tables.iter_mut().find(|t| t.name == name).expect("sample table")
}

fn modify_table<'a>(set: &'a ChangeSet, name: &str) -> &'a [TableChange] {
    set.changes
        .iter()
        .find_map(|c| match c {
            SchemaChange::ModifyTable { table, changes, .. } if table == name => Some(changes.as_slice()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{name} is modified in {:#?}", set.changes))
}

#[test]
fn identical_schemas_have_no_changes() {
    let db = sample_database();
    let set = diff(&db, &db.clone(), &DiffOptions::default()).unwrap();
    assert!(set.is_empty() && set.possible_renames.is_empty(), "{set:#?}");
}

#[test]
fn row_counts_and_server_versions_are_not_changes() {
    let from = sample_database();
    let mut to = from.clone();
    to.server_version = None;
    table_mut(&mut to, "users").stats = Some(TableStats::exact(999));
    assert!(diff(&from, &to, &DiffOptions::default()).unwrap().is_empty());
}

#[test]
fn columns_are_added_dropped_and_modified_with_the_aspects_that_change() {
    let from = sample_database();
    let mut to = from.clone();
    let users = table_mut(&mut to, "users");
    users.columns.retain(|c| c.name != "email_lower");
    users.columns.push(Column::new("nickname", ColumnType::new("text", TypeKind::Text)));
    let status = users.columns.iter_mut().find(|c| c.name == "status").unwrap();
    status.nullable = false;
    status.default = Some("'gone'::user_status".into());
    let set = diff(&from, &to, &DiffOptions::default()).unwrap();
    let changes = modify_table(&set, "users");
    assert!(matches!(&changes[0], TableChange::DropColumn { column } if column.name == "email_lower"), "{changes:#?}");
    assert!(changes.iter().any(|c| matches!(c, TableChange::AddColumn { column } if column.name == "nickname")));
    assert!(changes.iter().any(|c| matches!(c,
        TableChange::ModifyColumn { to, aspects, .. } if to.name == "status" && aspects == &[ColumnAspect::Nullability, ColumnAspect::Default])));
}

#[test]
fn keys_constraints_indexes_comments_and_options_are_compared() {
    let from = sample_database();
    let mut to = from.clone();
    let users = table_mut(&mut to, "users");
    users.indexes[0].parts.push(IndexPart::column("email"));
    users.indexes.push(Index::new("users_new_idx", vec![IndexPart::column("status")]));
    users.checks[0].not_valid = false;
    users.comment = None;
    if let Some(TableExtras::Postgres { policies, .. }) = &mut users.extras {
        policies.clear();
    }
    let posts = table_mut(&mut to, "posts");
    posts.foreign_keys[0].on_delete = ReferentialAction::Restrict;
    posts.primary_key = None;

    let set = diff(&from, &to, &DiffOptions::default()).unwrap();
    let users = modify_table(&set, "users");
    assert!(users.iter().any(|c| matches!(c, TableChange::ModifyIndex { to, .. } if to.parts.len() == 2)));
    assert!(users.iter().any(|c| matches!(c, TableChange::AddIndex { index } if index.name == "users_new_idx")));
    assert!(users.iter().any(|c| matches!(c, TableChange::ModifyCheck { to, .. } if !to.not_valid)));
    assert!(users.iter().any(|c| matches!(c, TableChange::ModifyComment { to: None, .. })));
    assert!(users.iter().any(|c| matches!(c, TableChange::ModifyOptions { .. })));
    let posts = modify_table(&set, "posts");
    assert!(posts.iter().any(|c| matches!(c, TableChange::DropPrimaryKey { .. })));
    assert!(posts
        .iter()
        .any(|c| matches!(c, TableChange::ModifyForeignKey { to, .. } if to.on_delete == ReferentialAction::Restrict)));
}

#[test]
fn unnamed_constraints_match_by_what_they_cover() {
    let mut from = Database::new(Flavor::Sqlite, None);
    let mut schema = Schema::new("main");
    let mut t = Table::new("t");
    t.columns = vec![Column::new("a", ColumnType::new("INTEGER", TypeKind::Integer))];
    t.checks = vec![CheckConstraint::new("a > 0")];
    t.unique_constraints = vec![UniqueConstraint::new(vec!["a".into()])];
    schema.tables.push(t);
    from.schemas.push(schema);
    let mut to = from.clone();
    assert!(diff(&from, &to, &DiffOptions::default()).unwrap().is_empty());
    to.schemas[0].tables[0].checks = vec![CheckConstraint::new("a > 1")];
    let set = diff(&from, &to, &DiffOptions::default()).unwrap();
    let changes = modify_table(&set, "t");
    assert!(matches!(changes, [TableChange::DropCheck { .. }, TableChange::AddCheck { .. }]), "{changes:#?}");
}

#[test]
fn sqlite_and_mysql_types_compare_without_case_or_spacing() {
    let mut from = Database::new(Flavor::Sqlite, None);
    let mut schema = Schema::new("main");
    let mut t = Table::new("t");
    t.columns = vec![Column::new("a", ColumnType::new("varchar( 20 )", TypeKind::Varchar { length: Some(20) }))];
    schema.tables.push(t);
    from.schemas.push(schema);
    let mut to = from.clone();
    to.schemas[0].tables[0].columns[0].column_type.raw = "VARCHAR(20)".into();
    assert!(diff(&from, &to, &DiffOptions::default()).unwrap().is_empty());
    let (mut pg_from, mut pg_to) = (from.clone(), to.clone());
    pg_from.flavor = Flavor::Postgres;
    pg_to.flavor = Flavor::Postgres;
    assert!(!diff(&pg_from, &pg_to, &DiffOptions::default()).unwrap().is_empty(), "PostgreSQL spells types one way");
}

#[test]
fn schema_level_objects_are_compared() {
    let from = sample_database();
    let mut to = from.clone();
    let app = &mut to.schemas[0];
    app.enums[0].labels.push("banned".into());
    app.views[0].definition.push_str(" AND true");
    app.sequences.clear();
    app.routines[0].definition.push(' ');
    app.triggers[0].condition = None;
    to.extensions[0].version = "1.4".into();
    let set = diff(&from, &to, &DiffOptions::default()).unwrap();
    let kinds: Vec<&str> = set
        .changes
        .iter()
        .map(|c| match c {
            SchemaChange::ModifyEnum { .. } => "enum",
            SchemaChange::ModifyView { .. } => "view",
            SchemaChange::DropSequence { .. } => "sequence",
            SchemaChange::ModifyRoutine { .. } => "routine",
            SchemaChange::ModifyTrigger { .. } => "trigger",
            SchemaChange::ModifyExtension { .. } => "extension",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["enum", "sequence", "view", "routine", "trigger", "extension"]);
}

#[test]
fn schemas_are_added_and_dropped_with_their_objects() {
    let from = sample_database();
    let mut to = from.clone();
    to.schemas[0].name = "app2".into();
    let set = diff(&from, &to, &DiffOptions::default()).unwrap();
    assert!(matches!(&set.changes[0], SchemaChange::AddSchema { name } if name == "app2"));
    assert!(matches!(set.changes.last(), Some(SchemaChange::DropSchema { name }) if name == "app"));
    assert!(set.changes.iter().any(|c| matches!(c, SchemaChange::DropTable { schema, .. } if schema == "app")));
}

#[test]
fn excluded_objects_and_other_schemas_are_left_out() {
    let from = sample_database();
    let mut to = from.clone();
    to.schemas[0].tables.retain(|t| t.name != "posts");
    let options = DiffOptions { exclude: vec![glob::Pattern::new("app.po*").unwrap()], ..DiffOptions::default() };
    assert!(diff(&from, &to, &options).unwrap().is_empty());
    let options = DiffOptions { schemas: vec!["other".into()], ..DiffOptions::default() };
    assert!(diff(&from, &to, &options).unwrap().is_empty());
    assert!(!diff(&from, &to, &DiffOptions::default()).unwrap().is_empty());
}

#[test]
fn different_dialects_are_refused() {
    let from = sample_database();
    let mut to = from.clone();
    to.flavor = Flavor::Mysql;
    let err = diff(&from, &to, &DiffOptions::default()).unwrap_err();
    assert!(err.to_string().contains("cannot compare a PostgreSQL schema with a MySQL schema"), "{err}");
    to.flavor = Flavor::Mariadb;
    let mut mysql = from.clone();
    mysql.flavor = Flavor::Mysql;
    assert!(diff(&mysql, &to, &DiffOptions::default()).is_ok(), "MariaDB is a flavor of MySQL");
}

fn renamed_column_pair() -> (Database, Database) {
    let from = sample_database();
    let mut to = from.clone();
    let users = table_mut(&mut to, "users");
    users.columns.iter_mut().find(|c| c.name == "email").unwrap().name = "email_address".into();
    users.unique_constraints[0].columns = vec!["email_address".into()];
    users.indexes.iter_mut().for_each(|i| {
        i.include.iter_mut().filter(|c| *c == "email").for_each(|c| *c = "email_address".into());
    });
    (from, to)
}

#[test]
fn a_column_of_the_same_shape_is_only_a_possible_rename() {
    let (from, to) = renamed_column_pair();
    let set = diff(&from, &to, &DiffOptions::default()).unwrap();
    assert_eq!(
        set.possible_renames,
        [PossibleRename {
            kind: RenameKind::Column,
            schema: "app".into(),
            table: Some("users".into()),
            from: "email".into(),
            to: "email_address".into(),
            confirm: "--rename users.email=users.email_address".into(),
        }]
    );
    let changes = modify_table(&set, "users");
    assert!(changes.iter().any(|c| matches!(c, TableChange::DropColumn { .. })), "not guessed: {changes:#?}");
}

#[test]
fn a_confirmed_column_rename_carries_its_keys_and_indexes_along() {
    let (from, to) = renamed_column_pair();
    let options =
        DiffOptions { renames: vec!["users.email=users.email_address".parse().unwrap()], ..DiffOptions::default() };
    let set = diff(&from, &to, &options).unwrap();
    assert!(set.possible_renames.is_empty());
    assert_eq!(
        modify_table(&set, "users"),
        [TableChange::RenameColumn { from: "email".into(), to: "email_address".into() }],
        "the unique key and the index follow the column"
    );
}

#[test]
fn a_confirmed_table_rename_carries_foreign_keys_and_triggers_along() {
    let from = sample_database();
    let mut to = from.clone();
    table_mut(&mut to, "users").name = "people".into();
    table_mut(&mut to, "posts").foreign_keys[0].referenced_table = "people".into();
    to.schemas[0].triggers[0].table = "people".into();
    to.canonicalize();
    let guessed = diff(&from, &to, &DiffOptions::default()).unwrap();
    assert_eq!(guessed.possible_renames[0].confirm, "--rename app.users=app.people");
    let options = DiffOptions { renames: vec!["users=people".parse().unwrap()], ..DiffOptions::default() };
    let set = diff(&from, &to, &options).unwrap();
    assert_eq!(
        set.changes,
        [SchemaChange::RenameTable { schema: "app".into(), from: "users".into(), to: "people".into() }]
    );
}

#[test]
fn renames_that_name_nothing_are_errors() {
    let db = sample_database();
    let options = DiffOptions { renames: vec!["users.nope=users.other".parse().unwrap()], ..DiffOptions::default() };
    let err = diff(&db, &db, &options).unwrap_err();
    assert!(err.to_string().starts_with("rename users.nope=users.other:"), "{err}");
    for bad in ["users", "a.b=c", "=x", "a.b.c.d=a.b.c.e"] {
        assert!(bad.parse::<Rename>().is_err(), "{bad}");
    }
}

#[test]
fn the_change_set_has_a_stable_json_shape() {
    let (from, to) = renamed_column_pair();
    insta::assert_json_snapshot!(diff(&from, &to, &DiffOptions::default()).unwrap());
}

#[test]
fn an_index_under_another_name_is_renamed_and_a_different_one_is_not() {
    let mut from = sample_database();
    let mut email = Index::new("users.email_unique", vec![IndexPart::column("email")]);
    email.unique = true;
    table_mut(&mut from, "users").indexes.push(email);
    let mut to = from.clone();
    let users = table_mut(&mut to, "users");
    let at = users.indexes.iter().position(|i| i.name == "users.email_unique").unwrap();
    users.indexes[at].name = "users_email_key".into();
    let set = diff(&from, &to, &DiffOptions::default()).unwrap();
    match modify_table(&set, "users") {
        [TableChange::RenameIndex { from, to }] => {
            assert_eq!((from.as_str(), to.name.as_str()), ("users.email_unique", "users_email_key"))
        }
        other => panic!("one rename: {other:#?}"),
    }
    let users = table_mut(&mut to, "users");
    let at = users.indexes.iter().position(|i| i.name == "users_email_key").unwrap();
    users.indexes[at].unique = false;
    let set = diff(&from, &to, &DiffOptions::default()).unwrap();
    let kinds: Vec<&str> = modify_table(&set, "users")
        .iter()
        .map(|c| match c {
            TableChange::AddIndex { .. } => "add",
            TableChange::DropIndex { .. } => "drop",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["drop", "add"], "a different index is dropped and created");
}

#[test]
fn enum_labels_compare_as_a_set_where_asked_and_new_labels_follow_the_current_ones() {
    let mut from = Database::new(crate::dialect::Flavor::Postgres, None);
    let mut schema = Schema::new("public");
    schema.enums.push(EnumType { name: "status".into(), labels: vec!["a".into(), "b".into()], comment: None });
    from.schemas.push(schema);
    let mut to = from.clone();
    to.schemas[0].enums[0].labels = vec!["b".into(), "a".into()];
    assert_eq!(diff(&from, &to, &DiffOptions::default()).unwrap().changes.len(), 1, "order counts by default");
    let as_set = DiffOptions { enum_labels_as_set: true, ..DiffOptions::default() };
    assert!(diff(&from, &to, &as_set).unwrap().is_empty());
    to.schemas[0].enums[0].labels = vec!["c".into(), "b".into(), "a".into()];
    let changes = diff(&from, &to, &as_set).unwrap();
    let [SchemaChange::ModifyEnum { to: desired, .. }] = changes.changes.as_slice() else { panic!("{changes:?}") };
    assert_eq!(desired.labels, ["a", "b", "c"], "the new label after the current ones");
}
