//! Temporary databases on a server, each made for one piece of work (replaying SQL sources,
//! capturing a plan's locks) and dropped afterwards, whatever happened.

use std::future::Future;

use plumb_engine::dialect::{quote_ident, Dialect};
use sqlx::Executor;
use tracing::Instrument;

use crate::connect::{connect_postgres, open_mysql, ServerTarget};
use crate::{Error, Result, Source};

/// Creates a database on `server`'s server, named for its `purpose` (`plumb_scratch_replay_…`),
/// runs `work` on it, and drops it.
pub(crate) async fn with_scratch<T, Fut>(server: &Source, purpose: &str, work: impl FnOnce(Source) -> Fut) -> Result<T>
where
    Fut: Future<Output = Result<T>>,
{
    let (url, dialect) = match server {
        Source::Postgres { url } => (url, Dialect::Postgres),
        Source::Mysql { url } => (url, Dialect::Mysql),
        other => {
            return Err(Error::Unsupported {
                what: format!("a scratch database on {other}"),
                hint: "give a postgres:// or mysql:// server".into(),
            })
        }
    };
    // Unique, so that pieces of work in parallel never meet.
    let name = format!("plumb_scratch_{purpose}_{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let quoted = quote_ident(dialect, &name);
    execute(server, &format!("CREATE DATABASE {quoted}"), "scratch database").await.map_err(|e| match e {
        Error::Query { source, .. } => {
            Error::Query { query: "create a scratch database (needs CREATEDB or CREATE)", source }
        }
        other => other,
    })?;
    let mut scratch_url = url.clone();
    scratch_url.set_path(&format!("/{name}"));
    let scratch = match dialect {
        Dialect::Postgres => Source::Postgres { url: scratch_url },
        _ => Source::Mysql { url: scratch_url },
    };
    let result = work(scratch).instrument(tracing::info_span!("scratch_database", %name)).await;
    // WITH (FORCE): a connection the work left open must not keep it (PostgreSQL 13+).
    let force = if dialect == Dialect::Postgres { " WITH (FORCE)" } else { "" };
    if let Err(error) = execute(server, &format!("DROP DATABASE IF EXISTS {quoted}{force}"), "scratch database").await {
        tracing::warn!(%error, %name, "the scratch database could not be dropped");
    }
    result
}

/// Runs `sql` (one or several statements) on the database of `server`, a PostgreSQL or
/// MySQL/MariaDB source, on a connection of its own; `query` names it in errors.
pub(crate) async fn execute(server: &Source, sql: &str, query: &'static str) -> Result<()> {
    let failed = |source| Error::Query { query, source };
    match server {
        Source::Postgres { url } => {
            let mut conn = connect_postgres(&ServerTarget::from_url(url)?).await?;
            conn.execute(sqlx::raw_sql(sql)).instrument(tracing::debug_span!("admin", sql)).await.map_err(failed)?;
        }
        Source::Mysql { url } => {
            let (mut conn, _, _) = open_mysql(&ServerTarget::from_url(url)?).await?;
            conn.execute(sqlx::raw_sql(sql)).instrument(tracing::debug_span!("admin", sql)).await.map_err(failed)?;
        }
        other => {
            return Err(Error::Unsupported {
                what: format!("running SQL on {other}"),
                hint: "give a postgres:// or mysql:// server".into(),
            })
        }
    }
    Ok(())
}
