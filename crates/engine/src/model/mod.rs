//! The dialect-aware schema model: `Database → Schema → Table / View / Trigger`.
//!
//! One model serves every dialect: facts the three share have typed fields, facts only one dialect
//! has live in typed extras ([`TableExtras`]). Never a string map of properties.
//!
//! Invariant: a model returned by introspection or read from a snapshot is *canonical*
//! ([`Database::canonicalize`]): objects are sorted by name, columns keep their ordinal order, so two
//! introspections of the same database serialize byte-identically.

mod column;
mod constraint;
mod fingerprint;
mod index;
mod snapshot;
mod table;
mod types;
mod view;

pub use column::{Column, Generated, GeneratedStorage, Identity};
pub use constraint::{
    CheckConstraint, Deferrable, ForeignKey, PrimaryKey, ReferentialAction, UniqueConstraint,
};
pub use fingerprint::Fingerprint;
pub use index::{Index, IndexKey, IndexPart};
pub use snapshot::FORMAT_VERSION;
pub use table::{Table, TableExtras, TableStats};
pub use types::{ColumnType, TypeKind};
pub use view::{Trigger, TriggerEvent, TriggerTiming, View};

use serde::{Deserialize, Serialize};

use crate::dialect::{Flavor, ServerVersion};

/// A whole database as Plumb sees it: the root of a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Database {
    /// Version of the snapshot format this value follows ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The server implementation the schema was read from.
    pub flavor: Flavor,
    /// The server version, when known. Not part of the fingerprint.
    pub server_version: Option<ServerVersion>,
    /// Namespaces, sorted by name. SQLite has one, `main`; MySQL has the connected database.
    pub schemas: Vec<Schema>,
}

/// A namespace of tables: a PostgreSQL schema, a MySQL database or an SQLite database file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Schema {
    /// The schema's name as the server spells it.
    pub name: String,
    /// Tables, sorted by name.
    pub tables: Vec<Table>,
    /// Views, sorted by name.
    pub views: Vec<View>,
    /// Triggers on tables and views of this schema, sorted by name.
    pub triggers: Vec<Trigger>,
}

impl Database {
    /// An empty database of the given flavor, in the current snapshot format.
    pub fn new(flavor: Flavor, server_version: Option<ServerVersion>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            flavor,
            server_version,
            schemas: Vec::new(),
        }
    }

    /// Puts every collection in its canonical order. Columns keep their ordinal order, and so do
    /// the columns inside keys and indexes: there, order is meaning.
    pub fn canonicalize(&mut self) {
        self.schemas.sort_by(|a, b| a.name.cmp(&b.name));
        for schema in &mut self.schemas {
            schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
            schema.views.sort_by(|a, b| a.name.cmp(&b.name));
            schema.triggers.sort_by(|a, b| a.name.cmp(&b.name));
            for table in &mut schema.tables {
                table.canonicalize();
            }
        }
    }

    /// Looks up a schema by name.
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.name == name)
    }
}

impl Schema {
    /// An empty schema.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            tables: Vec::new(),
            views: Vec::new(),
            triggers: Vec::new(),
        }
    }

    /// Looks up a table by name.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Looks up a view by name.
    pub fn view(&self, name: &str) -> Option<&View> {
        self.views.iter().find(|v| v.name == name)
    }

    /// Looks up a trigger by name.
    pub fn trigger(&self, name: &str) -> Option<&Trigger> {
        self.triggers.iter().find(|t| t.name == name)
    }
}

#[cfg(test)]
pub(crate) mod test_support;
