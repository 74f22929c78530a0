//! SQL rendering, one file per dialect with the same shape. Every identifier goes through
//! [`quote_ident`](crate::dialect::quote_ident) and every text through
//! [`quote_literal`](crate::dialect::quote_literal); nothing is pasted in unquoted except
//! expressions the database itself printed (defaults, checks, view queries, trigger bodies).
//!
//! See `postgres.rs` for a full implementation. Objects a dialect does not have (enum types on
//! SQLite) never reach it; their defaults say so instead of producing SQL.

mod mysql;
pub(in crate::plan) mod postgres;
mod sqlite;
#[cfg(test)]
mod tests;

use super::Step;
use crate::dialect::Flavor;
use crate::diff::{ColumnAspect, TableChange};
use crate::model::{
    CheckConstraint, Column, Domain, EnumType, Extension, ForeignKey, Index, Inherits, PartitionOf, PrimaryKey,
    ReferentialAction, Routine, Rule, Sequence, SequenceOwner, Table, Trigger, UniqueConstraint, View,
};
use crate::{Error, Result};

fn unsupported<T>(what: String) -> Result<T> {
    Err(Error::UnsupportedChange { what })
}

/// The statements that replace an enum type by a new one of the same name.
pub(crate) struct EnumSwap {
    /// Renames the old type out of the way.
    pub(crate) set_aside: String,
    /// Creates the new type.
    pub(crate) create: String,
    /// Drops the old type, once no column uses it.
    pub(crate) drop: String,
}

/// A table's policies out of the way of its changes, and back.
#[derive(Default)]
pub(crate) struct PolicyStatements {
    pub(crate) drop: Vec<String>,
    pub(crate) create: Vec<String>,
}

/// How one dialect writes each statement of a plan.
pub(crate) trait SqlGen: Sync {
    /// Whether DDL runs inside a transaction (and so a plan runs all or nothing).
    fn transactional_ddl(&self) -> bool;
    /// Whether the server changes tables while the application reads and writes them
    /// (`CONCURRENTLY`, `ALGORITHM=INPLACE`), so that an online plan runs phase by phase.
    fn online_ddl(&self) -> bool {
        true
    }
    /// Whether foreign keys are part of CREATE TABLE only (SQLite), not added by ALTER TABLE.
    fn inline_foreign_keys(&self) -> bool {
        false
    }
    /// Whether changing or dropping a column that a view reads fails (PostgreSQL), so views are
    /// dropped and re-created around such changes.
    fn views_depend_on_columns(&self) -> bool {
        false
    }
    /// Whether `CREATE` of a routine replaces an existing one (PostgreSQL `CREATE OR REPLACE`).
    fn replaces_routines(&self) -> bool {
        false
    }
    /// Joins the statements of one table's changes into one, where the server checks keys only
    /// after a whole `ALTER TABLE` (MySQL: an `AUTO_INCREMENT` column needs its key in the same
    /// statement, an index a foreign key relies on can only be replaced in one). `None` keeps them
    /// apart.
    fn combine_alters(&self, _table: &str, _steps: &[Step]) -> Option<Step> {
        None
    }
    /// What a migration file runs before and after its statements, when the server needs it
    /// (SQLite: foreign keys off, so that tables can be rebuilt under the rows that use them).
    fn script_guard(&self) -> Option<(&'static str, &'static str)> {
        None
    }
    /// Whether some of a table's changes need the table rebuilt (SQLite).
    fn needs_rebuild(&self, _changes: &[TableChange]) -> bool {
        false
    }
    /// Rebuilds a table into its desired shape, keeping every row.
    fn rebuild_table(&self, _schema: &str, from: &Table, _to: &Table, _changes: &[TableChange]) -> Result<Vec<String>> {
        unsupported(format!("rebuilding table {}", from.name))
    }

    /// Whether `from` must be made again to become `to`, its rows carried over
    /// ([`Self::hold_rows`], [`Self::return_rows`]): PostgreSQL cannot change how a table is
    /// partitioned in place.
    fn remade(&self, _from: &Table, _to: &Table) -> bool {
        false
    }
    /// The statements that keep the rows `table` holds itself in table `holder` beside it;
    /// `None` where it holds none (a partitioned table's rows are its partitions').
    fn hold_rows(&self, _schema: &str, _table: &Table, _holder: &str) -> Option<String> {
        None
    }
    /// The statements that put the rows `from` held, kept in `holder`, into table `into` (made
    /// again), and drop the holder; identity columns go on after the highest value.
    fn return_rows(&self, _into: (&str, &Table), _from: &Table, _holder: (&str, &str)) -> Vec<String> {
        Vec::new()
    }
    /// Takes partition `table` out of its partitioned table, keeping its rows.
    fn detach_partition(&self, schema: &str, table: &str, _of: &PartitionOf) -> Result<String> {
        unsupported(format!("detaching partition {schema}.{table}"))
    }
    /// Makes `table` a partition of the table `of` names, for the values `of` bounds.
    fn attach_partition(&self, schema: &str, table: &str, _of: &PartitionOf) -> Result<String> {
        unsupported(format!("attaching {schema}.{table} as a partition"))
    }

    /// Keeps `index` of `table` when a named foreign key on its columns is added: MariaDB
    /// replaces an index it made itself for a foreign key by one named after the new constraint,
    /// unless the index was altered since (renaming it to its own name is enough). `None` where
    /// the server keeps it anyway.
    fn keep_key_index(&self, _schema: &str, _table: &str, _index: &Index) -> Option<String> {
        None
    }
    fn create_rule(&self, schema: &str, table: &str, rule: &Rule) -> Result<String> {
        unsupported(format!("creating rule {} on {schema}.{table}", rule.name))
    }
    fn drop_rule(&self, schema: &str, table: &str, rule: &Rule) -> Result<String> {
        unsupported(format!("dropping rule {} on {schema}.{table}", rule.name))
    }
    /// Makes `table`, which has every column of `parent` already, inherit from it.
    fn inherit(&self, schema: &str, table: &str, parent: &Inherits) -> Result<String> {
        unsupported(format!("making {schema}.{table} inherit from {}", parent.table))
    }
    /// Ends `table`'s inheritance from `parent`; the columns stay.
    fn no_inherit(&self, schema: &str, table: &str, parent: &Inherits) -> Result<String> {
        unsupported(format!("ending the inheritance of {schema}.{table} from {}", parent.table))
    }
    /// Checks the existing rows against constraint `name`, added `NOT VALID` before.
    fn validate_constraint(&self, schema: &str, table: &str, name: &str) -> Result<String> {
        let _ = schema;
        unsupported(format!("validating constraint {name} of {table}"))
    }

    fn create_schema(&self, name: &str) -> Result<String> {
        unsupported(format!("creating schema {name}"))
    }
    fn drop_schema(&self, name: &str) -> Result<String> {
        unsupported(format!("dropping schema {name}"))
    }
    fn comment_schema(&self, name: &str, _comment: Option<&str>) -> Result<String> {
        unsupported(format!("commenting on schema {name}"))
    }
    fn create_extension(&self, extension: &Extension) -> Result<String> {
        unsupported(format!("installing extension {}", extension.name))
    }
    fn update_extension(&self, extension: &Extension) -> Result<String> {
        unsupported(format!("updating extension {}", extension.name))
    }
    fn drop_extension(&self, extension: &Extension) -> Result<String> {
        unsupported(format!("removing extension {}", extension.name))
    }
    fn create_enum(&self, schema: &str, enum_type: &EnumType) -> Result<String> {
        unsupported(format!("creating enum {schema}.{}", enum_type.name))
    }
    fn modify_enum(&self, schema: &str, _from: &EnumType, to: &EnumType) -> Result<Vec<String>> {
        unsupported(format!("changing enum {schema}.{}", to.name))
    }
    fn drop_enum(&self, schema: &str, enum_type: &EnumType) -> Result<String> {
        unsupported(format!("dropping enum {schema}.{}", enum_type.name))
    }
    /// How enum `from` is replaced by `to` where labels go or move: the old type renamed out of
    /// the way, the new one created under its name, (columns cast to it), the old one dropped.
    fn swap_enum(&self, schema: &str, from: &EnumType, to: &EnumType) -> Result<EnumSwap> {
        let _ = from;
        unsupported(format!("removing or reordering labels of enum {schema}.{}", to.name))
    }
    fn create_domain(&self, schema: &str, domain: &Domain) -> Result<String> {
        unsupported(format!("creating domain {schema}.{}", domain.name))
    }
    fn drop_domain(&self, schema: &str, domain: &Domain) -> Result<String> {
        unsupported(format!("dropping domain {schema}.{}", domain.name))
    }
    /// The comment of a table's constraint `name`.
    fn comment_constraint(&self, _schema: &str, table: &str, name: &str, _text: Option<&str>) -> Result<String> {
        unsupported(format!("commenting on constraint {name} of {table}"))
    }
    /// The statements that turn domain `from` into `to`, in place.
    fn modify_domain(&self, schema: &str, _from: &Domain, to: &Domain) -> Result<Vec<String>> {
        unsupported(format!("changing domain {schema}.{}", to.name))
    }
    fn create_sequence(&self, schema: &str, sequence: &Sequence) -> Result<String> {
        unsupported(format!("creating sequence {schema}.{}", sequence.name))
    }
    fn modify_sequence(&self, schema: &str, _from: &Sequence, to: &Sequence) -> Result<Vec<String>> {
        unsupported(format!("changing sequence {schema}.{}", to.name))
    }
    fn sequence_owner(&self, schema: &str, sequence: &Sequence, _owner: Option<&SequenceOwner>) -> Result<String> {
        unsupported(format!("changing the owner of sequence {schema}.{}", sequence.name))
    }
    fn drop_sequence(&self, schema: &str, sequence: &Sequence) -> Result<String> {
        unsupported(format!("dropping sequence {schema}.{}", sequence.name))
    }

    /// CREATE TABLE with columns, keys, checks and indexes (and foreign keys where inline), and
    /// what goes with it (comments, row-level security).
    fn create_table(&self, schema: &str, table: &Table) -> Result<Vec<String>>;
    fn drop_table(&self, schema: &str, table: &str) -> String;
    fn rename_table(&self, schema: &str, from: &str, to: &str) -> String;
    fn add_column(&self, schema: &str, table: &str, column: &Column) -> Result<String>;
    fn drop_column(&self, schema: &str, table: &str, column: &str) -> String;
    fn rename_column(&self, schema: &str, table: &str, from: &str, to: &str) -> String;
    /// Drops a column from `table` only, where tables inheriting from it keep theirs.
    fn drop_own_column(&self, schema: &str, table: &str, column: &str) -> String {
        self.drop_column(schema, table, column)
    }
    fn modify_column(
        &self,
        schema: &str,
        table: &Table,
        from: &Column,
        to: &Column,
        aspects: &[ColumnAspect],
        using: Option<&str>,
    ) -> Result<Vec<String>>;
    fn add_primary_key(&self, schema: &str, table: &str, key: &PrimaryKey) -> Result<String>;
    fn drop_primary_key(&self, schema: &str, table: &str, key: &PrimaryKey) -> Result<String>;
    fn add_unique(&self, schema: &str, table: &str, unique: &UniqueConstraint) -> Result<String>;
    fn drop_unique(&self, schema: &str, table: &str, unique: &UniqueConstraint) -> Result<String>;
    fn add_check(&self, schema: &str, table: &str, check: &CheckConstraint) -> Result<String>;
    fn drop_check(&self, schema: &str, table: &str, check: &CheckConstraint) -> Result<String>;
    fn add_foreign_key(&self, schema: &str, table: &str, fk: &ForeignKey) -> Result<String>;
    fn drop_foreign_key(&self, schema: &str, table: &str, fk: &ForeignKey) -> Result<String>;
    fn create_index(&self, schema: &str, table: &str, index: &Index) -> Result<String>;
    fn drop_index(&self, schema: &str, table: &str, index: &Index) -> String;
    /// Renames an index; where the server cannot, drops it and creates it again.
    fn rename_index(&self, schema: &str, table: &str, from: &str, to: &Index) -> Result<Vec<String>> {
        let old = Index { name: from.to_owned(), ..to.clone() };
        Ok(vec![self.drop_index(schema, table, &old), self.create_index(schema, table, to)?])
    }
    fn table_comment(&self, schema: &str, table: &str, comment: Option<&str>) -> Result<String>;
    fn table_options(&self, schema: &str, from: &Table, to: &Table) -> Result<Vec<String>>;
    /// The row-level security policies of a table to drop before its columns change and to
    /// create after: those that go or change, and those over `columns`, whose type changes.
    fn policies_around(&self, _schema: &str, _from: &Table, _to: &Table, _columns: &[&str]) -> PolicyStatements {
        PolicyStatements::default()
    }
    fn create_view(&self, schema: &str, view: &View) -> String;
    fn drop_view(&self, schema: &str, view: &View) -> String;
    fn create_trigger(&self, schema: &str, trigger: &Trigger) -> String;
    fn drop_trigger(&self, schema: &str, trigger: &Trigger) -> String;
    fn create_routine(&self, schema: &str, routine: &Routine) -> Result<String>;
    fn drop_routine(&self, schema: &str, routine: &Routine) -> Result<String>;
    /// `from` replaced by `to`, where [`Self::replaces_routines`] (else `to` created anew).
    fn replace_routine(&self, schema: &str, _from: &Routine, to: &Routine) -> Result<String> {
        self.create_routine(schema, to)
    }

    /// The statement that copies `schema.table` into `store.backup` before a run destroys data;
    /// `None` where the whole database is copied instead (SQLite's `VACUUM INTO`).
    fn backup_copy(&self, store: &str, backup: &str, schema: &str, table: &str) -> Option<String>;
    /// How restore statements name the copy: `store.backup` (SQLite: the table of the same name
    /// in the backup file, attached as `store`).
    fn backup_ref(&self, store: &str, backup: &str, table: &str) -> String;
    /// The statement that makes the place copies go, where they go in a place of their own (the
    /// `plumb_backup` schema of the database on PostgreSQL).
    fn backup_store(&self, _store: &str) -> Option<String> {
        None
    }
    /// The statement that makes the copy readable, when it is a file (`ATTACH`).
    fn attach_backup(&self, _store: &str, _file: &str) -> Option<String> {
        None
    }
    /// Puts every row of `source` back into the re-created `schema.table`.
    fn restore_rows(&self, schema: &str, table: &Table, source: &str, columns: &[String]) -> String;
    /// Puts the values of `columns` back from `source`, matching rows on `key`.
    fn restore_columns(&self, schema: &str, table: &str, source: &str, key: &[String], columns: &[String]) -> String;
}

/// The SQL generator of a flavor (MariaDB writes MySQL).
pub(crate) fn for_dialect(flavor: Flavor) -> &'static dyn SqlGen {
    match flavor {
        Flavor::Postgres => &postgres::Postgres,
        Flavor::Mysql | Flavor::Mariadb => &mysql::Mysql,
        Flavor::Sqlite => &sqlite::Sqlite,
    }
}

/// `ON DELETE` / `ON UPDATE` actions, spelled the same by every dialect.
fn referential_action(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "NO ACTION",
        ReferentialAction::Restrict => "RESTRICT",
        ReferentialAction::Cascade => "CASCADE",
        ReferentialAction::SetNull => "SET NULL",
        ReferentialAction::SetDefault => "SET DEFAULT",
    }
}

/// A default expression as the column clause needs it: simple literals as they are, anything else
/// in parentheses (SQLite and MySQL require them around expressions).
fn default_clause(default: &str) -> String {
    let simple = default.starts_with('\'')
        || default.parse::<f64>().is_ok()
        || default.starts_with('-') && default[1..].parse::<f64>().is_ok()
        || ["NULL", "TRUE", "FALSE"].iter().any(|k| default.eq_ignore_ascii_case(k))
        || default.to_ascii_uppercase().starts_with("CURRENT_");
    if simple {
        default.to_owned()
    } else {
        format!("({default})")
    }
}
