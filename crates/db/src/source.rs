//! Sources: where a schema comes from. One parser serves the CLI and the desktop app.
//!
//! Accepted forms: `sqlite:PATH` (also `sqlite://PATH`), a path ending `.db`, `.sqlite` or
//! `.sqlite3`, `postgres://…` / `postgresql://…`, `mysql://…` / `mariadb://…`, a path ending
//! `.json` (a snapshot written by `plumb inspect --json`), and SQL: a path ending `.sql` or a
//! migrations folder, replayed on a scratch database (see [`crate::replay`]).
//!
//! Invariant: `Display` never prints a password; URLs are shown with it replaced by `***`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use plumb_engine::model::Database;

use crate::{introspect, Error, Result};

/// A place Plumb can read a schema from. `Debug` shows URLs redacted, like `Display`.
#[derive(Clone, PartialEq, Eq)]
pub enum Source {
    /// An SQLite database file.
    Sqlite {
        /// The database file.
        path: PathBuf,
    },
    /// A PostgreSQL server.
    Postgres {
        /// The connection URL, password included; never display it, display the source.
        url: url::Url,
    },
    /// A MySQL or MariaDB server.
    Mysql {
        /// The connection URL, password included; never display it, display the source.
        url: url::Url,
    },
    /// A JSON snapshot file.
    Snapshot {
        /// The snapshot file.
        path: PathBuf,
    },
    /// A `.sql` file or a migrations folder, replayed on a scratch database.
    Sql {
        /// The file or folder.
        path: PathBuf,
        /// The server to create the scratch database on; SQLite when absent.
        shadow: Option<url::Url>,
    },
    /// A `schema.prisma`: the database Prisma Migrate would create from it, built on a scratch
    /// database of its provider.
    Prisma {
        /// The schema file.
        path: PathBuf,
        /// The server to build it on, for PostgreSQL and MySQL schemas.
        shadow: Option<url::Url>,
    },
}

impl Source {
    /// The environment a source is taken to be in when no profile or flag says: a server somebody
    /// else may depend on is production; a file is a developer's own.
    pub fn assumed_environment(&self) -> &'static str {
        match self {
            Source::Postgres { .. } | Source::Mysql { .. } => "prod",
            _ => "dev",
        }
    }

    /// The name to type to confirm a write: the database's, or the file's.
    pub fn database_name(&self) -> String {
        match self {
            // As the server names it: `my%20shop` in a URL is the database `my shop`.
            Source::Postgres { url } | Source::Mysql { url } => {
                percent_encoding::percent_decode_str(url.path().trim_start_matches('/'))
                    .decode_utf8_lossy()
                    .into_owned()
            }
            Source::Sqlite { path }
            | Source::Snapshot { path }
            | Source::Sql { path, .. }
            | Source::Prisma { path, .. } => {
                path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            }
        }
    }

    /// Reads the schema this source describes.
    pub async fn load(&self) -> Result<Database> {
        Ok(self.introspect().await?.database)
    }

    /// Reads the schema to compare with `other`: a `schema.prisma` is built with the extensions
    /// `other` has installed (see [`crate::replay`]); any other source reads as [`Source::load`].
    pub async fn load_beside(&self, other: &Database) -> Result<Database> {
        match self {
            Source::Prisma { path, shadow } => {
                let mut read = crate::replay::prisma(path, shadow.as_ref(), Some(other)).await?;
                crate::apply::history::hide_bookkeeping(&mut read.database);
                Ok(read.database)
            }
            _ => self.load().await,
        }
    }

    /// The columns of `database`'s views, read from the live database it was read from; `None`
    /// for a source that is not one (a snapshot, SQL replayed, a `schema.prisma`), which keeps
    /// no view's columns.
    pub async fn view_columns(&self, database: &Database) -> Result<Option<Vec<introspect::ViewColumns>>> {
        let schemas: Vec<String> = database.schemas.iter().map(|s| s.name.clone()).collect();
        Ok(Some(match self {
            Source::Sqlite { path } => introspect::sqlite::view_columns(path).await?,
            Source::Postgres { url } => introspect::postgres::view_columns(url, &schemas).await?,
            Source::Mysql { url } => match schemas.first() {
                Some(schema) => introspect::mysql::view_columns(url, schema).await?,
                None => Vec::new(),
            },
            Source::Snapshot { .. } | Source::Sql { .. } | Source::Prisma { .. } => return Ok(None),
        }))
    }

    /// Reads the schema with figures about the reading (queries sent, time taken).
    pub async fn introspect(&self) -> Result<introspect::Introspection> {
        self.introspect_with(&|_| {}).await
    }

    /// Reads the schema, reporting each completed step to `progress`.
    pub async fn introspect_with(&self, progress: introspect::ProgressSink<'_>) -> Result<introspect::Introspection> {
        let mut read = match self {
            Source::Sqlite { path } => introspect::sqlite::introspect(path, progress).await?,
            Source::Postgres { url } => introspect::postgres::introspect(url, progress).await?,
            Source::Mysql { url } => introspect::mysql::introspect(url, progress).await?,
            Source::Snapshot { path } => {
                let started = std::time::Instant::now();
                let text = tokio::fs::read_to_string(path).await.map_err(|source| file_error(path, source))?;
                let database = Database::from_snapshot_json(&text)
                    .map_err(|source| Error::Snapshot { path: path.clone(), source })?;
                return Ok(introspect::Introspection { database, queries: 0, elapsed: started.elapsed() });
            }
            // Boxed: replaying introspects the scratch database through this same function.
            Source::Sql { path, shadow } => Box::pin(crate::replay::replay(path, shadow.as_ref())).await?,
            Source::Prisma { path, shadow } => Box::pin(crate::replay::prisma(path, shadow.as_ref(), None)).await?,
        };
        crate::apply::history::hide_bookkeeping(&mut read.database);
        Ok(read)
    }
}

/// Maps a file error to "no such file" when that is what it is, so the message names the fix.
pub(crate) fn file_error(path: &Path, source: std::io::Error) -> Error {
    if source.kind() == std::io::ErrorKind::NotFound {
        Error::FileNotFound { path: path.to_owned() }
    } else {
        Error::Io { path: path.to_owned(), source }
    }
}

impl FromStr for Source {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self> {
        let text = text.trim();
        if let Some(name) = strip_prefix_ignore_case(text, "env:") {
            return crate::profile::import::from_variable(name.trim());
        }
        if let Some(rest) = strip_prefix_ignore_case(text, "sqlite:") {
            let path = rest.strip_prefix("//").unwrap_or(rest);
            if path.is_empty() {
                return Err(Error::UnknownSource { text: text.to_owned() });
            }
            return Ok(Source::Sqlite { path: PathBuf::from(path) });
        }
        if let Some((scheme, _)) = text.split_once("://") {
            let scheme = scheme.to_ascii_lowercase();
            let parse = || {
                url::Url::parse(text)
                    .map_err(|e| Error::InvalidUrl { url: redact_url_text(text), reason: e.to_string() })
            };
            return match scheme.as_str() {
                "postgres" | "postgresql" => Ok(Source::Postgres { url: parse()? }),
                "mysql" | "mariadb" => Ok(Source::Mysql { url: parse()? }),
                _ => Err(Error::UnknownSource { text: redact_url_text(text) }),
            };
        }
        let path = PathBuf::from(text);
        let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("db" | "sqlite" | "sqlite3") => Ok(Source::Sqlite { path }),
            Some("json") => Ok(Source::Snapshot { path }),
            Some("sql") => Ok(Source::Sql { path, shadow: None }),
            Some("prisma") => Ok(Source::Prisma { path, shadow: None }),
            _ if path.is_dir() => Ok(Source::Sql { path, shadow: None }),
            _ => Err(Error::UnknownSource { text: text.to_owned() }),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Sqlite { path } => write!(f, "sqlite:{}", path.display()),
            Source::Snapshot { path } | Source::Sql { path, .. } | Source::Prisma { path, .. } => {
                write!(f, "{}", path.display())
            }
            Source::Postgres { url } | Source::Mysql { url } => f.write_str(&redact_url(url)),
        }
    }
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Sqlite { path } => f.debug_struct("Sqlite").field("path", path).finish(),
            Source::Snapshot { path } => f.debug_struct("Snapshot").field("path", path).finish(),
            Source::Sql { path, shadow } => {
                f.debug_struct("Sql").field("path", path).field("shadow", &shadow.as_ref().map(redact_url)).finish()
            }
            Source::Prisma { path, shadow } => {
                f.debug_struct("Prisma").field("path", path).field("shadow", &shadow.as_ref().map(redact_url)).finish()
            }
            Source::Postgres { url } => f.debug_struct("Postgres").field("url", &redact_url(url)).finish(),
            Source::Mysql { url } => f.debug_struct("Mysql").field("url", &redact_url(url)).finish(),
        }
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

/// A URL with any password replaced by `***`.
pub(crate) fn redact_url(url: &url::Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        // Cannot fail: a URL that has a password has a host.
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

/// Redacts the userinfo password of URL-shaped text that did not parse as a URL.
fn redact_url_text(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(user, _)| user);
            let masked = if userinfo.contains(':') { format!("{user}:***") } else { user.to_owned() };
            format!("{scheme}://{masked}@{host}{tail}")
        }
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Source {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn a_database_name_is_shown_as_the_server_names_it() {
        assert_eq!(parse("postgres://u@h/my%20shop").database_name(), "my shop");
        assert_eq!(parse("mysql://u@h/caf%C3%A9").database_name(), "café");
    }

    #[test]
    fn recognizes_sqlite_forms() {
        for (text, path) in [
            ("sqlite:app.data", "app.data"),
            ("sqlite://rel/app.db", "rel/app.db"),
            ("sqlite:///abs/app.db", "/abs/app.db"),
            ("SQLITE:x", "x"),
            ("demo.sqlite", "demo.sqlite"),
            ("dir/demo.SQLITE3", "dir/demo.SQLITE3"),
            ("./a b.db", "./a b.db"),
        ] {
            assert_eq!(parse(text), Source::Sqlite { path: path.into() }, "{text}");
        }
    }

    #[test]
    fn recognizes_snapshots_and_server_urls() {
        assert_eq!(parse("snap.json"), Source::Snapshot { path: "snap.json".into() });
        assert!(matches!(parse("postgres://u@h/db"), Source::Postgres { .. }));
        assert!(matches!(parse("postgresql://u@h:5433/db?sslmode=require"), Source::Postgres { .. }));
        assert!(matches!(parse("mysql://root@127.0.0.1:3306/app"), Source::Mysql { .. }));
        assert!(matches!(parse("mariadb://root@127.0.0.1/app"), Source::Mysql { .. }));
    }

    #[test]
    fn rejects_unknown_forms_with_the_accepted_ones_listed() {
        for text in ["schema.txt", "no-extension", "sqlite:", "oracle://u:pw@h/db"] {
            let err = text.parse::<Source>().unwrap_err().to_string();
            assert!(err.contains("sqlite:PATH") && err.contains(".json"), "{text}: {err}");
        }
    }

    #[test]
    fn display_never_shows_a_password() {
        let source = parse("postgres://alice:s3cr3t@db.example:5432/app");
        assert_eq!(source.to_string(), "postgres://alice:***@db.example:5432/app");
        assert!(!format!("{source:?}").contains("s3cr3t"), "{source:?}");
        let err = "oracle://alice:s3cr3t@db/x".parse::<Source>().unwrap_err().to_string();
        assert!(!err.contains("s3cr3t") && err.contains("alice:***@db"), "{err}");
        let err = "postgres://alice:s3cr3t@[bad/x".parse::<Source>().unwrap_err().to_string();
        assert!(!err.contains("s3cr3t"), "{err}");
    }

    #[tokio::test]
    async fn a_failed_server_connection_never_shows_the_password() {
        let err = parse("mysql://root:s3cr3t@127.0.0.1:1/app").load().await.unwrap_err().to_string();
        assert!(err.contains("root:***@127.0.0.1:1") && !err.contains("s3cr3t"), "{err}");
    }
}
