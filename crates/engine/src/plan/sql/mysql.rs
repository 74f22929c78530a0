//! MySQL's and MariaDB's SQL. DDL commits by itself, so apply runs the steps one by one and
//! reports which ran. `MODIFY` restates the whole column: MySQL has no partial column change.

use super::{default_clause, referential_action, unsupported, SqlGen};
use crate::dialect::{quote_ident, quote_literal, Dialect};
use crate::diff::ColumnAspect;
use crate::model::{
    CheckConstraint, Column, ColumnExtras, ForeignKey, GeneratedStorage, Identity, Index, IndexKey, PrimaryKey,
    Routine, RoutineKind, Table, TableExtras, Trigger, UniqueConstraint, View,
};
use crate::plan::Step;
use crate::Result;

pub(super) struct Mysql;

fn q(name: &str) -> String {
    quote_ident(Dialect::Mysql, name)
}

/// The start of every statement that alters `table`: the clauses after it combine.
fn alter(table: &str) -> String {
    format!("ALTER TABLE {} ", q(table))
}

/// A column that becomes generated, stops being generated or changes how it is. One that stops
/// keeps its values: a regular column added beside it takes them, then takes its place. Any
/// other is dropped and added where it stands, computed afresh, with the indexes over it (which
/// went with it) made again.
fn regenerate_column(table: &Table, from: &Column, to: &Column) -> Result<Vec<String>> {
    let t = alter(&table.name);
    let c = q(&to.name);
    let at = table.columns.iter().position(|col| col.name == to.name);
    let place = match at.and_then(|i| i.checked_sub(1)).map(|i| &table.columns[i]) {
        Some(before) => format!(" AFTER {}", q(&before.name)),
        None => " FIRST".to_owned(),
    };
    if from.generated.is_some() && to.generated.is_none() {
        let new = crate::plan::online::new_column_name(&table.name, &to.name);
        let kept = q(&new);
        let def = column_def(&Column { name: new, ..to.clone() });
        return Ok(vec![
            format!("{t}ADD COLUMN {def} AFTER {c}"),
            format!("UPDATE {} SET {kept} = {c}", q(&table.name)),
            format!("{t}DROP COLUMN {c}, RENAME COLUMN {kept} TO {c}"),
        ]);
    }
    let mut sql = vec![format!("{t}DROP COLUMN {c}, ADD COLUMN {}{place}", column_def(to))];
    for index in &table.indexes {
        if index.parts.iter().any(|p| p.key == IndexKey::Column(to.name.clone())) {
            sql.push(format!("{t}ADD {}", index_clause(index)));
        }
    }
    for unique in table.unique_constraints.iter().filter(|u| u.columns.contains(&to.name)) {
        sql.push(format!("{t}ADD {}", unique_clause(unique)));
    }
    Ok(sql)
}

fn lit(text: &str) -> String {
    quote_literal(Dialect::Mysql, text)
}

fn columns(names: &[String]) -> String {
    names.iter().map(|n| q(n)).collect::<Vec<_>>().join(", ")
}

fn column_def(column: &Column) -> String {
    let mut sql = format!("{} {}", q(&column.name), column.column_type.raw);
    let (charset, on_update, invisible) = match &column.extras {
        Some(ColumnExtras::Mysql { charset, on_update, invisible }) => {
            (charset.as_deref(), on_update.as_deref(), *invisible)
        }
        None => (None, None, false),
    };
    if let Some(charset) = charset {
        sql.push_str(&format!(" CHARACTER SET {charset}"));
    }
    if let Some(collation) = &column.collation {
        sql.push_str(&format!(" COLLATE {collation}"));
    }
    if let Some(generated) = &column.generated {
        let storage = match generated.storage {
            GeneratedStorage::Stored => "STORED",
            GeneratedStorage::Virtual => "VIRTUAL",
        };
        sql.push_str(&format!(" GENERATED ALWAYS AS ({}) {storage}", generated.expression));
    }
    // MariaDB refuses NULL/NOT NULL on a generated column; MySQL's default for one is NULL.
    match (column.nullable, column.generated.is_some()) {
        (true, true) => {}
        (true, false) => sql.push_str(" NULL"),
        (false, _) => sql.push_str(" NOT NULL"),
    }
    if let Some(default) = &column.default {
        sql.push_str(&format!(" DEFAULT {}", default_clause(default)));
    }
    if let Some(on_update) = on_update {
        sql.push_str(&format!(" ON UPDATE {on_update}"));
    }
    if column.identity == Some(Identity::AutoIncrement) {
        sql.push_str(" AUTO_INCREMENT");
    }
    if invisible {
        sql.push_str(" INVISIBLE");
    }
    if let Some(comment) = &column.comment {
        sql.push_str(&format!(" COMMENT {}", lit(comment)));
    }
    sql
}

fn index_parts(index: &Index) -> String {
    index
        .parts
        .iter()
        .map(|part| {
            let mut text = match &part.key {
                IndexKey::Column(name) => q(name),
                IndexKey::Expression(expr) => format!("({expr})"),
            };
            if let Some(length) = part.prefix_length {
                text.push_str(&format!("({length})"));
            }
            if part.descending {
                text.push_str(" DESC");
            }
            text
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An index as a clause of CREATE or ALTER TABLE (`UNIQUE KEY`, `FULLTEXT KEY`, `KEY`).
fn index_clause(index: &Index) -> String {
    let kind = match index.method.as_deref() {
        Some(method) if method.eq_ignore_ascii_case("FULLTEXT") => "FULLTEXT KEY",
        Some(method) if method.eq_ignore_ascii_case("SPATIAL") => "SPATIAL KEY",
        _ if index.unique => "UNIQUE KEY",
        _ => "KEY",
    };
    let using = match index.method.as_deref() {
        Some(method) if method.eq_ignore_ascii_case("HASH") => " USING HASH",
        _ => "",
    };
    let comment = index.comment.as_ref().map(|c| format!(" COMMENT {}", lit(c))).unwrap_or_default();
    format!("{kind} {} ({}){using}{comment}", q(&index.name), index_parts(index))
}

fn unique_clause(unique: &UniqueConstraint) -> String {
    let name = unique.name.as_ref().map(|n| format!("{} ", q(n))).unwrap_or_default();
    let comment = unique.comment.as_ref().map(|c| format!(" COMMENT {}", lit(c))).unwrap_or_default();
    format!("UNIQUE KEY {name}({}){comment}", columns(&unique.columns))
}

fn check_clause(check: &CheckConstraint) -> String {
    let name = check.name.as_ref().map(|n| format!("CONSTRAINT {} ", q(n))).unwrap_or_default();
    format!("{name}CHECK ({})", check.expression)
}

fn table_options(table: &Table) -> String {
    let mut options = Vec::new();
    if let Some(TableExtras::Mysql { engine, collation, .. }) = &table.extras {
        if let Some(engine) = engine {
            options.push(format!("ENGINE={engine}"));
        }
        if let Some(collation) = collation {
            options.push(format!("COLLATE={collation}"));
        }
    }
    if let Some(comment) = &table.comment {
        options.push(format!("COMMENT={}", lit(comment)));
    }
    options.join(" ")
}

impl SqlGen for Mysql {
    fn transactional_ddl(&self) -> bool {
        false
    }

    fn combine_alters(&self, table: &str, steps: &[Step]) -> Option<Step> {
        let prefix = alter(table);
        let clauses: Vec<&str> = steps.iter().map(|s| s.sql.strip_prefix(&prefix)).collect::<Option<_>>()?;
        if clauses.len() < 2 {
            return None;
        }
        Some(Step {
            sql: format!("{prefix}{}", clauses.join(",\n  ")),
            description: format!(
                "change table {table}: {}",
                steps.iter().map(|s| s.description.as_str()).collect::<Vec<_>>().join("; ")
            ),
            // Decided once the plan is whole (`plan::loss`).
            data_loss: None,
            object: steps.iter().find_map(|s| s.object.clone()),
            impact: steps.iter().filter_map(|s| s.impact.clone()).max_by_key(crate::lint::locks::Impact::weight),
            run: crate::plan::Run::Transaction,
        })
    }

    fn create_table(&self, _schema: &str, table: &Table) -> Result<Vec<String>> {
        let mut parts: Vec<String> = table.columns.iter().map(column_def).collect();
        parts.extend(table.primary_key.iter().map(|pk| format!("PRIMARY KEY ({})", columns(&pk.columns))));
        parts.extend(table.unique_constraints.iter().map(unique_clause));
        parts.extend(table.indexes.iter().map(index_clause));
        parts.extend(table.checks.iter().map(check_clause));
        let options = table_options(table);
        let partition = match &table.extras {
            Some(TableExtras::Mysql { partition: Some(clause), .. }) => format!("\n{clause}"),
            _ => String::new(),
        };
        Ok(vec![format!(
            "CREATE TABLE {} (\n  {}\n){}{partition}",
            q(&table.name),
            parts.join(",\n  "),
            if options.is_empty() { String::new() } else { format!(" {options}") }
        )])
    }

    fn drop_table(&self, _schema: &str, table: &str) -> String {
        format!("DROP TABLE {}", q(table))
    }

    fn rename_table(&self, _schema: &str, from: &str, to: &str) -> String {
        format!("RENAME TABLE {} TO {}", q(from), q(to))
    }

    fn add_column(&self, _schema: &str, table: &str, column: &Column) -> Result<String> {
        Ok(format!("{}ADD COLUMN {}", alter(table), column_def(column)))
    }

    fn drop_column(&self, _schema: &str, table: &str, column: &str) -> String {
        format!("{}DROP COLUMN {}", alter(table), q(column))
    }

    fn rename_column(&self, _schema: &str, table: &str, from: &str, to: &str) -> String {
        format!("{}RENAME COLUMN {} TO {}", alter(table), q(from), q(to))
    }

    fn modify_column(
        &self,
        _schema: &str,
        table: &Table,
        from: &Column,
        to: &Column,
        aspects: &[ColumnAspect],
        _using: Option<&str>,
    ) -> Result<Vec<String>> {
        // MariaDB refuses MODIFY between a generated column and a regular one (error 1907),
        // MySQL between a stored and a virtual one.
        if aspects.contains(&ColumnAspect::Generated) {
            return regenerate_column(table, from, to);
        }
        Ok(vec![format!("{}MODIFY COLUMN {}", alter(&table.name), column_def(to))])
    }

    fn add_primary_key(&self, _schema: &str, table: &str, key: &PrimaryKey) -> Result<String> {
        Ok(format!("{}ADD PRIMARY KEY ({})", alter(table), columns(&key.columns)))
    }

    fn drop_primary_key(&self, _schema: &str, table: &str, _key: &PrimaryKey) -> Result<String> {
        Ok(format!("{}DROP PRIMARY KEY", alter(table)))
    }

    fn add_unique(&self, _schema: &str, table: &str, unique: &UniqueConstraint) -> Result<String> {
        Ok(format!("{}ADD {}", alter(table), unique_clause(unique)))
    }

    fn drop_unique(&self, _schema: &str, table: &str, unique: &UniqueConstraint) -> Result<String> {
        let Some(name) = &unique.name else { return unsupported(format!("dropping an unnamed unique key of {table}")) };
        Ok(format!("{}DROP INDEX {}", alter(table), q(name)))
    }

    fn add_check(&self, _schema: &str, table: &str, check: &CheckConstraint) -> Result<String> {
        Ok(format!("{}ADD {}", alter(table), check_clause(check)))
    }

    fn drop_check(&self, _schema: &str, table: &str, check: &CheckConstraint) -> Result<String> {
        let Some(name) = &check.name else {
            return unsupported(format!("dropping an unnamed check constraint of {table}"));
        };
        Ok(format!("{}DROP CONSTRAINT {}", alter(table), q(name)))
    }

    fn add_foreign_key(&self, schema: &str, table: &str, fk: &ForeignKey) -> Result<String> {
        let name = fk.name.as_ref().map(|n| format!("CONSTRAINT {} ", q(n))).unwrap_or_default();
        let target = match &fk.referenced_schema {
            Some(other) if other != schema => format!("{}.{}", q(other), q(&fk.referenced_table)),
            _ => q(&fk.referenced_table),
        };
        Ok(format!(
            "ALTER TABLE {} ADD {name}FOREIGN KEY ({}) REFERENCES {target} ({}) ON DELETE {} ON UPDATE {}",
            q(table),
            columns(&fk.columns),
            columns(&fk.referenced_columns),
            referential_action(fk.on_delete),
            referential_action(fk.on_update)
        ))
    }

    fn drop_foreign_key(&self, _schema: &str, table: &str, fk: &ForeignKey) -> Result<String> {
        let Some(name) = &fk.name else { return unsupported(format!("dropping an unnamed foreign key of {table}")) };
        Ok(format!("{}DROP FOREIGN KEY {}", alter(table), q(name)))
    }

    fn create_index(&self, _schema: &str, table: &str, index: &Index) -> Result<String> {
        Ok(format!("{}ADD {}", alter(table), index_clause(index)))
    }

    fn drop_index(&self, _schema: &str, table: &str, index: &Index) -> String {
        format!("{}DROP INDEX {}", alter(table), q(&index.name))
    }

    // MySQL 5.7 and MariaDB 10.5.2 rename in place.
    fn rename_index(&self, _schema: &str, table: &str, from: &str, to: &Index) -> Result<Vec<String>> {
        Ok(vec![format!("{}RENAME INDEX {} TO {}", alter(table), q(from), q(&to.name))])
    }

    fn keep_key_index(&self, _schema: &str, table: &str, index: &Index) -> Option<String> {
        Some(format!("{}RENAME INDEX {} TO {}", alter(table), q(&index.name), q(&index.name)))
    }

    fn table_comment(&self, _schema: &str, table: &str, comment: Option<&str>) -> Result<String> {
        Ok(format!("{}COMMENT = {}", alter(table), lit(comment.unwrap_or(""))))
    }

    fn table_options(&self, _schema: &str, from: &Table, to: &Table) -> Result<Vec<String>> {
        let (
            Some(TableExtras::Mysql { engine: e1, collation: c1, partition: p1 }),
            Some(TableExtras::Mysql { engine: e2, collation: c2, partition: p2 }),
        ) = (&from.extras, &to.extras)
        else {
            return unsupported(format!("changing the options of table {}", to.name));
        };
        let mut options = Vec::new();
        if let (true, Some(engine)) = (e1 != e2, e2) {
            options.push(format!("ENGINE={engine}"));
        }
        if let (true, Some(collation)) = (c1 != c2, c2) {
            options.push(format!("COLLATE={collation}"));
        }
        let mut sql = Vec::new();
        if !options.is_empty() {
            sql.push(format!("{}{}", alter(&to.name), options.join(" ")));
        }
        // Partitioned anew, or no more: the server copies every row into the new layout.
        if p1 != p2 {
            sql.push(format!("{}{}", alter(&to.name), p2.as_deref().unwrap_or("REMOVE PARTITIONING")));
        }
        Ok(sql)
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
        Ok(routine.definition.clone())
    }

    fn drop_routine(&self, _schema: &str, routine: &Routine) -> Result<String> {
        let kind = if routine.kind == RoutineKind::Procedure { "PROCEDURE" } else { "FUNCTION" };
        Ok(format!("DROP {kind} {}", q(&routine.name)))
    }

    fn backup_copy(&self, store: &str, backup: &str, _schema: &str, table: &str) -> Option<String> {
        Some(format!("CREATE TABLE {} AS SELECT * FROM {}", self.backup_ref(store, backup, table), q(table)))
    }

    // In the database itself, never in a database of their own: a grant on one database must not
    // reach the backups of another (<https://mariadb.com/kb/en/grant/#database-privileges>).
    fn backup_ref(&self, store: &str, backup: &str, _table: &str) -> String {
        // MySQL names hold 64 characters.
        q(&crate::dialect::within_bytes(format!("{store}_{backup}"), 64))
    }

    fn restore_rows(&self, _schema: &str, table: &Table, source: &str, names: &[String]) -> String {
        let list = columns(names);
        format!("INSERT INTO {} ({list}) SELECT {list} FROM {source}", q(&table.name))
    }

    fn restore_columns(&self, _schema: &str, table: &str, source: &str, key: &[String], names: &[String]) -> String {
        let set: Vec<String> = names.iter().map(|c| format!("cur.{} = bak.{}", q(c), q(c))).collect();
        let on: Vec<String> = key.iter().map(|k| format!("cur.{} = bak.{}", q(k), q(k))).collect();
        format!("UPDATE {} AS cur JOIN {source} AS bak ON {} SET {}", q(table), on.join(" AND "), set.join(", "))
    }
}
