//! Backups of the data a plan destroys, and the SQL that puts it back.
//!
//! Every table a data-losing step touches (a dropped table or column, a narrowing type change, a
//! dropped schema's tables) is copied whole before the run: PostgreSQL into the `plumb_backup`
//! schema, MySQL into `plumb_backup_…` tables of the same database, SQLite as a copy of the whole file
//! (`VACUUM INTO`). Restoring is two moves: re-create the structure (the plan's rollback), then
//! run the restore statements rendered here, which copy rows (for a dropped table) or values
//! matched on the primary key (for dropped or changed columns) back from the copy.

use serde::{Deserialize, Serialize};

use super::sql::for_dialect;
use super::Plan;
use crate::model::{Schema, Table};

/// The schema (PostgreSQL), table name prefix (MySQL: the copies stay in the database they copy)
/// or attached file alias (SQLite) backups live in.
pub const BACKUP_STORE: &str = "plumb_backup";

/// The statement that makes the place backups go before the first copy, where one is needed.
pub fn store_sql(flavor: crate::dialect::Flavor) -> Option<String> {
    for_dialect(flavor).backup_store(BACKUP_STORE)
}

/// Longest identifier every dialect accepts (MySQL: 64, PostgreSQL truncates past 63).
const MAX_NAME: usize = 63;

/// The backup of one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableBackup {
    /// The table, named as steps name it (`app.users`).
    pub table: String,
    /// Where the copy is, as restore statements name it.
    pub copy_name: String,
    /// The statement that makes the copy; `None` when the whole database file is copied.
    pub copy_sql: Option<String>,
    /// The statements that put the data back once the plan's rollback re-created the structure.
    pub restore_sql: Vec<String>,
    /// What restoring does, or why it cannot be done by statements alone.
    pub restore_note: String,
}

/// The backups `plan` needs before it runs, named for run `run`. `attach_file` is the backup
/// file's path where the dialect copies the whole database (SQLite).
pub fn backups(plan: &Plan, run: &str, attach_file: Option<&str>) -> Vec<TableBackup> {
    let gen = for_dialect(plan.flavor);
    let qualify = plan.flavor.has_schemas();
    let mut out: Vec<TableBackup> = Vec::new();
    for object in plan.steps.iter().filter(|s| s.data_loss.is_some()).filter_map(|s| s.object.as_deref()) {
        for (schema, table) in tables_named(plan, object) {
            let name = format!("{}.{}", schema.name, table.name);
            if out.iter().any(|b| b.table == name) {
                continue;
            }
            let backup = backup_name(run, qualify.then_some(schema.name.as_str()), &table.name);
            let source = gen.backup_ref(BACKUP_STORE, &backup, &table.name);
            // Without schemas the one namespace is the database, whose name may differ between
            // the two sides (a plan from `shop_dev` to `shop`).
            let desired_schema = if qualify { plan.to_part.schema(&schema.name) } else { plan.to_part.schemas.first() };
            let desired = desired_schema.and_then(|s| s.table(&table.name));
            let (statements, restore_note) = restore(plan, &schema.name, table, desired, &source);
            let restore_sql =
                match (statements.is_empty(), attach_file.and_then(|f| gen.attach_backup(BACKUP_STORE, f))) {
                    (false, Some(attach)) => std::iter::once(attach).chain(statements).collect(),
                    _ => statements,
                };
            out.push(TableBackup {
                table: name,
                copy_name: source,
                copy_sql: gen.backup_copy(BACKUP_STORE, &backup, &schema.name, &table.name),
                restore_sql,
                restore_note,
            });
        }
    }
    out
}

/// The restore statements of `backups` as one script that runs start to end with the dialect's
/// own client: a statement they share (SQLite's `ATTACH` of the backup file) comes once.
pub fn restore_script(backups: &[TableBackup]) -> String {
    let mut seen = std::collections::BTreeSet::new();
    backups
        .iter()
        .flat_map(|b| &b.restore_sql)
        .filter(|sql| seen.insert(sql.as_str()))
        .map(|sql| format!("{sql};\n"))
        .collect()
}

/// The tables of the current schema a step's object names: one table, or every table of a schema.
fn tables_named<'a>(plan: &'a Plan, object: &str) -> Vec<(&'a Schema, &'a Table)> {
    let mut found = Vec::new();
    for schema in &plan.from_part.schemas {
        if schema.name == object {
            found.extend(schema.tables.iter().map(|t| (schema, t)));
        }
        found.extend(
            schema
                .tables
                .iter()
                .filter(|t| {
                    object.strip_prefix(schema.name.as_str()).and_then(|r| r.strip_prefix('.')) == Some(&t.name)
                })
                .map(|t| (schema, t)),
        );
    }
    found
}

/// `<run>_<schema>_<table>`, cut to a length every dialect accepts.
fn backup_name(run: &str, schema: Option<&str>, table: &str) -> String {
    let name = match schema {
        Some(schema) => format!("{run}_{schema}_{table}"),
        None => format!("{run}_{table}"),
    };
    crate::dialect::within_bytes(name, MAX_NAME)
}

/// The statements that put `table`'s data back into the desired schema's structure (after the
/// rollback re-created what was dropped), and what they do.
fn restore(plan: &Plan, schema: &str, table: &Table, desired: Option<&Table>, source: &str) -> (Vec<String>, String) {
    let (statements, note) = restore_data(plan, schema, table, desired, source);
    // The table's own triggers would fire on the restore's INSERT or UPDATE and rewrite what it
    // puts back (a `touch updated_at` trigger stamps every row with the time of the restore):
    // they are set aside while the data goes back, and re-created as the starting schema has them.
    let gen = for_dialect(plan.flavor);
    let triggers: Vec<&crate::model::Trigger> = plan
        .from_part
        .schemas
        .iter()
        .filter(|s| s.name == schema)
        .flat_map(|s| s.triggers.iter())
        .filter(|t| t.table == table.name)
        .collect();
    if statements.is_empty() || triggers.is_empty() {
        return (statements, note);
    }
    let mut wrapped: Vec<String> = triggers.iter().map(|t| gen.drop_trigger(schema, t)).collect();
    wrapped.extend(statements);
    wrapped.extend(triggers.iter().map(|t| gen.create_trigger(schema, t)));
    let names: Vec<&str> = triggers.iter().map(|t| t.name.as_str()).collect();
    (wrapped, format!("{note}, with trigger(s) {} set aside meanwhile so they do not rewrite it", names.join(", ")))
}

fn restore_data(
    plan: &Plan,
    schema: &str,
    table: &Table,
    desired: Option<&Table>,
    source: &str,
) -> (Vec<String>, String) {
    let gen = for_dialect(plan.flavor);
    let writable: Vec<String> =
        table.columns.iter().filter(|c| c.generated.is_none()).map(|c| c.name.clone()).collect();
    let Some(desired) = desired else {
        let sql = gen.restore_rows(schema, table, source, &writable);
        return (vec![sql], format!("copies every row of {} back into the re-created table", table.name));
    };
    let lost: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.generated.is_none())
        .filter(|c| desired.columns.iter().find(|d| d.name == c.name).is_none_or(|d| d.column_type != c.column_type))
        .map(|c| c.name.clone())
        .collect();
    if lost.is_empty() {
        return (Vec::new(), format!("the copy of {} holds every row as it was before the run", table.name));
    }
    let Some(key) = &table.primary_key else {
        return (
            Vec::new(),
            format!(
                "{} has no primary key to match rows on: copy the values of {} back from {source} by hand",
                table.name,
                lost.join(", ")
            ),
        );
    };
    let sql = gen.restore_columns(schema, &table.name, source, &key.columns, &lost);
    (vec![sql], format!("puts the values of {} back, matching rows on the primary key", lost.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Flavor;
    use crate::model::{Column, ColumnType, Database, PrimaryKey, Schema, Table, TypeKind};

    fn database(flavor: Flavor, schema: &str, columns: &[&str]) -> Database {
        let mut db = Database::new(flavor, None);
        let mut users = Table::new("users");
        users.columns = columns.iter().map(|c| Column::new(*c, ColumnType::new("text", TypeKind::Text))).collect();
        users.primary_key = Some(PrimaryKey::new(vec!["id".into()]));
        let mut notes = Table::new("notes");
        notes.columns = vec![Column::new("body", ColumnType::new("text", TypeKind::Text))];
        let mut s = Schema::new(schema);
        s.tables = vec![notes, users];
        db.schemas = vec![s];
        db
    }

    #[test]
    fn a_dropped_column_is_copied_and_matched_back_on_the_key() {
        let from = database(Flavor::Postgres, "app", &["id", "email", "legacy"]);
        let mut to = database(Flavor::Postgres, "app", &["id", "email"]);
        to.schemas[0].tables.retain(|t| t.name == "users");
        let plan = crate::plan::plan(&from, &to, &Default::default()).unwrap();
        let found = backups(&plan, "r20261122", None);
        let names: Vec<&str> = found.iter().map(|b| b.table.as_str()).collect();
        assert_eq!(names, ["app.notes", "app.users"], "{found:#?}");
        let users = &found[1];
        assert_eq!(
            users.copy_sql.as_deref(),
            Some("LOCK TABLE \"app\".\"users\" IN SHARE MODE;\nCREATE TABLE \"plumb_backup\".\"r20261122_app_users\" AS TABLE \"app\".\"users\"")
        );
        assert_eq!(
            users.restore_sql,
            ["UPDATE \"app\".\"users\" AS cur SET \"legacy\" = bak.\"legacy\" FROM \"plumb_backup\".\"r20261122_app_users\" AS bak WHERE cur.\"id\" = bak.\"id\""]
        );
        assert_eq!(
            found[0].restore_sql,
            ["INSERT INTO \"app\".\"notes\" (\"body\") SELECT \"body\" FROM \"plumb_backup\".\"r20261122_app_notes\""]
        );
    }

    #[test]
    fn sqlite_restores_from_the_attached_file_and_mysql_from_the_backup_database() {
        let from = database(Flavor::Sqlite, "main", &["id", "legacy"]);
        let to = database(Flavor::Sqlite, "main", &["id"]);
        let plan = crate::plan::plan(&from, &to, &Default::default()).unwrap();
        let found = backups(&plan, "r1", Some("/tmp/it's/backup.sqlite"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].copy_sql, None);
        assert_eq!(found[0].restore_sql[0], "ATTACH DATABASE '/tmp/it''s/backup.sqlite' AS \"plumb_backup\"");
        assert!(found[0].restore_sql[1]
            .starts_with("UPDATE \"users\" AS cur SET \"legacy\" = bak.\"legacy\" FROM \"plumb_backup\".\"users\""));

        let from = database(Flavor::Mariadb, "shop_dev", &["id", "legacy"]);
        let to = database(Flavor::Mariadb, "shop", &["id"]);
        let plan = crate::plan::plan(&from, &to, &Default::default()).unwrap();
        let found = backups(&plan, &"r".repeat(70), None);
        let copy = found[0].copy_sql.as_deref().unwrap();
        assert!(copy.starts_with("CREATE TABLE `plumb_backup_rrr"), "in the database it copies: {copy}");
        assert!(found[0].restore_sql[0].starts_with("UPDATE `users` AS cur JOIN"), "{:?}", found[0].restore_sql);
        assert!(found[0].copy_name.len() <= 64 + "``".len(), "names fit every server: {}", found[0].copy_name);
    }

    #[test]
    fn a_plan_that_destroys_nothing_needs_no_backup() {
        let from = database(Flavor::Postgres, "app", &["id"]);
        let to = database(Flavor::Postgres, "app", &["id", "email"]);
        let plan = crate::plan::plan(&from, &to, &Default::default()).unwrap();
        assert!(backups(&plan, "r1", None).is_empty());
    }
}
