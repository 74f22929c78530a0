//! PostgreSQL's equivalences.

use super::hooks::DiffHooks;
use crate::model::ColumnType;

/// PostgreSQL prints every type in one canonical spelling (`format_type`), so equal text is
/// equal type.
pub(super) struct PostgresHooks;

impl DiffHooks for PostgresHooks {
    fn types_equivalent(&self, a: &ColumnType, b: &ColumnType) -> bool {
        a.raw == b.raw
    }
}
