//! PostgreSQL introspection: orchestration only. Reads `pg_catalog` (not only
//! `information_schema`) with at most fifteen queries in one read-only, repeatable-read
//! transaction, whatever the number of tables.

mod convert;
mod normalize;
mod rows;

use std::time::Instant;

use plumb_engine::dialect::ServerVersion;
use sqlx::postgres::{PgConnection, PgRow};
use sqlx::{Connection, FromRow, Postgres, Transaction};
use tracing::Instrument;

use self::convert::CatalogRows;
use self::rows::*;
use super::{Introspection, Progress, ProgressSink};
use crate::connect::{open_postgres, ServerTarget};
use crate::{Error, Result};

/// Introspects the PostgreSQL database at `url`: every user schema, or those named by
/// `?schemas=a,b`.
#[tracing::instrument(level = "info", skip_all, fields(target = %crate::source::redact_url(url)))]
pub async fn introspect(url: &url::Url, progress: ProgressSink<'_>) -> Result<Introspection> {
    let started = Instant::now();
    let target = ServerTarget::from_url(url)?;
    let (mut conn, version) = open_postgres(&target).await?;
    let total = if version.major >= 15 { STEPS + 1 } else { STEPS };
    let mut reader = Reader { target: &target, progress, total, version, queries: 1 };
    let rows = reader.read_catalog(&mut conn).await;
    // Closing a read-only connection cannot lose anything.
    let _ = conn.close().await;
    let database = convert::build(&rows?, version);
    let tables: usize = database.schemas.iter().map(|s| s.tables.len()).sum();
    tracing::info!(tables, queries = reader.queries, elapsed_ms = started.elapsed().as_millis(), "introspected");
    Ok(Introspection { database, queries: reader.queries, elapsed: started.elapsed() })
}

/// Catalog queries in a full reading before PostgreSQL 15 (which adds nulls_not_distinct.sql).
const STEPS: usize = 13;

struct Reader<'a> {
    target: &'a ServerTarget,
    progress: ProgressSink<'a>,
    total: usize,
    version: ServerVersion,
    queries: usize,
}

impl Reader<'_> {
    async fn read_catalog(&mut self, conn: &mut PgConnection) -> Result<CatalogRows> {
        let mut tx = conn.begin().await.map_err(|e| self.target.classify(e))?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(|e| self.target.classify(e))?;
        let wanted = (!self.target.schemas.is_empty()).then(|| self.target.schemas.clone());
        let schemas: Vec<SchemaRow> =
            self.fetch(&mut tx, "schemas", include_str!("queries/schemas.sql"), wanted).await?;
        if let Some(missing) = self.target.schemas.iter().find(|wanted| !schemas.iter().any(|s| &s.name == *wanted)) {
            return Err(Error::Unsupported {
                what: format!("schema {missing:?}"),
                hint: format!("{} has no such user schema; check ?schemas=", self.target.shown),
            });
        }
        let names: Vec<String> = schemas.iter().map(|s| s.name.clone()).collect();
        let n = || Some(names.clone());
        let rows = CatalogRows {
            relations: self.fetch(&mut tx, "relations", include_str!("queries/relations.sql"), n()).await?,
            columns: self.fetch(&mut tx, "columns", include_str!("queries/columns.sql"), n()).await?,
            constraints: self.fetch(&mut tx, "constraints", include_str!("queries/constraints.sql"), n()).await?,
            indexes: self.fetch(&mut tx, "indexes", include_str!("queries/indexes.sql"), n()).await?,
            opclasses: self.fetch(&mut tx, "opclasses", include_str!("queries/opclasses.sql"), None).await?,
            nulls_not_distinct: if self.version.major >= 15 {
                self.fetch(&mut tx, "nulls_not_distinct", include_str!("queries/nulls_not_distinct.sql"), None).await?
            } else {
                Vec::new()
            },
            types: self.fetch(&mut tx, "types", include_str!("queries/types.sql"), n()).await?,
            sequences: self.fetch(&mut tx, "sequences", include_str!("queries/sequences.sql"), n()).await?,
            routines: self.fetch(&mut tx, "routines", include_str!("queries/routines.sql"), n()).await?,
            triggers: self.fetch(&mut tx, "triggers", include_str!("queries/triggers.sql"), n()).await?,
            policies: self.fetch(&mut tx, "policies", include_str!("queries/policies.sql"), n()).await?,
            extensions: self.fetch(&mut tx, "extensions", include_str!("queries/extensions.sql"), None).await?,
            unsupported: self.fetch(&mut tx, "unsupported", include_str!("queries/unsupported.sql"), n()).await?,
            schemas,
        };
        tx.commit().await.map_err(|e| self.target.classify(e))?;
        Ok(rows)
    }

    /// Runs one catalog query; `schemas` binds `$1` when the query has it.
    async fn fetch<T>(
        &mut self,
        tx: &mut Transaction<'_, Postgres>,
        query: &'static str,
        sql: &str,
        schemas: Option<Vec<String>>,
    ) -> Result<Vec<T>>
    where
        T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        let started = Instant::now();
        self.queries += 1;
        let mut q = sqlx::query_as::<_, T>(sql);
        if sql.contains("$1") {
            q = q.bind(schemas);
        }
        let rows =
            q.fetch_all(&mut **tx).instrument(tracing::debug_span!("catalog_query", query)).await.map_err(|e| {
                match self.target.classify(e) {
                    Error::PermissionDenied { target, reason, .. } => {
                        Error::PermissionDenied { target, what: query, reason }
                    }
                    Error::Connect { source, .. } => Error::Query { query, source },
                    other => other,
                }
            })?;
        tracing::debug!(query, rows = rows.len(), elapsed_ms = started.elapsed().as_millis(), "catalog query");
        (self.progress)(Progress { step: query, done: self.queries - 1, total: self.total });
        Ok(rows)
    }
}
