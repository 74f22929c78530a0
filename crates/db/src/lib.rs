//! Plumb's I/O layer: reading [`Source`]s, opening connections and introspecting live databases
//! into the [`plumb_engine::model`].
//!
//! Everything that touches a database or a file lives here; the rules about schemas live in
//! `plumb-engine`. Every database round trip runs inside a `tracing` span named after its query.
//! No error or log line ever holds a password (see [`source`]'s redaction).
#![warn(missing_docs)]

pub mod apply;
pub mod approver;
pub mod audit;
pub mod bench;
mod connect;
pub mod demo;
pub mod detect;
pub mod drift;
mod error;
pub mod evidence;
mod file_name;
pub mod introspect;
pub mod live;
pub mod lock_capture;
pub mod migrations;
pub mod pair;
pub mod profile;
pub mod project;
pub mod pull_evidence;
mod replay;
pub mod scan;
mod scratch;
pub mod seed;
pub mod source;
mod table_rows;
pub mod trust;

pub use error::{Error, ErrorKind, Result};
pub use source::Source;
