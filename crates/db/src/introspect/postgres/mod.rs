//! PostgreSQL introspection: orchestration only. Reads `pg_catalog` (not only
//! `information_schema`) with at most fourteen catalog queries, whatever the number of tables.
//!
//! The queries run on two connections at once, in two repeatable-read, read-only transactions
//! that share one snapshot (`pg_export_snapshot` / `SET TRANSACTION SNAPSHOT`): both see exactly
//! the same catalog, and the server works on the two halves in parallel.

mod convert;
mod normalize;
mod rows;
mod view_columns;

pub use view_columns::view_columns;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use plumb_engine::dialect::ServerVersion;
use sqlx::postgres::{PgConnection, PgRow};
use sqlx::{Connection, FromRow, Postgres, Transaction};
use tracing::Instrument;

use self::convert::CatalogRows;
use self::rows::*;
use super::{Introspection, Progress, ProgressSink};
use crate::connect::{connect_postgres, open_postgres, ServerTarget};
use crate::{Error, Result};

/// Catalog queries in a full reading before PostgreSQL 15 (which adds nulls_not_distinct.sql).
const STEPS: usize = 13;

/// Introspects the PostgreSQL database at `url`: every user schema, or those named by
/// `?schemas=a,b`.
#[tracing::instrument(level = "info", skip_all, fields(target = %crate::source::redact_url(url)))]
pub async fn introspect(url: &url::Url, progress: ProgressSink<'_>) -> Result<Introspection> {
    let started = Instant::now();
    let target = ServerTarget::from_url(url)?;
    let ((mut conn, version), mut helper) = tokio::try_join!(open_postgres(&target), connect_postgres(&target))?;
    let total = if version.major >= 15 { STEPS + 1 } else { STEPS };
    let reader =
        Reader { target: &target, progress, total, version, queries: AtomicUsize::new(1), done: AtomicUsize::new(0) };
    let rows = reader.read_catalog(&mut conn, &mut helper).await;
    // Closing read-only connections cannot lose anything.
    let _ = tokio::join!(conn.close(), helper.close());
    let database = convert::build(&rows?, version);
    let queries = reader.queries.load(Ordering::Relaxed);
    let tables: usize = database.schemas.iter().map(|s| s.tables.len()).sum();
    tracing::info!(tables, queries, elapsed_ms = started.elapsed().as_millis(), "introspected");
    Ok(Introspection { database, queries, elapsed: started.elapsed() })
}

struct Reader<'a> {
    target: &'a ServerTarget,
    progress: ProgressSink<'a>,
    total: usize,
    version: ServerVersion,
    /// Queries sent (catalog queries and the version query), for the benchmark's report.
    queries: AtomicUsize,
    /// Catalog queries done, for progress.
    done: AtomicUsize,
}

impl Reader<'_> {
    async fn begin<'c>(&self, conn: &'c mut PgConnection) -> Result<Transaction<'c, Postgres>> {
        let mut tx = conn.begin().await.map_err(|e| self.target.classify(e))?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(|e| self.target.classify(e))?;
        // The catalog queries' estimated costs cross jit_above_cost on a large schema, and compiling
        // them takes longer than running them (relations: 277 ms with JIT, 66 ms without, on the
        // 2,000-table benchmark). JIT exists from PostgreSQL 11 on.
        if self.version.major >= 11 {
            sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await.map_err(|e| self.target.classify(e))?;
        }
        Ok(tx)
    }

    async fn read_catalog(&self, conn: &mut PgConnection, helper: &mut PgConnection) -> Result<CatalogRows> {
        let mut tx = self.begin(conn).await?;
        let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| self.target.classify(e))?;
        // The snapshot id is server-generated (hex digits and dashes); it goes in as a literal
        // because SET TRANSACTION takes no parameters.
        if !snapshot.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
            return Err(Error::Definition {
                object: "exported snapshot".into(),
                reason: format!("unexpected id {snapshot:?}"),
            });
        }
        let mut helper_tx = self.begin(helper).await?;
        sqlx::query(&format!("SET TRANSACTION SNAPSHOT '{snapshot}'"))
            .execute(&mut *helper_tx)
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

        // Two halves of about equal server time (columns and indexes are the largest queries).
        let first = async {
            Ok::<_, Error>((
                self.fetch(&mut tx, "relations", include_str!("queries/relations.sql"), n()).await?,
                self.fetch(&mut tx, "constraints", include_str!("queries/constraints.sql"), n()).await?,
                self.fetch(&mut tx, "types", include_str!("queries/types.sql"), n()).await?,
                self.fetch(&mut tx, "sequences", include_str!("queries/sequences.sql"), n()).await?,
                self.fetch(&mut tx, "routines", include_str!("queries/routines.sql"), n()).await?,
                self.fetch(&mut tx, "triggers", include_str!("queries/triggers.sql"), n()).await?,
            ))
        };
        let second = async {
            Ok::<_, Error>((
                self.fetch(&mut helper_tx, "columns", include_str!("queries/columns.sql"), n()).await?,
                self.fetch(&mut helper_tx, "indexes", include_str!("queries/indexes.sql"), n()).await?,
                self.fetch(&mut helper_tx, "opclasses", include_str!("queries/opclasses.sql"), None).await?,
                if self.version.major >= 15 {
                    self.fetch(
                        &mut helper_tx,
                        "nulls_not_distinct",
                        include_str!("queries/nulls_not_distinct.sql"),
                        None,
                    )
                    .await?
                } else {
                    Vec::new()
                },
                self.fetch(&mut helper_tx, "policies", include_str!("queries/policies.sql"), n()).await?,
                self.fetch(&mut helper_tx, "extensions", include_str!("queries/extensions.sql"), None).await?,
                self.fetch(&mut helper_tx, "unsupported", include_str!("queries/unsupported.sql"), n()).await?,
            ))
        };
        let (
            (relations, constraints, types, sequences, routines, triggers),
            (columns, indexes, opclasses, nulls_not_distinct, policies, extensions, unsupported),
        ) = tokio::try_join!(first, second)?;
        tokio::try_join!(tx.commit(), helper_tx.commit()).map_err(|e| self.target.classify(e))?;
        Ok(CatalogRows {
            schemas,
            relations,
            columns,
            constraints,
            indexes,
            opclasses,
            nulls_not_distinct,
            types,
            sequences,
            routines,
            triggers,
            policies,
            extensions,
            unsupported,
        })
    }

    /// Runs one catalog query; `schemas` binds `$1` when the query has it.
    async fn fetch<T>(
        &self,
        tx: &mut Transaction<'_, Postgres>,
        query: &'static str,
        sql: &str,
        schemas: Option<Vec<String>>,
    ) -> Result<Vec<T>>
    where
        T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
    {
        let started = Instant::now();
        self.queries.fetch_add(1, Ordering::Relaxed);
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
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        (self.progress)(Progress { step: query, done, total: self.total });
        Ok(rows)
    }
}
