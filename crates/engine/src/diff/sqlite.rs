//! SQLite's equivalences.

use super::hooks::DiffHooks;
use crate::model::ColumnType;

/// SQLite keeps the declared type as written: case and spacing are not part of it
/// (`varchar( 20 )` declares what `VARCHAR(20)` does; https://www.sqlite.org/datatype3.html).
pub(super) struct SqliteHooks;

fn canonical(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase()
}

impl DiffHooks for SqliteHooks {
    fn types_equivalent(&self, a: &ColumnType, b: &ColumnType) -> bool {
        canonical(&a.raw) == canonical(&b.raw)
    }
}
