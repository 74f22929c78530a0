//! The schema fingerprint: a SHA-256 of the canonical model with volatile facts removed. A plan
//! records the fingerprint of the schema it was computed from; apply refuses when the live
//! schema's fingerprint differs (the stale-plan guard).

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Database;

/// A stable hash of a schema: `sha256:` followed by 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Database {
    /// The fingerprint of this schema. Row counts and the server version are left out: they change
    /// without the schema changing. So is the schema's name where it is only the database's name
    /// (MySQL, SQLite): the same tables in `app_dev` and `app` are the same schema. Column order is
    /// left out too: ADD COLUMN appends, and no migration reorders columns, so two tables with the
    /// same columns are the same table (the diff agrees).
    pub fn fingerprint(&self) -> Fingerprint {
        let mut schema_only = self.clone();
        schema_only.server_version = None;
        for table in schema_only.schemas.iter_mut().flat_map(|s| s.tables.iter_mut()) {
            table.columns.sort_by(|a, b| a.name.cmp(&b.name));
        }
        if !self.flavor.has_schemas() {
            for schema in &mut schema_only.schemas {
                schema.name.clear();
            }
            for object in &mut schema_only.unsupported {
                object.schema = None;
            }
        }
        for table in schema_only.schemas.iter_mut().flat_map(|s| s.tables.iter_mut()) {
            table.stats = None;
        }
        schema_only.canonicalize();
        let mut hasher = HashWriter::default();
        serde_json::to_writer(&mut hasher, &schema_only)
            .expect("the model holds only strings, integers, booleans and enums, which always serialize");
        Fingerprint(format!("sha256:{}", hasher.hex()))
    }
}

/// SHA-256 of what is written to it: JSON serialized straight into the hash, never into a buffer
/// as large as a 2,000-table schema.
#[derive(Default)]
pub struct HashWriter(Sha256);

impl HashWriter {
    /// The digest, as 64 hex digits.
    pub fn hex(self) -> String {
        self.0.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::ServerVersion;
    use crate::model::test_support::sample_database;
    use crate::model::TableStats;

    #[test]
    fn fingerprint_is_sha256_hex() {
        let fp = sample_database().fingerprint();
        let hex = fp.as_str().strip_prefix("sha256:").expect("prefixed with the algorithm");
        assert_eq!(hex.len(), 64);
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn fingerprint_ignores_row_counts_server_version_and_order() {
        let base = sample_database();
        let mut other = base.clone();
        other.server_version = Some(ServerVersion::new(9, 9, 9));
        other.schemas[0].tables[0].stats = Some(TableStats::exact(123_456));
        other.schemas[0].tables.reverse();
        assert_eq!(base.fingerprint(), other.fingerprint());
    }

    #[test]
    fn column_order_is_not_part_of_the_fingerprint() {
        let base = sample_database();
        let mut reordered = base.clone();
        reordered.schemas[0].tables[0].columns.reverse();
        assert_eq!(base.fingerprint(), reordered.fingerprint());
    }

    #[test]
    fn a_mysql_database_name_is_not_part_of_its_fingerprint() {
        let mut a = sample_database();
        a.flavor = crate::dialect::Flavor::Mysql;
        let mut b = a.clone();
        b.schemas[0].name = "app_dev".into();
        assert_eq!(a.fingerprint(), b.fingerprint());
        let mut pg_b = sample_database();
        pg_b.schemas[0].name = "app_dev".into();
        assert_ne!(sample_database().fingerprint(), pg_b.fingerprint(), "PostgreSQL schemas are named");
    }

    #[test]
    fn fingerprint_changes_with_any_schema_fact() {
        let base = sample_database();
        let mut renamed = base.clone();
        renamed.schemas[0].tables[0].columns[0].name.push('x');
        let mut nullable = base.clone();
        nullable.schemas[0].tables[0].columns[1].nullable ^= true;
        let mut defaulted = base.clone();
        defaulted.schemas[0].tables[0].columns[1].default = Some("'x'".into());
        let fingerprints = [&base, &renamed, &nullable, &defaulted].map(|db| db.fingerprint());
        for (i, a) in fingerprints.iter().enumerate() {
            for b in &fingerprints[i + 1..] {
                assert_ne!(a, b, "every schema change must move the fingerprint");
            }
        }
    }
}
