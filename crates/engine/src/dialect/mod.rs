//! Which database family a model belongs to ([`Dialect`]), which server implements it ([`Flavor`])
//! and at which version ([`ServerVersion`]).
//!
//! Shared code asks a flavor's properties; it never compares dialect names (see DESIGN.md B.6).

mod quote;
mod sqlite_columns;

pub use quote::{comment_text, lowercase_outside_literals, quote_ident, quote_literal, within_bytes};
pub use sqlite_columns::plain_columns;

/// Byte offsets in one text of tokenizer positions (line and column from 1, the column in
/// characters, as sqlparser counts them): for cutting the original text, whose string literals a
/// token printed again would not quote the same way. Each lookup walks one line, not the text from
/// its start, so cutting every statement of a file is linear in its size.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// The index of `text`'s lines.
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { text, starts }
    }

    /// The byte offset of line `line`, column `column`; just past a line's last character is where
    /// its line break stands, and a line the text does not have is its end.
    pub fn offset(&self, line: u64, column: u64) -> usize {
        let Some(&start) = usize::try_from(line).ok().and_then(|l| l.checked_sub(1)).and_then(|l| self.starts.get(l))
        else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
        match rest.char_indices().take_while(|(_, c)| *c != '\n').nth(skip) {
            Some((i, _)) => start + i,
            // Just past the line's last character: where its line break (or the text) ends it.
            None => start + rest.find('\n').unwrap_or(rest.len()),
        }
    }
}

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Result};

/// A SQL dialect: the grammar and catalog family that generated SQL must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// PostgreSQL.
    Postgres,
    /// MySQL and MariaDB.
    Mysql,
    /// SQLite 3.
    Sqlite,
}

/// Dialects as people name them, joined (`PostgreSQL, MySQL/MariaDB`).
pub fn display_names(dialects: &[Dialect]) -> String {
    dialects.iter().map(|d| d.display_name()).collect::<Vec<_>>().join(", ")
}

/// A server implementation of a dialect. MariaDB is a flavor of the `mysql` dialect, not a dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    /// PostgreSQL.
    Postgres,
    /// Oracle MySQL.
    Mysql,
    /// MariaDB.
    Mariadb,
    /// SQLite 3.
    Sqlite,
}

impl Dialect {
    /// The name people know the dialect by (MariaDB with MySQL).
    pub fn display_name(self) -> &'static str {
        match self {
            Dialect::Postgres => "PostgreSQL",
            Dialect::Mysql => "MySQL/MariaDB",
            Dialect::Sqlite => "SQLite",
        }
    }

    /// Whether schema changes run inside a transaction that can roll them back (PostgreSQL,
    /// SQLite); MySQL and MariaDB commit each DDL statement by itself
    /// (<https://dev.mysql.com/doc/refman/8.0/en/implicit-commit.html>).
    pub fn transactional_ddl(self) -> bool {
        !matches!(self, Dialect::Mysql)
    }
}

impl Flavor {
    /// The dialect this flavor speaks.
    pub fn dialect(self) -> Dialect {
        match self {
            Flavor::Postgres => Dialect::Postgres,
            Flavor::Mysql | Flavor::Mariadb => Dialect::Mysql,
            Flavor::Sqlite => Dialect::Sqlite,
        }
    }

    /// The product name people know the flavor by.
    pub fn display_name(self) -> &'static str {
        match self {
            Flavor::Postgres => "PostgreSQL",
            Flavor::Mysql => "MySQL",
            Flavor::Mariadb => "MariaDB",
            Flavor::Sqlite => "SQLite",
        }
    }

    /// Whether this flavor has named schemas inside one database (PostgreSQL), as opposed to one
    /// namespace per connection (MySQL's database, SQLite's `main`).
    pub fn has_schemas(self) -> bool {
        matches!(self, Flavor::Postgres)
    }
}

impl fmt::Display for Flavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// A server version, `major.minor.patch`. Serialized as that string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, type = "string"))]
pub struct ServerVersion {
    /// Major version (15 for PostgreSQL 15.4, 3 for SQLite 3.46.0).
    pub major: u32,
    /// Minor version.
    pub minor: u32,
    /// Patch version.
    pub patch: u32,
}

impl ServerVersion {
    /// A version from its three parts.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Self { major, minor, patch }
    }

    /// Whether this version is at least `major.minor`.
    pub fn at_least(self, major: u32, minor: u32) -> bool {
        (self.major, self.minor) >= (major, minor)
    }
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for ServerVersion {
    type Err = Error;

    /// Reads the leading `major[.minor[.patch]]` of a version string; anything after the first
    /// character that is neither a digit nor a dot (`-MariaDB`, ` (Debian …)`) is ignored.
    fn from_str(s: &str) -> Result<Self> {
        let head: &str = s.trim().split(|c: char| !(c.is_ascii_digit() || c == '.')).next().unwrap_or_default();
        let mut parts = head.split('.').filter(|p| !p.is_empty()).map(str::parse::<u32>);
        let mut next = |required: bool| match parts.next() {
            Some(Ok(n)) => Ok(n),
            None if !required => Ok(0),
            _ => Err(Error::InvalidVersion(s.to_owned())),
        };
        Ok(Self::new(next(true)?, next(false)?, next(false)?))
    }
}

impl Serialize for ServerVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ServerVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_finds_byte_offsets_of_character_positions() {
        let text = "SELECT 'é';\nINSERT INTO t VALUES ('ü', 2);\n\n  x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(1, 1), 0);
        assert_eq!(&text[index.offset(1, 10)..index.offset(1, 11)], "'", "after a two-byte character");
        assert_eq!(index.offset(1, 12), text.find('\n').unwrap(), "just past the line: its line break");
        assert_eq!(&text[index.offset(2, 23)..index.offset(2, 26)], "'ü'");
        assert_eq!(index.offset(3, 1), text.find("\n\n").unwrap() + 1, "an empty line");
        assert_eq!(&text[index.offset(4, 3)..], "x\n");
        assert_eq!(index.offset(9, 1), text.len(), "a line the text does not have");
    }

    #[test]
    fn parses_versions_with_vendor_suffixes() {
        let cases = [
            ("3.46.0", ServerVersion::new(3, 46, 0)),
            ("15.4 (Debian 15.4-1.pgdg120+1)", ServerVersion::new(15, 4, 0)),
            ("10.11.6-MariaDB-0+deb12u1", ServerVersion::new(10, 11, 6)),
            ("8.0.36", ServerVersion::new(8, 0, 36)),
            ("16", ServerVersion::new(16, 0, 0)),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<ServerVersion>().unwrap(), expected, "{text}");
        }
    }

    #[test]
    fn rejects_text_without_a_version() {
        assert!("MariaDB".parse::<ServerVersion>().is_err());
        assert!("".parse::<ServerVersion>().is_err());
    }

    #[test]
    fn version_serializes_as_a_string_and_back() {
        let v = ServerVersion::new(10, 11, 6);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, "\"10.11.6\"");
        assert_eq!(serde_json::from_str::<ServerVersion>(&json).unwrap(), v);
    }

    #[test]
    fn version_comparison_orders_by_major_then_minor() {
        let v = ServerVersion::new(3, 35, 5);
        assert!(v.at_least(3, 35));
        assert!(v.at_least(2, 99));
        assert!(!v.at_least(3, 37));
    }

    #[test]
    fn mariadb_is_a_flavor_of_mysql() {
        assert_eq!(Flavor::Mariadb.dialect(), Dialect::Mysql);
        assert_eq!(Flavor::Sqlite.dialect(), Dialect::Sqlite);
        assert!(Flavor::Postgres.has_schemas() && !Flavor::Mysql.has_schemas());
    }
}
