//! MySQL and MariaDB introspection: orchestration only. Reads `information_schema` for the
//! connected database with thirteen queries, whatever the number of tables, each reading one
//! `information_schema` table (see `queries/columns.sql` for why there are no joins). The flavor and version,
//! read once when connecting, pick the query variants where the two servers' catalogs differ.

mod convert;
mod normalize;
mod rows;
mod view_columns;

pub use view_columns::view_columns;

use std::time::Instant;

use plumb_engine::dialect::{Flavor, ServerVersion};
use sqlx::mysql::{MySqlConnection, MySqlRow};
use sqlx::{Connection, FromRow, MySql, Transaction};
use tracing::Instrument;

use self::convert::CatalogRows;
use super::{Introspection, Progress, ProgressSink};
use crate::connect::{open_mysql, ServerTarget};
use crate::{Error, Result};

/// Introspects the MySQL or MariaDB database named in `url`.
#[tracing::instrument(level = "info", skip_all, fields(target = %crate::source::redact_url(url)))]
pub async fn introspect(url: &url::Url, progress: ProgressSink<'_>) -> Result<Introspection> {
    let started = Instant::now();
    let target = ServerTarget::from_url(url)?;
    let (mut conn, flavor, version) = open_mysql(&target).await?;
    let total = if has_check_constraints(flavor, version) { STEPS } else { STEPS - 1 };
    let mut reader = Reader { target: &target, progress, total, queries: 1 };
    let rows = reader.read_catalog(&mut conn, flavor, version).await;
    // Closing a read-only connection cannot lose anything.
    let _ = conn.close().await;
    let database = convert::build(&rows?, &target.database, flavor, version);
    let tables: usize = database.schemas.iter().map(|s| s.tables.len()).sum();
    tracing::info!(tables, queries = reader.queries, elapsed_ms = started.elapsed().as_millis(), "introspected");
    Ok(Introspection { database, queries: reader.queries, elapsed: started.elapsed() })
}

/// CHECK constraints exist on MariaDB 10.2+ (CHECK_CONSTRAINTS names the table) and MySQL 8.0.16+
/// (https://dev.mysql.com/doc/refman/8.0/en/create-table-check-constraints.html).
fn has_check_constraints(flavor: Flavor, version: ServerVersion) -> bool {
    flavor == Flavor::Mariadb || version >= ServerVersion::new(8, 0, 16)
}

/// Catalog queries in a full reading where the server has CHECK constraints.
const STEPS: usize = 12;

struct Reader<'a> {
    target: &'a ServerTarget,
    progress: ProgressSink<'a>,
    total: usize,
    queries: usize,
}

impl Reader<'_> {
    async fn read_catalog(
        &mut self,
        conn: &mut MySqlConnection,
        flavor: Flavor,
        version: ServerVersion,
    ) -> Result<CatalogRows> {
        let mut tx = conn.begin().await.map_err(|e| self.target.classify(e))?;
        // Functional key parts: MySQL 8.0.13+ (https://dev.mysql.com/doc/refman/8.0/en/create-index.html).
        let indexes_sql = if flavor == Flavor::Mysql && version >= ServerVersion::new(8, 0, 13) {
            include_str!("queries/indexes_mysql8.sql")
        } else {
            include_str!("queries/indexes.sql")
        };
        let checks_sql = match flavor {
            Flavor::Mariadb => Some(include_str!("queries/checks_mariadb.sql")),
            _ if has_check_constraints(flavor, version) => Some(include_str!("queries/checks.sql")),
            _ => None,
        };
        let rows = CatalogRows {
            tables: self.fetch(&mut tx, "tables", include_str!("queries/tables.sql")).await?,
            columns: self.fetch(&mut tx, "columns", include_str!("queries/columns.sql")).await?,
            indexes: self.fetch(&mut tx, "indexes", indexes_sql).await?,
            foreign_keys: self.fetch(&mut tx, "foreign_keys", include_str!("queries/foreign_keys.sql")).await?,
            referential: self
                .fetch(&mut tx, "referential_constraints", include_str!("queries/referential_constraints.sql"))
                .await?,
            checks: match checks_sql {
                Some(sql) => self.fetch(&mut tx, "checks", sql).await?,
                None => Vec::new(),
            },
            views: self.fetch(&mut tx, "views", include_str!("queries/views.sql")).await?,
            triggers: self.fetch(&mut tx, "triggers", include_str!("queries/triggers.sql")).await?,
            routines: self.fetch(&mut tx, "routines", include_str!("queries/routines.sql")).await?,
            parameters: self.fetch(&mut tx, "parameters", include_str!("queries/parameters.sql")).await?,
            partitions: self.fetch(&mut tx, "partitions", include_str!("queries/partitions.sql")).await?,
            unsupported: self.fetch(&mut tx, "unsupported", include_str!("queries/unsupported.sql")).await?,
        };
        tx.commit().await.map_err(|e| self.target.classify(e))?;
        Ok(rows)
    }

    async fn fetch<T>(&mut self, tx: &mut Transaction<'_, MySql>, query: &'static str, sql: &str) -> Result<Vec<T>>
    where
        T: for<'r> FromRow<'r, MySqlRow> + Send + Unpin,
    {
        let started = Instant::now();
        self.queries += 1;
        let rows = sqlx::query_as::<_, T>(sql)
            .fetch_all(&mut **tx)
            .instrument(tracing::debug_span!("catalog_query", query))
            .await
            .map_err(|e| match self.target.classify(e) {
                Error::PermissionDenied { target, reason, .. } => {
                    Error::PermissionDenied { target, what: query, reason }
                }
                Error::Connect { source, .. } => Error::Query { query, source },
                other => other,
            })?;
        tracing::debug!(query, rows = rows.len(), elapsed_ms = started.elapsed().as_millis(), "catalog query");
        (self.progress)(Progress { step: query, done: self.queries - 1, total: self.total });
        Ok(rows)
    }
}
