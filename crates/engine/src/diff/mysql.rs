//! MySQL's and MariaDB's equivalences.

use super::hooks::DiffHooks;
use crate::dialect::lowercase_outside_literals;
use crate::model::ColumnType;

/// Type names are case-insensitive (`INT UNSIGNED` is `int unsigned`) but enum and set labels are
/// not (`enum('Active')` is another type than `enum('active')`); introspection already normalizes
/// display widths and MariaDB's spellings.
pub(super) struct MysqlHooks;

impl DiffHooks for MysqlHooks {
    fn types_equivalent(&self, a: &ColumnType, b: &ColumnType) -> bool {
        lowercase_outside_literals(&a.raw) == lowercase_outside_literals(&b.raw)
    }
}
