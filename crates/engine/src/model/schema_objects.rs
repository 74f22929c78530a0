//! Schema-level objects besides tables and views: enum types, domains, sequences and routines.

use serde::{Deserialize, Serialize};

use super::CheckConstraint;

/// An enum type (PostgreSQL `CREATE TYPE … AS ENUM`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EnumType {
    /// The type name.
    pub name: String,
    /// The labels in their sort order.
    pub labels: Vec<String>,
    /// The type's comment.
    pub comment: Option<String>,
}

impl EnumType {
    /// Whether `self` keeps every label of `from` in the same order, only adding labels: what
    /// `ALTER TYPE … ADD VALUE` can make.
    pub fn only_adds_to(&self, from: &EnumType) -> bool {
        let kept = self.labels.iter().filter(|l| from.labels.contains(l));
        kept.eq(from.labels.iter())
    }
}

/// A domain: a base type with constraints (PostgreSQL `CREATE DOMAIN`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Domain {
    /// The domain name.
    pub name: String,
    /// The base type as the server prints it (`character varying(320)`).
    pub data_type: String,
    /// Whether values may be NULL.
    pub nullable: bool,
    /// The default expression.
    pub default: Option<String>,
    /// An explicit collation.
    pub collation: Option<String>,
    /// Check constraints, sorted by name.
    pub checks: Vec<CheckConstraint>,
    /// The domain's comment.
    pub comment: Option<String>,
}

/// A sequence. Its current value is data, not schema, and is not recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Sequence {
    /// The sequence name.
    pub name: String,
    /// The value type (`bigint`).
    pub data_type: String,
    /// The first value.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub start: i64,
    /// The step.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub increment: i64,
    /// The smallest value.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub min_value: i64,
    /// The largest value.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub max_value: i64,
    /// How many values are pre-allocated per session.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub cache: i64,
    /// Whether it wraps around at the end.
    pub cycle: bool,
    /// The column that owns it (dropped with it), as `table.column` of the same schema.
    pub owned_by: Option<SequenceOwner>,
    /// The sequence's comment.
    pub comment: Option<String>,
}

/// The column a sequence belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SequenceOwner {
    /// The owning table.
    pub table: String,
    /// The owning column.
    pub column: String,
}

/// A function or procedure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Routine {
    /// The routine name.
    pub name: String,
    /// Function or procedure.
    pub kind: RoutineKind,
    /// The argument list that identifies it among overloads (`a integer, b text`).
    pub arguments: String,
    /// The result type of a function.
    pub returns: Option<String>,
    /// The implementation language (`plpgsql`, `sql`).
    pub language: String,
    /// The full definition as the server prints it.
    pub definition: String,
    /// The routine's comment.
    pub comment: Option<String>,
}

/// Whether a routine is a function or a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum RoutineKind {
    /// Returns a value; called in expressions.
    Function,
    /// Called with `CALL`.
    Procedure,
    /// Folds rows into one value (PostgreSQL `CREATE AGGREGATE`: a state function, a state type,
    /// and optionally a final function, a start value and a combine function).
    Aggregate,
}

impl RoutineKind {
    /// The word SQL names it by (`FUNCTION`, `PROCEDURE`, `AGGREGATE`).
    pub fn keyword(self) -> &'static str {
        match self {
            RoutineKind::Function => "FUNCTION",
            RoutineKind::Procedure => "PROCEDURE",
            RoutineKind::Aggregate => "AGGREGATE",
        }
    }
}
