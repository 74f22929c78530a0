//! What only the server knows, read for the audit by a fixed number of catalog queries: how far
//! keys have counted, which indexes are invalid or unused, what `PUBLIC` may write, which tables
//! were never analyzed.

use serde::{Deserialize, Serialize};

/// A table (or an index of one) by its schema and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectRef {
    /// Its schema.
    pub schema: String,
    /// The table.
    pub table: String,
    /// The index, trigger or other object of the table, when it is one.
    pub name: Option<String>,
}

/// How far a key generator (a sequence, `AUTO_INCREMENT`, SQLite's `AUTOINCREMENT`) has counted,
/// against the largest value its column holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyUse {
    /// The column it fills (`name` is the column), or the sequence alone.
    pub column: ObjectRef,
    /// The sequence, where there is one.
    pub sequence: Option<String>,
    /// The last value given.
    pub last_value: i64,
    /// The largest value the column (or the sequence) can take.
    pub max_value: i64,
}

/// An index and the space it takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexUse {
    /// The index.
    pub index: ObjectRef,
    /// Its size on disk, in bytes.
    pub bytes: i64,
}

/// Rows of a relation the database does not enforce (declared only in `schema.prisma` under
/// `relationMode = "prisma"`) whose parent is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Orphans {
    /// The referencing table.
    pub table: ObjectRef,
    /// Its columns.
    pub columns: Vec<String>,
    /// The referenced table, `schema.table`.
    pub referenced: String,
    /// Its columns.
    pub referenced_columns: Vec<String>,
    /// Rows pointing at no row.
    pub rows: u64,
}

/// The server's facts for the audit. Empty where the source is not a live database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Whether they were read from a live database (else only the schema is judged).
    pub live: bool,
    /// Key generators and how far they have counted.
    pub keys: Vec<KeyUse>,
    /// Indexes left invalid by a failed concurrent build (PostgreSQL).
    pub invalid_indexes: Vec<ObjectRef>,
    /// Indexes never scanned since statistics were reset, that enforce nothing (PostgreSQL).
    pub unused_indexes: Vec<IndexUse>,
    /// Tables `PUBLIC` may write to, with what it may do (`INSERT`, `DELETE`…).
    pub public_writes: Vec<(ObjectRef, Vec<String>)>,
    /// Tables never analyzed, by hand or by autovacuum (PostgreSQL).
    pub never_analyzed: Vec<ObjectRef>,
    /// Rows of relations declared only in `schema.prisma` whose parent is missing.
    pub orphans: Vec<Orphans>,
    /// Schemas clients reach directly (Supabase's `public` through its API): their tables need
    /// row-level security.
    pub exposed_schemas: Vec<String>,
}
