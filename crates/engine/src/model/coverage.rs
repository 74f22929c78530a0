//! Database-level objects: extensions, and the objects Plumb sees but does not model yet.

use serde::{Deserialize, Serialize};

/// An installed extension (PostgreSQL `CREATE EXTENSION`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Extension {
    /// The extension name (`pgcrypto`).
    pub name: String,
    /// The installed version.
    pub version: String,
    /// The schema its objects live in.
    pub schema: String,
}

/// An object present in the database that Plumb does not model yet: listed so that nothing is
/// dropped silently, shown as "present but not compared".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct UnsupportedObject {
    /// What it is (`rule`, `event trigger`, `foreign table`, `virtual table`).
    pub kind: String,
    /// Its schema, for schema-scoped objects.
    pub schema: Option<String>,
    /// Its name.
    pub name: String,
}
