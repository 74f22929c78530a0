//! The canonical JSON snapshot: how a [`Database`] is written to and read from a file.
//!
//! Format: the serde shape of [`Database`], pretty-printed with two-space indentation and a final
//! newline, collections in canonical order. Writing a snapshot that was read from a canonical
//! snapshot reproduces it byte for byte.

use std::io::Write as _;

use serde::Deserialize;

use super::Database;
use crate::{Error, Result};

/// The snapshot format this build writes and the newest it reads. Bump it on any change to the
/// serialized shape, and keep reading older versions.
pub const FORMAT_VERSION: u32 = 1;

impl Database {
    /// Writes the canonical JSON snapshot.
    pub fn to_snapshot_json(&self) -> String {
        let mut bytes = Vec::new();
        self.write_snapshot_json(&mut bytes).expect("writing to memory cannot fail");
        String::from_utf8(bytes).expect("JSON is UTF-8")
    }

    /// Streams the canonical JSON snapshot into `out` (the same bytes as [`Self::to_snapshot_json`]):
    /// a 2,000-table schema is 15 MB of JSON, which need not sit in memory before it is written.
    pub fn write_snapshot_json(&self, out: impl std::io::Write) -> std::io::Result<()> {
        let mut canonical = self.clone();
        canonical.canonicalize();
        canonical.write_json(out, true)
    }

    /// Streams the model as JSON into `out`, as it is (a snapshot is canonical: canonicalize
    /// first), indented by two spaces or compact (one line, for programs: a third of the size and
    /// of the time to write), with a final newline.
    pub fn write_json(&self, out: impl std::io::Write, indented: bool) -> std::io::Result<()> {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        match indented {
            true => serde_json::to_writer_pretty(&mut out, self),
            false => serde_json::to_writer(&mut out, self),
        }
        .map_err(std::io::Error::from)?;
        out.write_all(b"\n")?;
        out.flush()
    }

    /// Reads a JSON snapshot, checking its format version first so that a snapshot from a newer
    /// Plumb gets an "upgrade" error rather than a confusing shape error.
    pub fn from_snapshot_json(text: &str) -> Result<Self> {
        #[derive(Deserialize)]
        struct Header {
            format_version: u32,
        }
        let header: Header = serde_json::from_str(text).map_err(|source| Error::InvalidSnapshot { source })?;
        if header.format_version > FORMAT_VERSION {
            return Err(Error::UnsupportedFormatVersion { found: header.format_version, supported: FORMAT_VERSION });
        }
        let mut database: Database = serde_json::from_str(text).map_err(|source| Error::InvalidSnapshot { source })?;
        database.canonicalize();
        Ok(database)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::sample_database;

    #[test]
    fn snapshot_round_trips_byte_identically() {
        let text = sample_database().to_snapshot_json();
        let reread = Database::from_snapshot_json(&text).unwrap();
        assert_eq!(reread, sample_database());
        assert_eq!(reread.to_snapshot_json(), text);
    }

    #[test]
    fn snapshot_shape_is_stable() {
        insta::assert_snapshot!(sample_database().to_snapshot_json());
    }

    #[test]
    fn snapshot_is_canonical_whatever_the_input_order() {
        let mut shuffled = sample_database();
        shuffled.schemas[0].tables.reverse();
        shuffled.schemas[0].tables[0].indexes.reverse();
        assert_eq!(shuffled.to_snapshot_json(), sample_database().to_snapshot_json());
    }

    #[test]
    fn rejects_a_newer_format_version_by_name() {
        let text = sample_database().to_snapshot_json().replacen("\"format_version\": 1", "\"format_version\": 99", 1);
        let err = Database::from_snapshot_json(&text).unwrap_err();
        assert!(matches!(err, Error::UnsupportedFormatVersion { found: 99, supported: 1 }), "{err}");
    }

    #[test]
    fn rejects_json_that_is_not_a_snapshot_with_its_position() {
        let err = Database::from_snapshot_json("{\"format_version\": 1, \"flavor\": \"oracle\"}").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
        assert!(Database::from_snapshot_json("[1, 2").is_err());
    }
}
