//! Views and triggers: objects defined by a query or a body of statements.

use serde::{Deserialize, Serialize};

use super::Index;

/// A view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct View {
    /// The view name.
    pub name: String,
    /// The defining query (`SELECT …`).
    pub definition: String,
    /// A PostgreSQL materialized view: the query's result is stored and refreshed on demand.
    pub materialized: bool,
    /// The view's comment.
    pub comment: Option<String>,
    /// A materialized view's indexes, sorted by name (made again with it when it changes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Index>>"))]
    pub indexes: Vec<Index>,
}

/// A trigger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Trigger {
    /// The trigger name.
    pub name: String,
    /// The table or view it fires on.
    pub table: String,
    /// When it fires relative to the event.
    pub timing: TriggerTiming,
    /// The events that fire it.
    pub events: Vec<TriggerEvent>,
    /// For `UPDATE OF a, b`: the columns whose update fires it; empty for any update.
    pub update_columns: Vec<String>,
    /// Whether it fires once per row (otherwise once per statement).
    pub for_each_row: bool,
    /// The `WHEN` condition, if any.
    pub condition: Option<String>,
    /// The full definition as the database stores it.
    pub definition: String,
    /// The trigger's comment.
    pub comment: Option<String>,
}

/// When a trigger fires relative to its event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum TriggerTiming {
    /// Before the row is changed.
    Before,
    /// After the row is changed.
    After,
    /// Instead of the change (triggers on views).
    InsteadOf,
}

/// An event that fires a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum TriggerEvent {
    /// `INSERT`.
    Insert,
    /// `UPDATE`.
    Update,
    /// `DELETE`.
    Delete,
    /// `TRUNCATE` (PostgreSQL).
    Truncate,
}
