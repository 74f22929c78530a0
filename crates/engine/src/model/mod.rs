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
mod coverage;
pub(crate) mod fingerprint;
mod index;
mod schema_objects;
mod snapshot;
pub mod sql_texts;
mod table;
mod types;
mod view;

pub use column::{Column, ColumnExtras, Generated, GeneratedStorage, Identity};
pub use constraint::{
    CheckConstraint, Deferrable, ForeignKey, MatchKind, PrimaryKey, ReferentialAction, UniqueConstraint,
};
pub use coverage::{Extension, UnsupportedObject};
pub use fingerprint::{Fingerprint, HashWriter};
pub use index::{Index, IndexKey, IndexPart};
pub use schema_objects::{Domain, EnumType, Routine, RoutineKind, Sequence, SequenceOwner};
pub use snapshot::FORMAT_VERSION;
pub use table::{
    ExclusionConstraint, Inherits, PartitionOf, Policy, PolicyCommand, Rule, Table, TableExtras, TableStats,
};
pub(crate) use types::mysql_enum_labels;
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
    /// Installed extensions (PostgreSQL), sorted by name.
    pub extensions: Vec<Extension>,
    /// Objects present but not compared: Plumb does not model them yet. Sorted.
    pub unsupported: Vec<UnsupportedObject>,
}

/// A namespace of tables: a PostgreSQL schema, a MySQL database or an SQLite database file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Schema {
    /// The schema's name as the server spells it.
    pub name: String,
    /// The schema's comment.
    pub comment: Option<String>,
    /// Tables, sorted by name.
    pub tables: Vec<Table>,
    /// Views, sorted by name.
    pub views: Vec<View>,
    /// Triggers on tables and views of this schema, sorted by table, then name (names are unique
    /// per table on PostgreSQL, per schema elsewhere).
    pub triggers: Vec<Trigger>,
    /// Enum types, sorted by name.
    pub enums: Vec<EnumType>,
    /// Domains, sorted by name.
    pub domains: Vec<Domain>,
    /// Sequences, sorted by name.
    pub sequences: Vec<Sequence>,
    /// Functions and procedures, sorted by name, then arguments (overloads share a name).
    pub routines: Vec<Routine>,
}

impl Database {
    /// An empty database of the given flavor, in the current snapshot format.
    pub fn new(flavor: Flavor, server_version: Option<ServerVersion>) -> Self {
        Self {
            format_version: FORMAT_VERSION,
            flavor,
            server_version,
            schemas: Vec::new(),
            extensions: Vec::new(),
            unsupported: Vec::new(),
        }
    }

    /// Puts every collection in its canonical order. Columns keep their ordinal order, and so do
    /// the columns inside keys and indexes: there, order is meaning.
    pub fn canonicalize(&mut self) {
        self.schemas.sort_by(|a, b| a.name.cmp(&b.name));
        self.extensions.sort_by(|a, b| a.name.cmp(&b.name));
        self.unsupported.sort();
        for schema in &mut self.schemas {
            schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
            schema.views.sort_by(|a, b| a.name.cmp(&b.name));
            schema.triggers.sort_by(|a, b| (&a.table, &a.name).cmp(&(&b.table, &b.name)));
            schema.enums.sort_by(|a, b| a.name.cmp(&b.name));
            schema.domains.sort_by(|a, b| a.name.cmp(&b.name));
            schema.sequences.sort_by(|a, b| a.name.cmp(&b.name));
            schema.routines.sort_by(|a, b| (&a.name, &a.arguments).cmp(&(&b.name, &b.arguments)));
            for view in &mut schema.views {
                view.indexes.sort_by(|a, b| a.name.cmp(&b.name));
            }
            for domain in &mut schema.domains {
                domain.checks.sort_by(|a, b| (&a.name, &a.expression).cmp(&(&b.name, &b.expression)));
            }
            for table in &mut schema.tables {
                table.canonicalize();
            }
        }
    }

    /// Looks up a schema by name.
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.schemas.iter().find(|s| s.name == name)
    }

    /// Every table, with its schema.
    pub fn tables(&self) -> impl Iterator<Item = (&Schema, &Table)> {
        self.schemas.iter().flat_map(|s| s.tables.iter().map(move |t| (s, t)))
    }

    /// The table a statement names: in `schema` when it names one, by its exact name, else by its
    /// name case aside (unquoted names fold case: PostgreSQL to lower, MySQL and SQLite compare
    /// without it).
    pub fn find_table(&self, schema: Option<&str>, name: &str) -> Option<(&Schema, &Table)> {
        let candidates = || self.tables().filter(|(s, _)| schema.is_none_or(|n| n.eq_ignore_ascii_case(&s.name)));
        candidates()
            .find(|(_, t)| t.name == name)
            .or_else(|| candidates().find(|(_, t)| t.name.eq_ignore_ascii_case(name)))
    }
}

impl Schema {
    /// An empty schema.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            comment: None,
            tables: Vec::new(),
            views: Vec::new(),
            triggers: Vec::new(),
            enums: Vec::new(),
            domains: Vec::new(),
            sequences: Vec::new(),
            routines: Vec::new(),
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
