//! Introspection: reading a live database's catalog into the schema model.
//!
//! One folder per dialect with the same parts: `queries/` (one `.sql` per catalog query),
//! `rows.rs` (one row struct per query), `ddl.rs` (facts only the stored DDL text holds),
//! `convert.rs` (rows → model, pure) and `normalize.rs` (canonical spellings). Each introspection
//! issues a fixed number of catalog queries, whatever the number of tables.

pub mod sqlite;
