//! SQLite's SQL. `ALTER TABLE` can only add, rename and drop columns, so any other change rebuilds
//! the table with the documented procedure (https://www.sqlite.org/lang_altertable.html#otheralter):
//! create the new table under a temporary name, copy every row, drop the old table, rename the new
//! one, re-create its indexes. The plan's views and triggers are dropped before and re-created
//! after (the order module does that), and apply runs it with `foreign_keys=OFF` and a
//! `foreign_key_check` before commit.

use super::{default_clause, referential_action, unsupported, SqlGen};
use crate::dialect::{quote_ident, quote_literal, Dialect};
use crate::diff::{ColumnAspect, TableChange};
use crate::model::{
    CheckConstraint, Column, Deferrable, ForeignKey, GeneratedStorage, Identity, Index, IndexKey, PrimaryKey, Routine,
    Table, TableExtras, Trigger, UniqueConstraint, View,
};
use crate::Result;

pub(super) struct Sqlite;

fn q(name: &str) -> String {
    quote_ident(Dialect::Sqlite, name)
}

fn named(name: &Option<String>) -> String {
    name.as_ref().map(|n| format!("CONSTRAINT {} ", q(n))).unwrap_or_default()
}

fn columns(names: &[String]) -> String {
    names.iter().map(|n| q(n)).collect::<Vec<_>>().join(", ")
}

/// A column as CREATE TABLE and ADD COLUMN write it. An AUTOINCREMENT column carries its
/// primary key here, the only place SQLite accepts the keyword.
fn column_def(column: &Column) -> String {
    let mut sql = q(&column.name);
    if !column.column_type.raw.is_empty() {
        sql.push(' ');
        sql.push_str(&column.column_type.raw);
    }
    if column.identity == Some(Identity::AutoIncrement) {
        sql.push_str(" PRIMARY KEY AUTOINCREMENT");
    }
    if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        sql.push_str(&format!(" DEFAULT {}", default_clause(default)));
    }
    if let Some(collation) = &column.collation {
        sql.push_str(&format!(" COLLATE {}", q(collation)));
    }
    if let Some(generated) = &column.generated {
        let storage = match generated.storage {
            GeneratedStorage::Stored => "STORED",
            GeneratedStorage::Virtual => "VIRTUAL",
        };
        sql.push_str(&format!(" GENERATED ALWAYS AS ({}) {storage}", generated.expression));
    }
    sql
}

fn foreign_key_clause(fk: &ForeignKey) -> String {
    let deferrable = match fk.deferrable {
        Deferrable::NotDeferrable => "",
        Deferrable::InitiallyImmediate => " DEFERRABLE INITIALLY IMMEDIATE",
        Deferrable::InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
    };
    format!(
        "{}FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}{deferrable}",
        named(&fk.name),
        columns(&fk.columns),
        q(&fk.referenced_table),
        columns(&fk.referenced_columns),
        referential_action(fk.on_delete),
        referential_action(fk.on_update),
    )
}

/// CREATE TABLE under `name` (the desired name, or a temporary one during a rebuild).
fn create_table_as(table: &Table, name: &str) -> String {
    let mut parts: Vec<String> = table.columns.iter().map(column_def).collect();
    let autoincrement = table.columns.iter().any(|c| c.identity == Some(Identity::AutoIncrement));
    if let Some(pk) = table.primary_key.as_ref().filter(|_| !autoincrement) {
        parts.push(format!("{}PRIMARY KEY ({})", named(&pk.name), columns(&pk.columns)));
    }
    parts
        .extend(table.unique_constraints.iter().map(|u| format!("{}UNIQUE ({})", named(&u.name), columns(&u.columns))));
    parts.extend(table.checks.iter().map(|c| format!("{}CHECK ({})", named(&c.name), c.expression)));
    parts.extend(table.foreign_keys.iter().map(foreign_key_clause));
    let mut options = Vec::new();
    if let Some(TableExtras::Sqlite { without_rowid, strict }) = &table.extras {
        if *without_rowid {
            options.push("WITHOUT ROWID");
        }
        if *strict {
            options.push("STRICT");
        }
    }
    format!(
        "CREATE TABLE {} (\n  {}\n){}",
        q(name),
        parts.join(",\n  "),
        if options.is_empty() { String::new() } else { format!(" {}", options.join(", ")) }
    )
}

fn index_sql(table: &str, index: &Index) -> String {
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|part| {
            let mut text = match &part.key {
                IndexKey::Column(name) => q(name),
                IndexKey::Expression(expr) => expr.clone(),
            };
            if let Some(collation) = &part.collation {
                text.push_str(&format!(" COLLATE {}", q(collation)));
            }
            if part.descending {
                text.push_str(" DESC");
            }
            text
        })
        .collect();
    let predicate = index.predicate.as_ref().map(|p| format!(" WHERE {p}")).unwrap_or_default();
    format!(
        "CREATE {}INDEX {} ON {} ({}){predicate}",
        if index.unique { "UNIQUE " } else { "" },
        q(&index.name),
        q(table),
        parts.join(", ")
    )
}

/// Whether ALTER TABLE ADD COLUMN can add this column
/// (https://www.sqlite.org/lang_altertable.html#altertabaddcol).
fn addable(column: &Column) -> bool {
    let constant_default = column.default.as_deref().is_some_and(|d| {
        let clause = default_clause(d);
        !clause.starts_with('(') && !d.to_ascii_uppercase().starts_with("CURRENT_") && !d.eq_ignore_ascii_case("NULL")
    });
    column.identity.is_none()
        && column.generated.as_ref().is_none_or(|g| g.storage == GeneratedStorage::Virtual)
        && column.default.as_deref().is_none_or(|_| constant_default)
        && (column.nullable || constant_default)
}

impl SqlGen for Sqlite {
    fn transactional_ddl(&self) -> bool {
        true
    }

    // One writer at a time: a rebuild holds the write lock for its whole copy, online or not.
    fn online_ddl(&self) -> bool {
        false
    }

    fn inline_foreign_keys(&self) -> bool {
        true
    }

    fn script_guard(&self) -> Option<(&'static str, &'static str)> {
        // As Prisma's SQLite migrations do: checks wait for the end, and none fire while a
        // table is dropped and created again.
        Some((
            "PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\n",
            "PRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;\n",
        ))
    }

    fn needs_rebuild(&self, changes: &[TableChange]) -> bool {
        changes.iter().any(|change| match change {
            TableChange::AddIndex { .. }
            | TableChange::DropIndex { .. }
            | TableChange::ModifyIndex { .. }
            | TableChange::RenameIndex { .. }
            | TableChange::RenameColumn { .. } => false,
            TableChange::AddColumn { column } => !addable(column),
            _ => true,
        })
    }

    fn rebuild_table(&self, _schema: &str, from: &Table, to: &Table, changes: &[TableChange]) -> Result<Vec<String>> {
        let temporary = format!("_plumb_new_{}", to.name);
        let renamed: Vec<(&str, &str)> = changes
            .iter()
            .filter_map(|c| match c {
                TableChange::RenameColumn { from, to } => Some((from.as_str(), to.as_str())),
                _ => None,
            })
            .collect();
        // Every desired column that has a source: same name, or its name before a rename.
        // Generated columns compute themselves.
        let (targets, sources): (Vec<String>, Vec<String>) = to
            .columns
            .iter()
            .filter(|c| c.generated.is_none())
            .filter_map(|c| {
                let source = renamed.iter().find(|(_, new)| *new == c.name).map_or(c.name.as_str(), |(old, _)| old);
                from.column(source).filter(|s| s.generated.is_none()).map(|_| (q(&c.name), q(source)))
            })
            .unzip();
        let mut sql = vec![
            create_table_as(to, &temporary),
            format!(
                "INSERT INTO {} ({}) SELECT {} FROM {}",
                q(&temporary),
                targets.join(", "),
                sources.join(", "),
                q(&from.name)
            ),
            format!("DROP TABLE {}", q(&from.name)),
            format!("ALTER TABLE {} RENAME TO {}", q(&temporary), q(&to.name)),
        ];
        sql.extend(to.indexes.iter().map(|i| index_sql(&to.name, i)));
        Ok(sql)
    }

    fn create_table(&self, _schema: &str, table: &Table) -> Result<Vec<String>> {
        let mut sql = vec![create_table_as(table, &table.name)];
        sql.extend(table.indexes.iter().map(|i| index_sql(&table.name, i)));
        Ok(sql)
    }

    fn drop_table(&self, _schema: &str, table: &str) -> String {
        format!("DROP TABLE {}", q(table))
    }

    fn rename_table(&self, _schema: &str, from: &str, to: &str) -> String {
        format!("ALTER TABLE {} RENAME TO {}", q(from), q(to))
    }

    fn add_column(&self, _schema: &str, table: &str, column: &Column) -> Result<String> {
        Ok(format!("ALTER TABLE {} ADD COLUMN {}", q(table), column_def(column)))
    }

    fn drop_column(&self, _schema: &str, table: &str, column: &str) -> String {
        format!("ALTER TABLE {} DROP COLUMN {}", q(table), q(column))
    }

    fn rename_column(&self, _schema: &str, table: &str, from: &str, to: &str) -> String {
        format!("ALTER TABLE {} RENAME COLUMN {} TO {}", q(table), q(from), q(to))
    }

    fn modify_column(
        &self,
        _schema: &str,
        table: &Table,
        _from: &Column,
        to: &Column,
        _aspects: &[ColumnAspect],
        _using: Option<&str>,
    ) -> Result<Vec<String>> {
        unsupported(format!("changing column {}.{} without rebuilding the table", table.name, to.name))
    }

    fn add_primary_key(&self, _schema: &str, table: &str, _key: &PrimaryKey) -> Result<String> {
        unsupported(format!("adding a primary key to {table} without rebuilding it"))
    }

    fn drop_primary_key(&self, _schema: &str, table: &str, _key: &PrimaryKey) -> Result<String> {
        unsupported(format!("dropping the primary key of {table} without rebuilding it"))
    }

    fn add_unique(&self, _schema: &str, table: &str, _unique: &UniqueConstraint) -> Result<String> {
        unsupported(format!("adding a unique constraint to {table} without rebuilding it"))
    }

    fn drop_unique(&self, _schema: &str, table: &str, _unique: &UniqueConstraint) -> Result<String> {
        unsupported(format!("dropping a unique constraint of {table} without rebuilding it"))
    }

    fn add_check(&self, _schema: &str, table: &str, _check: &CheckConstraint) -> Result<String> {
        unsupported(format!("adding a check constraint to {table} without rebuilding it"))
    }

    fn drop_check(&self, _schema: &str, table: &str, _check: &CheckConstraint) -> Result<String> {
        unsupported(format!("dropping a check constraint of {table} without rebuilding it"))
    }

    fn add_foreign_key(&self, _schema: &str, table: &str, _fk: &ForeignKey) -> Result<String> {
        unsupported(format!("adding a foreign key to {table} without rebuilding it"))
    }

    fn drop_foreign_key(&self, _schema: &str, table: &str, _fk: &ForeignKey) -> Result<String> {
        unsupported(format!("dropping a foreign key of {table} without rebuilding it"))
    }

    fn create_index(&self, _schema: &str, table: &str, index: &Index) -> Result<String> {
        Ok(index_sql(table, index))
    }

    fn drop_index(&self, _schema: &str, _table: &str, index: &Index) -> String {
        format!("DROP INDEX {}", q(&index.name))
    }

    fn table_comment(&self, _schema: &str, table: &str, _comment: Option<&str>) -> Result<String> {
        unsupported(format!("a comment on table {table} (SQLite has no comments)"))
    }

    fn table_options(&self, _schema: &str, from: &Table, _to: &Table) -> Result<Vec<String>> {
        unsupported(format!("changing the options of table {} without rebuilding it", from.name))
    }

    fn create_view(&self, _schema: &str, view: &View) -> String {
        format!("CREATE VIEW {} AS {}", q(&view.name), view.definition)
    }

    fn drop_view(&self, _schema: &str, view: &View) -> String {
        format!("DROP VIEW {}", q(&view.name))
    }

    fn create_trigger(&self, _schema: &str, trigger: &Trigger) -> String {
        trigger.definition.clone()
    }

    fn drop_trigger(&self, _schema: &str, trigger: &Trigger) -> String {
        format!("DROP TRIGGER {}", q(&trigger.name))
    }

    fn create_routine(&self, _schema: &str, routine: &Routine) -> Result<String> {
        unsupported(format!("routine {} (SQLite has none)", routine.name))
    }

    fn drop_routine(&self, _schema: &str, routine: &Routine) -> Result<String> {
        unsupported(format!("routine {} (SQLite has none)", routine.name))
    }

    fn backup_copy(&self, _store: &str, _backup: &str, _schema: &str, _table: &str) -> Option<String> {
        None
    }

    fn backup_ref(&self, store: &str, _backup: &str, table: &str) -> String {
        format!("{}.{}", q(store), q(table))
    }

    fn attach_backup(&self, store: &str, file: &str) -> Option<String> {
        Some(format!("ATTACH DATABASE {} AS {}", quote_literal(Dialect::Sqlite, file), q(store)))
    }

    fn restore_rows(&self, _schema: &str, table: &Table, source: &str, names: &[String]) -> String {
        let list = columns(names);
        format!("INSERT INTO {} ({list}) SELECT {list} FROM {source}", q(&table.name))
    }

    fn restore_columns(&self, _schema: &str, table: &str, source: &str, key: &[String], names: &[String]) -> String {
        // UPDATE … FROM: SQLite 3.33+.
        let set: Vec<String> = names.iter().map(|c| format!("{} = bak.{}", q(c), q(c))).collect();
        let on: Vec<String> = key.iter().map(|k| format!("cur.{} = bak.{}", q(k), q(k))).collect();
        format!("UPDATE {} AS cur SET {} FROM {source} AS bak WHERE {}", q(table), set.join(", "), on.join(" AND "))
    }
}
