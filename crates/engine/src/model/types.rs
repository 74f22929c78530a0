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

impl TypeKind {
    /// The kind of a type by the name PostgreSQL prints for it (an array's element type,
    /// `character varying(20)`); [`TypeKind::Other`] for a name it does not know.
    pub fn of_postgres_name(element: &str) -> TypeKind {
        let base = element.split('(').next().unwrap_or(element).trim();
        match base {
            "text" => TypeKind::Text,
            "character varying" | "varchar" => TypeKind::Varchar { length: None },
            "character" | "char" => TypeKind::Char { length: None },
            "integer" | "int4" => TypeKind::Integer,
            "smallint" => TypeKind::SmallInt,
            "bigint" => TypeKind::BigInt,
            "boolean" => TypeKind::Boolean,
            "double precision" => TypeKind::Double,
            "real" => TypeKind::Real,
            "numeric" | "decimal" => {
                let args = element.split_once('(').map(|(_, a)| a.trim_end_matches(')'));
                let mut nums = args.into_iter().flat_map(|a| a.split(',')).map(|n| n.trim().parse().ok());
                TypeKind::Decimal { precision: nums.next().flatten(), scale: nums.next().flatten() }
            }
            "timestamp without time zone" | "timestamp" => TypeKind::Timestamp { with_time_zone: false },
            "timestamp with time zone" | "timestamptz" => TypeKind::Timestamp { with_time_zone: true },
            "date" => TypeKind::Date,
            "uuid" => TypeKind::Uuid,
            "jsonb" | "json" => TypeKind::Json,
            "bytea" => TypeKind::Blob,
            _ => TypeKind::Other,
        }
    }

    /// The largest value a signed integer of this kind holds; none for other kinds.
    pub fn integer_max(&self) -> Option<i64> {
        match self {
            TypeKind::SmallInt => Some(i64::from(i16::MAX)),
            TypeKind::Integer => Some(i64::from(i32::MAX)),
            TypeKind::BigInt => Some(i64::MAX),
            _ => None,
        }
    }
}

/// The labels of a MySQL `enum('a','b')` type.
pub(crate) fn mysql_enum_labels(raw: &str) -> Option<Vec<String>> {
    let inner = raw.strip_prefix("enum(").or_else(|| raw.strip_prefix("ENUM("))?.strip_suffix(')')?;
    let mut labels = Vec::new();
    let mut rest = inner.trim();
    while !rest.is_empty() {
        let body = rest.strip_prefix('\'')?;
        let mut label = String::new();
        let mut chars = body.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            match c {
                '\'' if chars.peek().map(|(_, c)| *c) == Some('\'') => {
                    chars.next();
                    label.push('\'');
                }
                '\'' => {
                    end = Some(i);
                    break;
                }
                other => label.push(other),
            }
        }
        labels.push(label);
        rest = body[end? + 1..].trim_start().trim_start_matches(',').trim_start();
    }
    Some(labels)
}

impl ColumnType {
    /// A type from its raw text and kind.
    pub fn new(raw: impl Into<String>, kind: TypeKind) -> Self {
        Self { raw: raw.into(), kind }
    }
}
