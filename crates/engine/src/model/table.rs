//! Tables: columns, keys, constraints, indexes and the dialect-only facts about them.

use serde::{Deserialize, Serialize};

use super::{CheckConstraint, Column, ForeignKey, Index, PrimaryKey, UniqueConstraint};

/// A base table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Table {
    /// The table's name as the server spells it.
    pub name: String,
    /// Columns in ordinal order.
    pub columns: Vec<Column>,
    /// The primary key, if any.
    pub primary_key: Option<PrimaryKey>,
    /// Foreign keys, sorted by name, then by columns.
    pub foreign_keys: Vec<ForeignKey>,
    /// Unique constraints (not unique indexes created on their own), sorted by name, then columns.
    pub unique_constraints: Vec<UniqueConstraint>,
    /// Check constraints, sorted by name, then expression.
    pub checks: Vec<CheckConstraint>,
    /// Indexes created on their own (not those backing a key or unique constraint), sorted by name.
    pub indexes: Vec<Index>,
    /// The table's comment, where the dialect has comments.
    pub comment: Option<String>,
    /// Facts only one dialect has.
    pub extras: Option<TableExtras>,
    /// Figures about the data, not the schema. Never part of the fingerprint.
    pub stats: Option<TableStats>,
}

/// Table facts that only one dialect has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum TableExtras {
    /// SQLite table options (<https://www.sqlite.org/lang_createtable.html>).
    Sqlite {
        /// `WITHOUT ROWID`: the table is clustered on its primary key.
        without_rowid: bool,
        /// `STRICT`: column types are enforced (SQLite 3.37+).
        strict: bool,
    },
}

/// Figures about a table's data, read at introspection time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableStats {
    /// Number of rows (exact on SQLite).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row_count: u64,
}

impl Table {
    /// An empty table with no columns.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            columns: Vec::new(),
            primary_key: None,
            foreign_keys: Vec::new(),
            unique_constraints: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            extras: None,
            stats: None,
        }
    }

    /// Looks up a column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Looks up an index by name.
    pub fn index(&self, name: &str) -> Option<&Index> {
        self.indexes.iter().find(|i| i.name == name)
    }

    pub(super) fn canonicalize(&mut self) {
        self.foreign_keys.sort();
        self.unique_constraints.sort();
        self.checks.sort();
        self.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    }
}
