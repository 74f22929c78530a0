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
    /// When the constraint is checked (PostgreSQL can defer key checks).
    pub deferrable: Deferrable,
    /// The constraint's comment.
    pub comment: Option<String>,
}

/// A foreign key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// How composite keys with NULLs match (`MATCH FULL`).
    pub match_kind: MatchKind,
    /// When the constraint is checked.
    pub deferrable: Deferrable,
    /// Added `NOT VALID` and not validated since: existing rows were never checked (PostgreSQL).
    pub not_valid: bool,
    /// The constraint's comment.
    pub comment: Option<String>,
}

/// How a composite foreign key with NULL columns matches the referenced key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Any NULL column exempts the row (the default everywhere).
    Simple,
    /// Either all columns are NULL or none is.
    Full,
    /// `MATCH PARTIAL` (declared but not implemented by PostgreSQL).
    Partial,
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

/// A unique constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UniqueConstraint {
    /// The constraint name, when the database keeps one.
    pub name: Option<String>,
    /// The columns whose combination is unique, in key order.
    pub columns: Vec<String>,
    /// `NULLS NOT DISTINCT`: NULLs count as equal, so only one is allowed (PostgreSQL 15+).
    pub nulls_not_distinct: bool,
    /// When the constraint is checked.
    pub deferrable: Deferrable,
    /// The constraint's comment.
    pub comment: Option<String>,
}

/// A check constraint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct CheckConstraint {
    /// The constraint name, when the database keeps one.
    pub name: Option<String>,
    /// The boolean expression every row must satisfy, in canonical spelling.
    pub expression: String,
    /// Added `NOT VALID` and not validated since (PostgreSQL).
    pub not_valid: bool,
    /// The constraint's comment.
    pub comment: Option<String>,
}

impl PrimaryKey {
    /// An unnamed, immediately checked primary key.
    pub fn new(columns: Vec<String>) -> Self {
        Self { name: None, columns, deferrable: Deferrable::NotDeferrable, comment: None }
    }
}

impl ForeignKey {
    /// The schema of the table it points at: its own, `schema`, unless it names another.
    pub fn target_schema<'a>(&'a self, schema: &'a str) -> &'a str {
        self.referenced_schema.as_deref().unwrap_or(schema)
    }

    /// An unnamed foreign key with the default actions, `MATCH SIMPLE`, checked immediately.
    pub fn new(columns: Vec<String>, referenced_table: impl Into<String>, referenced_columns: Vec<String>) -> Self {
        Self {
            name: None,
            columns,
            referenced_schema: None,
            referenced_table: referenced_table.into(),
            referenced_columns,
            on_delete: ReferentialAction::NoAction,
            on_update: ReferentialAction::NoAction,
            match_kind: MatchKind::Simple,
            deferrable: Deferrable::NotDeferrable,
            not_valid: false,
            comment: None,
        }
    }
}

impl UniqueConstraint {
    /// An unnamed, immediately checked unique constraint where NULLs are distinct.
    pub fn new(columns: Vec<String>) -> Self {
        Self { name: None, columns, nulls_not_distinct: false, deferrable: Deferrable::NotDeferrable, comment: None }
    }
}

impl CheckConstraint {
    /// An unnamed, validated check constraint.
    pub fn new(expression: impl Into<String>) -> Self {
        Self { name: None, expression: expression.into(), not_valid: false, comment: None }
    }
}
