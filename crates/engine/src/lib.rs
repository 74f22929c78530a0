//! Plumb's pure core.
//!
//! Layering rules: this crate performs no I/O, depends on no async runtime and no database driver
//! (`sqlx`, `tokio` and `tauri` are banned from its `Cargo.toml`). Everything here is synchronous and
//! deterministic, so it is unit-tested without a server.
//!
//! - [`dialect`]: which database family and version a model comes from, and identifier quoting.
//! - [`model`]: the dialect-aware schema model, its canonical JSON snapshot and its fingerprint.
//! - [`diff`]: the typed changes that turn one schema into another.
//! - [`plan`]: the ordered SQL that makes those changes, and the SQL that undoes them.
//! - [`lint`]: safety rules over plans and SQL files: data loss, locks, rewrites, compatibility.
//! - [`approval`], [`policy`], [`gate`]: signed reviews, the project's apply rules, and the check
//!   a plan must pass before anything is written.
//! - [`text`]: schemas, changes, plans and findings as text for people.
//! - [`context`]: the schema as versioned JSON and Markdown for people and LLMs (`plumb export`).
//! - [`compare`]: the differing objects with their DDL side by side, for people to review.
#![warn(missing_docs)]

pub mod approval;
pub mod audit;
pub mod compare;
pub mod context;
pub mod dialect;
pub mod diff;
mod error;
pub mod gate;
pub mod lint;
pub mod model;
pub mod plan;
pub mod policy;
pub mod prisma;
pub mod text;
pub mod typegen;

pub use error::{Error, MissingCast, Result};
