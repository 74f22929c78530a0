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
    /// Non-key columns stored in the index (`INCLUDE`, PostgreSQL 11+).
    pub include: Vec<String>,
    /// `NULLS NOT DISTINCT` on a unique index (PostgreSQL 15+).
    pub nulls_not_distinct: bool,
    /// The index's comment.
    pub comment: Option<String>,
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
    /// Where NULLs sort, when it is not the dialect's default for the direction.
    pub nulls_first: Option<bool>,
    /// A non-default operator class (PostgreSQL `text_pattern_ops`).
    pub opclass: Option<String>,
    /// How many leading characters or bytes are indexed (MySQL prefix indexes).
    pub prefix_length: Option<u32>,
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
            nulls_first: None,
            opclass: None,
            prefix_length: None,
        }
    }
}

impl Index {
    /// A plain (not unique, not partial) index with the dialect's default method.
    pub fn new(name: impl Into<String>, parts: Vec<IndexPart>) -> Self {
        Self {
            name: name.into(),
            unique: false,
            parts,
            predicate: None,
            method: None,
            include: Vec::new(),
            nulls_not_distinct: false,
            comment: None,
        }
    }
}
