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

use plumb_engine::model::{Column, Database};
pub use plumb_engine::typegen::ViewColumns;

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

/// Rows of `(schema, view, column)` in view order, grouped by view.
fn group_view_columns(rows: impl Iterator<Item = (String, String, Column)>) -> Vec<ViewColumns> {
    let mut views: Vec<ViewColumns> = Vec::new();
    for (schema, view, column) in rows {
        match views.last_mut() {
            Some(last) if last.schema == schema && last.view == view => last.columns.push(column),
            _ => views.push(ViewColumns { schema, view, columns: vec![column] }),
        }
    }
    views
}

/// One completed step of an introspection: which catalog query finished, and how far along the
/// whole reading is. Reported to the UI and the CLI so that large schemas show progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The step that finished (the catalog query's name, `columns`).
    pub step: &'static str,
    /// Steps done so far.
    pub done: usize,
    /// Steps in all.
    pub total: usize,
}

/// Where progress goes. `Send + Sync` so that an async command can forward it to the UI.
pub type ProgressSink<'a> = &'a (dyn Fn(Progress) + Send + Sync);
