//! Where dialects differ in what counts as "the same". Shared diff code asks these questions and
//! never compares dialect names. See `postgres.rs` for an example.

use crate::dialect::Dialect;
use crate::model::ColumnType;

/// Dialect-specific equivalences.
pub(super) trait DiffHooks: Sync {
    /// Whether two column types are the same type as the server sees it.
    fn types_equivalent(&self, a: &ColumnType, b: &ColumnType) -> bool;
}

/// The hooks of a dialect.
pub(super) fn for_dialect(dialect: Dialect) -> &'static dyn DiffHooks {
    match dialect {
        Dialect::Postgres => &super::postgres::PostgresHooks,
        Dialect::Mysql => &super::mysql::MysqlHooks,
        Dialect::Sqlite => &super::sqlite::SqliteHooks,
    }
}
