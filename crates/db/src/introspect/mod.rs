//! Introspection: reading a live database's catalog into the schema model.
//!
//! One folder per dialect with the same parts: `queries/` (one `.sql` per catalog query),
//! `rows.rs` (one row struct per query), `convert.rs` (rows → model, pure) and `normalize.rs`
//! (canonical spellings); SQLite adds `ddl.rs` for facts only its stored DDL text holds. Each
//! introspection issues a fixed number of catalog queries, whatever the number of tables, inside
//! one read-only transaction so that every query sees the same schema.

pub mod mysql;
pub mod postgres;
pub mod sqlite;
mod text;

use std::time::Duration;

use plumb_engine::model::Database;

/// An introspected database with figures about how it was read.
#[derive(Debug, Clone)]
pub struct Introspection {
    /// The schema model.
    pub database: Database,
    /// How many queries were sent to the server (the connection's version query included).
    pub queries: usize,
    /// How long it took, connecting included.
    pub elapsed: Duration,
}
