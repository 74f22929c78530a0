//! Table constraints: primary key, foreign keys, unique and check constraints.

use serde::{Deserialize, Serialize};

/// A primary key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PrimaryKey {
    /// The constraint name, when the database keeps one.
    pub name: Option<String>,
    /// Key columns in key order.
    pub columns: Vec<String>,
}

/// A foreign key. Field order is the canonical sort order: name, then columns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ForeignKey {
    /// The constraint name, when the database keeps one (SQLite keeps it only if declared).
    pub name: Option<String>,
    /// Referencing columns, in key order.
    pub columns: Vec<String>,
    /// The referenced table's schema, when it differs from the referencing table's.
    pub referenced_schema: Option<String>,
    /// The referenced table.
    pub referenced_table: String,
    /// Referenced columns, matched one to one with `columns`.
    pub referenced_columns: Vec<String>,
    /// What happens to referencing rows when the referenced row is deleted.
    pub on_delete: ReferentialAction,
    /// What happens to referencing rows when the referenced key changes.
    pub on_update: ReferentialAction,
    /// When the constraint is checked.
    pub deferrable: Deferrable,
}

/// A foreign key's action on delete or update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum ReferentialAction {
    /// Fail at the end of the statement (the default everywhere).
    NoAction,
    /// Fail at once.
    Restrict,
    /// Delete or update the referencing rows too.
    Cascade,
    /// Set the referencing columns to NULL.
    SetNull,
    /// Set the referencing columns to their defaults.
    SetDefault,
}

/// When a constraint is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Deferrable {
    /// Checked after each statement; cannot be deferred.
    NotDeferrable,
    /// Deferrable, checked after each statement unless deferred.
    InitiallyImmediate,
    /// Deferrable, checked at commit.
    InitiallyDeferred,
}

/// A unique constraint. Field order is the canonical sort order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UniqueConstraint {
    /// The constraint name, when the database keeps one.
    pub name: Option<String>,
    /// The columns whose combination is unique, in key order.
    pub columns: Vec<String>,
}

/// A check constraint. Field order is the canonical sort order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CheckConstraint {
    /// The constraint name, when the database keeps one.
    pub name: Option<String>,
    /// The boolean expression every row must satisfy, in canonical spelling.
    pub expression: String,
}
