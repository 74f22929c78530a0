//! The connection an apply runs on, holding the target's advisory lock for as long as it lives so
//! that two applies cannot race: PostgreSQL `pg_try_advisory_lock`, MySQL/MariaDB `GET_LOCK`
//! (named after the database), SQLite `BEGIN IMMEDIATE` (the write lock, taken before anything
//! is read, and the run's transaction itself).
//!
//! Statements go through [`Session::execute`] as text; the server, not the driver, splits the
//! statements of one step. Closing the connection (or losing it) releases the lock, and on
//! PostgreSQL and SQLite rolls back whatever was not committed.

use sqlx::{Connection, Executor, MySqlConnection, PgConnection, SqliteConnection};
use tracing::Instrument;

use crate::connect::{connect_postgres, open_mysql, open_sqlite_read_write, ServerTarget};
use crate::{Error, Result, Source};

/// Plumb's advisory lock key on PostgreSQL: "plumb" in ASCII. Advisory locks are per database.
pub(crate) const PG_LOCK_KEY: i64 = 0x70_6c_75_6d_62;

/// Plumb's lock on MySQL/MariaDB, as an SQL expression: lock names are server-wide and at most
/// 64 characters, so it is named by a digest of the database's name.
pub(crate) const MYSQL_LOCK_NAME: &str = "CONCAT('plumb:', LEFT(SHA1(DATABASE()), 40))";

/// A connection to the target holding Plumb's lock.
pub(crate) enum Session {
    Postgres(PgConnection, ServerTarget),
    Mysql(MySqlConnection, ServerTarget),
    /// Inside `BEGIN IMMEDIATE` from the moment it opens.
    Sqlite(SqliteConnection),
}

impl Session {
    /// Connects and takes the lock, or says that another apply holds it.
    pub(crate) async fn lock(target: &Source) -> Result<Self> {
        let busy = || Error::ApplyInProgress { target: target.to_string() };
        match target {
            Source::Postgres { url } => {
                let server = ServerTarget::from_url(url)?;
                let mut conn = connect_postgres(&server).await?;
                let (got,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
                    .bind(PG_LOCK_KEY)
                    .fetch_one(&mut conn)
                    .instrument(tracing::debug_span!("advisory_lock"))
                    .await
                    .map_err(|e| server.classify(e))?;
                if !got {
                    return Err(busy());
                }
                Ok(Session::Postgres(conn, server))
            }
            Source::Mysql { url } => {
                let server = ServerTarget::from_url(url)?;
                let (mut conn, _, _) = open_mysql(&server).await?;
                let (got,): (Option<i64>,) = sqlx::query_as(&format!("SELECT GET_LOCK({MYSQL_LOCK_NAME}, 0)"))
                    .fetch_one(&mut conn)
                    .instrument(tracing::debug_span!("advisory_lock"))
                    .await
                    .map_err(|e| server.classify(e))?;
                if got != Some(1) {
                    return Err(busy());
                }
                Ok(Session::Mysql(conn, server))
            }
            Source::Sqlite { path } => {
                let mut conn = open_sqlite_read_write(path).await?;
                let setup = |e| {
                    crate::connect::classify_sqlite_error(path, e)
                        .unwrap_or_else(|source| Error::Query { query: "apply", source })
                };
                // Outside the transaction, or it is a no-op (step 1 of SQLite's rebuild procedure).
                conn.execute("PRAGMA foreign_keys = OFF").await.map_err(setup)?;
                // Another writer (an apply or not) makes this wait, then fail as `Locked`.
                conn.execute("BEGIN IMMEDIATE")
                    .instrument(tracing::debug_span!("advisory_lock"))
                    .await
                    .map_err(setup)?;
                Ok(Session::Sqlite(conn))
            }
            Source::Snapshot { path } | Source::Sql { path, .. } | Source::Prisma { path, .. } => {
                Err(Error::Unsupported {
                    what: format!("applying a plan to the file {}", path.display()),
                    hint: "apply to a database".into(),
                })
            }
        }
    }

    /// Runs one step's text (one or several statements).
    pub(crate) async fn execute(&mut self, sql: &str) -> std::result::Result<(), sqlx::Error> {
        match self {
            Session::Postgres(conn, _) => conn.execute(sqlx::raw_sql(sql)).await.map(drop),
            Session::Mysql(conn, _) => conn.execute(sqlx::raw_sql(sql)).await.map(drop),
            Session::Sqlite(conn) => conn.execute(sqlx::raw_sql(sql)).await.map(drop),
        }
    }

    /// The first column of every row, as text.
    pub(crate) async fn texts(&mut self, sql: &str) -> std::result::Result<Vec<String>, sqlx::Error> {
        match self {
            Session::Postgres(conn, _) => sqlx::query_scalar(sql).fetch_all(conn).await,
            Session::Mysql(conn, _) => sqlx::query_scalar(sql).fetch_all(conn).await,
            Session::Sqlite(conn) => sqlx::query_scalar(sql).fetch_all(conn).await,
        }
    }

    /// The first column of every row, as integers.
    pub(crate) async fn integers(&mut self, sql: &str) -> std::result::Result<Vec<i64>, sqlx::Error> {
        match self {
            Session::Postgres(conn, _) => {
                let rows: Vec<i32> = sqlx::query_scalar(sql).fetch_all(conn).await?;
                Ok(rows.into_iter().map(i64::from).collect())
            }
            Session::Mysql(conn, _) => {
                let rows: Vec<i32> = sqlx::query_scalar(sql).fetch_all(conn).await?;
                Ok(rows.into_iter().map(i64::from).collect())
            }
            Session::Sqlite(conn) => sqlx::query_scalar(sql).fetch_all(conn).await,
        }
    }

    /// Turns a driver error of this session into one a person can act on.
    pub(crate) fn classify(&self, query: &'static str, error: sqlx::Error) -> Error {
        match self {
            Session::Postgres(_, server) | Session::Mysql(_, server) => match server.classify(error) {
                Error::Connect { source, .. } => Error::Query { query, source },
                other => other,
            },
            Session::Sqlite(_) => Error::Query { query, source: error },
        }
    }

    /// Runs a batch statement with its key range bound (`$1`/`?` from, `$2`/`?` up to): the
    /// rows it changed.
    pub(crate) async fn batch(&mut self, sql: &str, from: i64, to: i64) -> std::result::Result<u64, sqlx::Error> {
        match self {
            Session::Postgres(conn, _) => Ok(sqlx::query(sql).bind(from).bind(to).execute(conn).await?.rows_affected()),
            Session::Mysql(conn, _) => Ok(sqlx::query(sql).bind(from).bind(to).execute(conn).await?.rows_affected()),
            Session::Sqlite(conn) => Ok(sqlx::query(sql).bind(from).bind(to).execute(conn).await?.rows_affected()),
        }
    }

    /// The first row's two integers, either of which may be NULL.
    pub(crate) async fn pair(&mut self, sql: &str) -> std::result::Result<(Option<i64>, Option<i64>), sqlx::Error> {
        match self {
            Session::Postgres(conn, _) => sqlx::query_as(sql).fetch_one(conn).await,
            Session::Mysql(conn, _) => sqlx::query_as(sql).fetch_one(conn).await,
            Session::Sqlite(conn) => sqlx::query_as(sql).fetch_one(conn).await,
        }
    }

    /// The first row's integer (a count).
    pub(crate) async fn count(&mut self, sql: &str) -> std::result::Result<i64, sqlx::Error> {
        match self {
            Session::Postgres(conn, _) => sqlx::query_scalar(sql).fetch_one(conn).await,
            Session::Mysql(conn, _) => sqlx::query_scalar(sql).fetch_one(conn).await,
            Session::Sqlite(conn) => sqlx::query_scalar(sql).fetch_one(conn).await,
        }
    }

    /// Closes the connection, releasing the lock.
    pub(crate) async fn close(self) {
        let closed = match self {
            Session::Postgres(conn, _) => conn.close().await,
            Session::Mysql(conn, _) => conn.close().await,
            Session::Sqlite(conn) => conn.close().await,
        };
        if let Err(error) = closed {
            tracing::debug!(%error, "closing the apply connection");
        }
    }
}

/// Whether a statement gave up waiting for a lock (PostgreSQL `lock_timeout`, SQLSTATE 55P03;
/// MySQL/MariaDB `lock_wait_timeout`, error 1205): an online step is tried again after a pause.
pub(crate) fn lock_timed_out(error: &sqlx::Error) -> bool {
    let Some(db) = error.as_database_error() else { return false };
    match db.code().as_deref() {
        Some("55P03") => true,
        // MySQL reports SQLSTATE HY000 with error number 1205.
        _ => db.message().contains("Lock wait timeout exceeded"),
    }
}
