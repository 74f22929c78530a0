//! Column types: the text the database writes, and a normalized kind shared by all dialects.

use serde::{Deserialize, Serialize};

/// A column's type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ColumnType {
    /// The type exactly as the database writes it (`varchar(255)`, `int unsigned`, `TEXT`).
    pub raw: String,
    /// The normalized kind, for comparing and reasoning across dialects.
    pub kind: TypeKind,
}

/// A normalized type kind. Dialect spellings map onto these (`int4` and `INTEGER` are both
/// [`TypeKind::Integer`]); what does not map is [`TypeKind::Other`] and keeps its raw text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "name", rename_all = "snake_case")]
pub enum TypeKind {
    /// A true/false value.
    Boolean,
    /// A 2-byte integer.
    SmallInt,
    /// A 4-byte integer, or SQLite's INTEGER affinity (which stores up to 8 bytes).
    Integer,
    /// An 8-byte integer.
    BigInt,
    /// An exact decimal number.
    Decimal {
        /// Total digits, when declared.
        precision: Option<u32>,
        /// Digits after the point, when declared.
        scale: Option<u32>,
    },
    /// A 4-byte float, or SQLite's REAL affinity.
    Real,
    /// An 8-byte float.
    Double,
    /// Fixed-length text.
    Char {
        /// Declared length in characters.
        length: Option<u32>,
    },
    /// Variable-length text with a limit.
    Varchar {
        /// Declared length in characters.
        length: Option<u32>,
    },
    /// Text without a declared limit.
    Text,
    /// Binary data.
    Blob,
    /// A calendar date.
    Date,
    /// A time of day.
    Time {
        /// Whether a time zone is stored with the value.
        with_time_zone: bool,
    },
    /// A date and time.
    Timestamp {
        /// Whether the value is an instant (PostgreSQL `timestamptz`).
        with_time_zone: bool,
    },
    /// A JSON document.
    Json,
    /// A UUID.
    Uuid,
    /// A type Plumb does not normalize; compare by its raw text.
    Other,
}

impl ColumnType {
    /// A type from its raw text and kind.
    pub fn new(raw: impl Into<String>, kind: TypeKind) -> Self {
        Self { raw: raw.into(), kind }
    }
}
