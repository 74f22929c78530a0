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
    let admin = ServerTarget::from_url(url)?;
    admin_exec(&admin, dialect, &format!("CREATE DATABASE {quoted}")).await.map_err(|e| match e {
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
    if let Err(error) = admin_exec(&admin, dialect, &format!("DROP DATABASE IF EXISTS {quoted}{force}")).await {
        tracing::warn!(%error, %name, "the scratch database could not be dropped");
    }
    result
}

async fn admin_exec(admin: &ServerTarget, dialect: Dialect, sql: &str) -> Result<()> {
    let query = |source| Error::Query { query: "scratch database", source };
    if dialect == Dialect::Postgres {
        let mut conn = connect_postgres(admin).await?;
        conn.execute(sql).instrument(tracing::debug_span!("admin", sql)).await.map_err(query)?;
    } else {
        let (mut conn, _, _) = open_mysql(admin).await?;
        conn.execute(sql).instrument(tracing::debug_span!("admin", sql)).await.map_err(query)?;
    }
    Ok(())
}
