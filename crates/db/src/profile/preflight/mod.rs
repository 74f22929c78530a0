//! The connection check ("preflight") of a profile: can Plumb connect, to what server and
//! version, as whom, how fast, over TLS or not, may that user change the schema, and how many
//! tables are there. A fixed number of queries whatever the size of the database; read-only.
//! The result holds no secret: it is kept for evidence files.

use std::path::Path;
use std::time::{Duration, Instant};

use plumb_engine::dialect::{Flavor, ServerVersion};
use serde::{Deserialize, Serialize};
use sqlx::{Connection, Row};
use tracing::Instrument;

use crate::connect::{open_mysql, open_postgres, open_sqlite_read_only, ServerTarget};
use crate::{Error, Result, Source};

/// What a connection check found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct Preflight {
    /// The target, shown without password.
    pub target: String,
    /// PostgreSQL, MySQL, MariaDB or SQLite.
    pub flavor: Flavor,
    /// The server (or SQLite library) version.
    pub server_version: ServerVersion,
    /// The server's own description of itself (`PostgreSQL 15.20 (Debian …) on x86_64…`).
    pub version_text: String,
    /// The user the server knows us as (`postgres`, `root@127.0.0.1`); none for SQLite.
    pub user: Option<String>,
    /// The database connected to (the file, for SQLite).
    pub database: String,
    /// The schema changes would go to (PostgreSQL).
    pub schema: Option<String>,
    /// Whether this user may create and alter tables there.
    pub can_change_schema: bool,
    /// Why, in words (`CREATE on schema public`, `the file is read-only`).
    pub privileges: String,
    /// Whether the connection is encrypted; none for SQLite (a local file).
    pub tls: Option<bool>,
    /// Tables in the database (every user schema on PostgreSQL).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub tables: u64,
    /// How long connecting took.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub connect_ms: u64,
    /// The shortest of three round trips, in milliseconds.
    pub latency_ms: f64,
    /// When the check ran.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub checked_at: jiff::Timestamp,
}

const ROUND_TRIPS: usize = 3;

/// Checks the connection to `source` (never writes).
pub async fn preflight(source: &Source) -> Result<Preflight> {
    let started = Instant::now();
    let span = tracing::info_span!("preflight", target = %source);
    async move {
        match source {
            Source::Sqlite { path } => sqlite(path, started).await,
            Source::Postgres { url } => postgres(&ServerTarget::from_url(url)?, started).await,
            Source::Mysql { url } => mysql(&ServerTarget::from_url(url)?, started).await,
            Source::Snapshot { path } | Source::Sql { path, .. } | Source::Prisma { path, .. } => {
                Err(Error::Unsupported {
                    what: format!("a connection check of {}", path.display()),
                    hint: "a file is not a connection".into(),
                })
            }
        }
    }
    .instrument(span)
    .await
}

async fn postgres(target: &ServerTarget, started: Instant) -> Result<Preflight> {
    let (mut conn, version) = open_postgres(target).await?;
    let connect_ms = millis(started.elapsed());
    let row = sqlx::query(include_str!("postgres.sql"))
        .bind(target.schemas.first())
        .fetch_one(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "preflight"))
        .await
        .map_err(|e| target.classify(e))?;
    let get = |e: sqlx::Error| target.classify(e);
    let schema: String = row.try_get("schema_name").map_err(get)?;
    let superuser: bool = row.try_get("superuser").map_err(get)?;
    let can_create: bool = row.try_get("can_create").map_err(get)?;
    let privileges = match (superuser, can_create) {
        (true, _) => "superuser".to_owned(),
        (false, true) => format!("CREATE on schema {schema}"),
        (false, false) => format!("no CREATE privilege on schema {schema}: plans can be made, not applied"),
    };
    let latency_ms = latency(&mut conn, get).await?;
    let check = Preflight {
        target: target.shown.clone(),
        flavor: Flavor::Postgres,
        server_version: version,
        version_text: row.try_get("version_text").map_err(get)?,
        user: Some(row.try_get("user_name").map_err(get)?),
        database: row.try_get("database_name").map_err(get)?,
        schema: Some(schema),
        can_change_schema: superuser || can_create,
        privileges,
        tls: Some(row.try_get("tls").map_err(get)?),
        tables: count(row.try_get("tables").map_err(get)?),
        connect_ms,
        latency_ms,
        checked_at: jiff::Timestamp::now(),
    };
    let _ = conn.close().await;
    Ok(check)
}

async fn mysql(target: &ServerTarget, started: Instant) -> Result<Preflight> {
    let (mut conn, flavor, version) = open_mysql(target).await?;
    let connect_ms = millis(started.elapsed());
    let get = |e: sqlx::Error| target.classify(e);
    let row = sqlx::query(include_str!("mysql.sql"))
        .fetch_one(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "preflight"))
        .await
        .map_err(get)?;
    let cipher = sqlx::query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
        .fetch_optional(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "ssl_cipher"))
        .await
        .map_err(get)?;
    let cipher: String = match cipher {
        Some(row) => row.try_get(1).map_err(get)?,
        None => String::new(),
    };
    let database: Option<String> = row.try_get("database_name").map_err(get)?;
    let database = database.unwrap_or_default();
    let can_change_schema = row.try_get::<i64, _>("ddl_privileges").map_err(get)? >= 2;
    let privileges = if can_change_schema {
        format!("CREATE and ALTER on {database}")
    } else {
        format!("no CREATE and ALTER privileges on {database} (granted to this account or globally): plans can be made, not applied")
    };
    let latency_ms = latency(&mut conn, get).await?;
    let check = Preflight {
        target: target.shown.clone(),
        flavor,
        server_version: version,
        version_text: row.try_get("version_text").map_err(get)?,
        user: Some(row.try_get("user_name").map_err(get)?),
        database,
        schema: None,
        can_change_schema,
        privileges,
        tls: Some(!cipher.is_empty()),
        tables: count(row.try_get("tables").map_err(get)?),
        connect_ms,
        latency_ms,
        checked_at: jiff::Timestamp::now(),
    };
    let _ = conn.close().await;
    Ok(check)
}

async fn sqlite(path: &Path, started: Instant) -> Result<Preflight> {
    let mut conn = open_sqlite_read_only(path).await?;
    let connect_ms = millis(started.elapsed());
    let query = |e| Error::Query { query: "preflight", source: e };
    let row = sqlx::query(include_str!("sqlite.sql"))
        .fetch_one(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "preflight"))
        .await
        .map_err(query)?;
    let version_text: String = row.try_get("version_text").map_err(query)?;
    // Opening for writing (without writing) is the test the apply will pass or fail.
    let writable = std::fs::OpenOptions::new().write(true).open(path).is_ok();
    let latency_ms = latency(&mut conn, query).await?;
    let check = Preflight {
        target: format!("sqlite:{}", path.display()),
        flavor: Flavor::Sqlite,
        server_version: version_text.parse().unwrap_or_else(|_| ServerVersion::new(3, 0, 0)),
        version_text: format!("SQLite {version_text}"),
        user: None,
        database: path.display().to_string(),
        schema: None,
        can_change_schema: writable,
        privileges: if writable { "the file is writable".into() } else { "the file is read-only".into() },
        tls: None,
        tables: count(row.try_get("tables").map_err(query)?),
        connect_ms,
        latency_ms,
        checked_at: jiff::Timestamp::now(),
    };
    let _ = conn.close().await;
    Ok(check)
}

/// The shortest of a few round trips (the driver's ping): the network's latency, not the
/// server's load.
async fn latency<C: Connection>(conn: &mut C, error: impl Fn(sqlx::Error) -> Error) -> Result<f64> {
    let mut best = Duration::MAX;
    for _ in 0..ROUND_TRIPS {
        let one = Instant::now();
        conn.ping().instrument(tracing::debug_span!("round_trip")).await.map_err(&error)?;
        best = best.min(one.elapsed());
    }
    Ok(best.as_secs_f64() * 1000.0)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}
