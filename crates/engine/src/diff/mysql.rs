//! MySQL's and MariaDB's equivalences.

use super::hooks::DiffHooks;
use crate::model::ColumnType;

/// Type names are case-insensitive (`INT UNSIGNED` is `int unsigned`); introspection already
/// normalizes display widths and MariaDB's spellings.
pub(super) struct MysqlHooks;

impl DiffHooks for MysqlHooks {
    fn types_equivalent(&self, a: &ColumnType, b: &ColumnType) -> bool {
        a.raw.eq_ignore_ascii_case(&b.raw)
    }
}
