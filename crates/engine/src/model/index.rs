//! Indexes created on their own (`CREATE INDEX`), as opposed to those backing a constraint.

use serde::{Deserialize, Serialize};

/// An index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Index {
    /// The index name.
    pub name: String,
    /// Whether the index enforces uniqueness.
    pub unique: bool,
    /// Key parts in order: columns or expressions.
    pub parts: Vec<IndexPart>,
    /// The `WHERE` predicate of a partial index, in canonical spelling.
    pub predicate: Option<String>,
    /// The access method when the dialect has several (`btree`, `gin`, `FULLTEXT`).
    pub method: Option<String>,
}

/// One key part of an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct IndexPart {
    /// What is indexed.
    #[serde(flatten)]
    pub key: IndexKey,
    /// Whether the part is sorted descending.
    pub descending: bool,
    /// An explicit collation for this part.
    pub collation: Option<String>,
}

/// What an index part indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum IndexKey {
    /// A column, by name.
    Column(String),
    /// An expression, in canonical spelling.
    Expression(String),
}

impl IndexPart {
    /// An ascending part on a column, with the default collation.
    pub fn column(name: impl Into<String>) -> Self {
        Self {
            key: IndexKey::Column(name.into()),
            descending: false,
            collation: None,
        }
    }
}
