//! The only place connections are opened. Opening classifies driver errors into the errors a
//! person can act on (missing file, not a database, locked).

use std::path::Path;
use std::time::Duration;

use plumb_engine::dialect::{Flavor, ServerVersion};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::ConnectOptions;
use tracing::Instrument;

use crate::{Error, Result};

/// How long a read waits for another process's write lock before giving up. Bounded so that a
/// locked database gives an error instead of a hang.
pub(crate) const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(3);

/// Opens an existing SQLite database read-only: introspection must never create or change a file.
#[tracing::instrument(level = "debug", skip_all, fields(path = %path.display()))]
pub(crate) async fn open_sqlite_read_only(path: &Path) -> Result<SqliteConnection> {
    let metadata = tokio::fs::metadata(path).await.map_err(|source| crate::source::file_error(path, source))?;
    // A folder, a pipe or a device is no database (and reading a pipe would never end).
    if !metadata.is_file() {
        return Err(Error::NotSqlite { path: path.to_owned() });
    }
    recover_crashed_writer(path).await?;
    SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        // Our own spans name every query; sqlx's statement log would print SQL text, which may
        // hold literal data, and warns on slow statements in the middle of the CLI's output.
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|source| {
            classify_sqlite_error(path, source)
                .unwrap_or_else(|source| Error::Connect { target: path.display().to_string(), source })
        })
}

/// Rolls back what a writer that died mid-transaction left (a hot `-journal`): a read-only
/// connection cannot, and would fail with "attempt to write a readonly database". Opening the file for writing and reading it once is SQLite's own recovery
/// (<https://www.sqlite.org/lockingv3.html#hot_journals>): it restores the file as it was before
/// the unfinished transaction, which never committed. A file without a journal is not touched.
async fn recover_crashed_writer(path: &Path) -> Result<()> {
    let beside = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    if !tokio::fs::metadata(beside("-journal")).await.is_ok_and(|m| m.len() > 0) {
        return Ok(());
    }
    tracing::warn!(path = %path.display(), "a writer left an unfinished transaction: rolling it back");
    let mut conn = open_sqlite_read_write(path).await.map_err(|e| Error::Unsupported {
        what: format!("reading {}, which a writer left in the middle of a transaction ({e})", path.display()),
        hint: "open it once with write access (sqlite3 FILE 'SELECT 1'), which rolls the unfinished transaction back"
            .into(),
    })?;
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sqlite_master")
        .fetch_one(&mut conn)
        .await
        .map_err(|source| Error::Connect { target: path.display().to_string(), source })?;
    sqlx::Connection::close(conn).await.map_err(|source| Error::Connect { target: path.display().to_string(), source })
}

/// Opens an existing SQLite database for writing (apply); never creates one.
pub(crate) async fn open_sqlite_read_write(path: &Path) -> Result<SqliteConnection> {
    let metadata = tokio::fs::metadata(path).await.map_err(|source| crate::source::file_error(path, source))?;
    if !metadata.is_file() {
        return Err(Error::NotSqlite { path: path.to_owned() });
    }
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(false)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|source| {
            classify_sqlite_error(path, source)
                .unwrap_or_else(|source| Error::Connect { target: path.display().to_string(), source })
        })
}

/// Creates (or opens for writing) an SQLite database file.
#[tracing::instrument(level = "debug", skip_all, fields(path = %path.display()))]
pub(crate) async fn create_sqlite(path: &Path) -> Result<SqliteConnection> {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .disable_statement_logging()
        .connect()
        .await
        .map_err(|source| Error::Connect { target: path.display().to_string(), source })
}

/// Turns the SQLite result codes a person can act on into specific errors; hands back others.
///
/// Primary result codes: <https://www.sqlite.org/rescode.html> (5 BUSY, 6 LOCKED, 26 NOTADB).
pub(crate) fn classify_sqlite_error(path: &Path, error: sqlx::Error) -> Result<Error, sqlx::Error> {
    let code = match &error {
        sqlx::Error::Database(db) => db.code().and_then(|c| c.parse::<i32>().ok()).map(|c| c & 0xff),
        _ => None,
    };
    match code {
        Some(26) => Ok(Error::NotSqlite { path: path.to_owned() }),
        Some(5 | 6) => Ok(Error::Locked {
            path: path.to_owned(),
            waited_ms: u64::try_from(SQLITE_BUSY_TIMEOUT.as_millis()).unwrap_or(u64::MAX),
        }),
        _ => Err(error),
    }
}

/// How long connecting to a server may take unless the URL says `?connect_timeout=SECONDS`.
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A server to connect to: the URL the driver gets (Plumb's own parameters removed), what to show
/// people (password redacted) and how long to wait.
#[derive(Debug, Clone)]
pub(crate) struct ServerTarget {
    driver_url: url::Url,
    /// The URL with its password redacted: the only form that reaches messages and logs.
    pub shown: String,
    pub timeout: Duration,
    pub user: String,
    pub database: String,
    /// `?schemas=a,b`: the PostgreSQL schemas to read; empty means every user schema.
    pub schemas: Vec<String>,
}

impl ServerTarget {
    /// Reads a server URL. `mariadb://` is accepted as `mysql://`; `connect_timeout` is Plumb's.
    pub(crate) fn from_url(url: &url::Url) -> Result<Self> {
        let shown = crate::source::redact_url(url);
        let mut driver_url = url.clone();
        let mut timeout = DEFAULT_CONNECT_TIMEOUT;
        let mut schemas = Vec::new();
        let mut kept = Vec::new();
        for (key, value) in url.query_pairs() {
            if key == "schemas" {
                schemas.extend(value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned));
            } else if key == "connect_timeout" {
                let seconds: u64 = value.parse().map_err(|_| Error::InvalidUrl {
                    url: shown.clone(),
                    reason: format!("connect_timeout must be a whole number of seconds, not {value:?}"),
                })?;
                timeout = Duration::from_secs(seconds.max(1));
            } else {
                kept.push((key.into_owned(), value.into_owned()));
            }
        }
        // A certificate or key file named in the URL must exist: otherwise the driver fails later
        // with an error that does not say which file.
        for (key, value) in &kept {
            if matches!(
                key.as_str(),
                "sslrootcert" | "ssl-root-cert" | "ssl-ca" | "sslca" | "sslcert" | "ssl-cert" | "sslkey" | "ssl-key"
            ) && !std::path::Path::new(value).is_file()
            {
                return Err(Error::InvalidUrl { url: shown, reason: format!("{key}: no such file {value:?}") });
            }
        }
        driver_url.set_query(None);
        if !kept.is_empty() {
            driver_url.query_pairs_mut().extend_pairs(kept);
        }
        if driver_url.scheme() == "mariadb" {
            // Cannot fail: both schemes are "special-less" URL schemes of the same shape.
            let _ = driver_url.set_scheme("mysql");
        }
        let database = url.path().trim_start_matches('/').to_owned();
        let user = url::form_urlencoded::parse(url.username().as_bytes())
            .next()
            .map(|(user, _)| user.into_owned())
            .unwrap_or_default();
        Ok(Self { driver_url, shown, timeout, user, database, schemas })
    }

    /// Connects with the timeout, classifying the failures people can act on.
    async fn connect<C, F>(&self, connect: F) -> Result<C>
    where
        F: std::future::Future<Output = Result<C, sqlx::Error>>,
    {
        match tokio::time::timeout(self.timeout, connect).await {
            Ok(Ok(conn)) => Ok(conn),
            Ok(Err(error)) => Err(self.classify(error)),
            Err(_) => Err(Error::ConnectTimeout { target: self.shown.clone(), seconds: self.timeout.as_secs() }),
        }
    }

    /// Maps a driver error on connect or on a catalog query to an error that names the fix.
    pub(crate) fn classify(&self, error: sqlx::Error) -> Error {
        let target = self.shown.clone();
        match &error {
            sqlx::Error::Database(db) => {
                let mysql_number = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>().map(|e| e.number());
                let sqlstate = db.code().map(|c| c.into_owned()).unwrap_or_default();
                match (mysql_number, sqlstate.as_str()) {
                    // MySQL 1045 ER_ACCESS_DENIED_ERROR; PostgreSQL 28P01 invalid_password,
                    // 28000 invalid_authorization_specification (no pg_hba.conf entry, no role).
                    (Some(1045), _) | (None, "28P01" | "28000") => {
                        Error::AuthFailed { target, user: self.user.clone() }
                    }
                    // MySQL 1049 ER_BAD_DB_ERROR; PostgreSQL 3D000 invalid_catalog_name.
                    (Some(1049), _) | (None, "3D000") => {
                        Error::UnknownDatabase { target, database: self.database.clone() }
                    }
                    // MySQL 1044 ER_DBACCESS_DENIED_ERROR: the user exists but may not use the database.
                    (Some(1044), _) | (None, "42501") => {
                        Error::PermissionDenied { target, what: "the database", reason: db.message().to_owned() }
                    }
                    _ => Error::Connect { target, source: error },
                }
            }
            sqlx::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => Error::Unreachable {
                target,
                reason:
                    "connection refused: nothing listens at this host and port (is the server running? check the port)"
                        .into(),
            },
            sqlx::Error::Io(io) if io.to_string().contains("lookup address") => Error::Unreachable {
                target,
                reason: format!("unknown host {:?} (check the host name)", self.driver_url.host_str().unwrap_or("")),
            },
            sqlx::Error::Tls(tls) => Error::Unreachable {
                target,
                reason: format!("TLS failed: {tls} (check sslmode / ssl-mode and the CA file)"),
            },
            // Another kind of server on this port (MySQL answering a PostgreSQL TLS request, an
            // HTTP server): the driver's words name its own source file, which helps nobody.
            sqlx::Error::Protocol(text) => Error::Unreachable {
                target,
                reason: format!(
                    "the server at this host and port answered in a way the database client does not understand \
                     ({}): check the port and the kind of database",
                    without_driver_location(text)
                ),
            },
            // rustls reports a rejected certificate as an I/O error during the handshake.
            sqlx::Error::Io(io) if io.to_string().contains("certificate") => Error::Unreachable {
                target,
                reason: format!(
                    "TLS failed: {io} (the server's certificate does not match the CA file or the host name)"
                ),
            },
            _ => Error::Connect { target, source: error },
        }
    }
}

/// A driver message without the source location it appends (`… (sqlx_postgres::connection::tls:95)`).
fn without_driver_location(text: &str) -> &str {
    match text.rfind(" (sqlx") {
        Some(at) if text.ends_with(')') => &text[..at],
        _ => text,
    }
}

/// Opens a PostgreSQL connection.
#[tracing::instrument(level = "debug", skip_all, fields(target = %target.shown))]
pub(crate) async fn connect_postgres(target: &ServerTarget) -> Result<sqlx::PgConnection> {
    let options = sqlx::postgres::PgConnectOptions::from_url(&target.driver_url)
        .map_err(|e| Error::InvalidUrl { url: target.shown.clone(), reason: e.to_string() })?
        .application_name("plumb")
        .disable_statement_logging();
    target.connect(options.connect()).await
}

/// Opens a PostgreSQL connection and reads the server version, refusing versions Plumb does not
/// support: before 12 the catalog lacks generated columns (`attgenerated`) and `prokind`.
pub(crate) async fn open_postgres(target: &ServerTarget) -> Result<(sqlx::PgConnection, ServerVersion)> {
    let mut conn = connect_postgres(target).await?;
    let number: String = sqlx::query_scalar("SELECT current_setting('server_version_num')")
        .fetch_one(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "version"))
        .await
        .map_err(|e| target.classify(e))?;
    let number: u32 = number.parse().unwrap_or(0);
    // From 10 on, server_version_num is major * 10000 + minor: 150020 is 15.20
    // (https://www.postgresql.org/docs/current/runtime-config-preset.html).
    let version = ServerVersion::new(number / 10_000, number % 10_000, 0);
    if version.major < 12 {
        return Err(Error::Unsupported {
            what: format!("PostgreSQL {version}"),
            hint: "Plumb reads PostgreSQL 12 and newer".into(),
        });
    }
    Ok((conn, version))
}

/// Opens a MySQL or MariaDB connection and tells them apart by the version string.
#[tracing::instrument(level = "debug", skip_all, fields(target = %target.shown))]
pub(crate) async fn open_mysql(target: &ServerTarget) -> Result<(sqlx::MySqlConnection, Flavor, ServerVersion)> {
    if target.database.is_empty() {
        return Err(Error::InvalidUrl {
            url: target.shown.clone(),
            reason: "name the database to inspect at the end of the URL (mysql://user@host/DATABASE)".into(),
        });
    }
    let options = sqlx::mysql::MySqlConnectOptions::from_url(&target.driver_url)
        .map_err(|e| Error::InvalidUrl { url: target.shown.clone(), reason: e.to_string() })?
        .disable_statement_logging();
    let mut conn = target.connect(options.connect()).await?;
    let text: String = sqlx::query_scalar("SELECT VERSION()")
        .fetch_one(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "version"))
        .await
        .map_err(|e| target.classify(e))?;
    let flavor = if text.to_ascii_lowercase().contains("mariadb") { Flavor::Mariadb } else { Flavor::Mysql };
    let version: ServerVersion = text.parse().map_err(|e: plumb_engine::Error| Error::Unsupported {
        what: format!("server version {text:?}"),
        hint: e.to_string(),
    })?;
    // MySQL 5.7 and MariaDB 10.2 are the oldest with the catalog columns Plumb reads.
    let supported = match flavor {
        Flavor::Mariadb => version.at_least(10, 2),
        _ => version.at_least(5, 7),
    };
    if !supported {
        return Err(Error::Unsupported {
            what: format!("{flavor} {version}"),
            hint: "Plumb reads MySQL 5.7+ and MariaDB 10.2+".into(),
        });
    }
    Ok((conn, flavor, version))
}
