//! MySQL and MariaDB introspection: orchestration only. Reads `information_schema` for the
//! connected database with at most twelve queries whatever the number of tables (eleven where no
//! table is partitioned), each reading one `information_schema` table (see `queries/columns.sql`
//! for why there are no joins). The flavor and version, read once when connecting, pick the query
//! variants where the two servers' catalogs differ.
//!
//! The queries run on three connections at once, in groups of about equal server time: the server
//! builds each `information_schema` table from every table's definition, and does so for the
//! three groups in parallel. MySQL and MariaDB have no snapshot to share between connections (and
//! MariaDB's `information_schema` none even within one), so a DDL statement that runs meanwhile
//! may be seen by one query and not another, as it could before; what a plan is applied to is
//! checked by its fingerprint at apply time, never by this reading.
mod convert;
mod normalize;
mod rows;
mod view_columns;

pub use view_columns::view_columns;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use plumb_engine::dialect::{Flavor, ServerVersion};
use sqlx::mysql::{MySqlConnection, MySqlRow};
use sqlx::{Connection, FromRow};
use tracing::Instrument;

use self::convert::CatalogRows;
use self::rows::TableRow;
use super::{Introspection, Progress, ProgressSink};
use crate::connect::{open_mysql, ServerTarget};
use crate::{Error, Result};

/// Introspects the MySQL or MariaDB database named in `url`.
#[tracing::instrument(level = "info", skip_all, fields(target = %crate::source::redact_url(url)))]
pub async fn introspect(url: &url::Url, progress: ProgressSink<'_>) -> Result<Introspection> {
    let started = Instant::now();
    let target = ServerTarget::from_url(url)?;
    let ((mut conn, flavor, version), (mut second, ..), (mut third, ..)) =
        tokio::try_join!(open_mysql(&target), open_mysql(&target), open_mysql(&target))?;
    let total = if has_check_constraints(flavor, version) { STEPS } else { STEPS - 1 };
    let reader = Reader { target: &target, progress, total, queries: AtomicUsize::new(3), done: AtomicUsize::new(0) };
    let rows = reader.read_catalog([&mut conn, &mut second, &mut third], flavor, version).await;
    // Closing read-only connections cannot lose anything.
    let _ = tokio::join!(conn.close(), second.close(), third.close());
    let database = convert::build(&rows?, &target.database, flavor, version);
    let queries = reader.queries.load(Ordering::Relaxed);
    let tables: usize = database.schemas.iter().map(|s| s.tables.len()).sum();
    tracing::info!(tables, queries, elapsed_ms = started.elapsed().as_millis(), "introspected");
    Ok(Introspection { database, queries, elapsed: started.elapsed() })
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
    /// Queries sent (catalog queries and each connection's version query), for the benchmark.
    queries: AtomicUsize,
    /// Catalog queries done, for progress.
    done: AtomicUsize,
}

impl Reader<'_> {
    async fn read_catalog(
        &self,
        [first, second, third]: [&mut MySqlConnection; 3],
        flavor: Flavor,
        version: ServerVersion,
    ) -> Result<CatalogRows> {
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
        // Three groups of about equal server time on the 2,000-table benchmark schema. PARTITIONS
        // costs as much as any of them and is empty unless a table is partitioned: tables.sql says
        // whether one is, so it is read only then.
        let columns = self.fetch(first, "columns", include_str!("queries/columns.sql"));
        let relations = async {
            let tables: Vec<TableRow> = self.fetch(second, "tables", include_str!("queries/tables.sql")).await?;
            let partitions = match tables.iter().any(|t| t.partitioned != 0) {
                true => self.fetch(second, "partitions", include_str!("queries/partitions.sql")).await?,
                false => self.skip("partitions"),
            };
            Ok::<_, Error>((
                tables,
                partitions,
                self.fetch(second, "foreign_keys", include_str!("queries/foreign_keys.sql")).await?,
                self.fetch(second, "referential_constraints", include_str!("queries/referential_constraints.sql"))
                    .await?,
            ))
        };
        let rest = async {
            Ok::<_, Error>((
                self.fetch(third, "indexes", indexes_sql).await?,
                match checks_sql {
                    Some(sql) => self.fetch(third, "checks", sql).await?,
                    None => Vec::new(),
                },
                self.fetch(third, "views", include_str!("queries/views.sql")).await?,
                self.fetch(third, "triggers", include_str!("queries/triggers.sql")).await?,
                self.fetch(third, "routines", include_str!("queries/routines.sql")).await?,
                self.fetch(third, "parameters", include_str!("queries/parameters.sql")).await?,
                self.fetch(third, "unsupported", include_str!("queries/unsupported.sql")).await?,
            ))
        };
        let (
            columns,
            (tables, partitions, foreign_keys, referential),
            (indexes, checks, views, triggers, routines, parameters, unsupported),
        ) = tokio::try_join!(columns, relations, rest)?;
        Ok(CatalogRows {
            tables,
            columns,
            indexes,
            foreign_keys,
            referential,
            checks,
            views,
            triggers,
            routines,
            parameters,
            partitions,
            unsupported,
        })
    }

    /// A catalog query not sent because its rows are known to be none, counted done for progress.
    fn skip<T>(&self, query: &'static str) -> Vec<T> {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        (self.progress)(Progress { step: query, done, total: self.total });
        Vec::new()
    }

    async fn fetch<T>(&self, conn: &mut MySqlConnection, query: &'static str, sql: &str) -> Result<Vec<T>>
    where
        T: for<'r> FromRow<'r, MySqlRow> + Send + Unpin,
    {
        let started = Instant::now();
        self.queries.fetch_add(1, Ordering::Relaxed);
        let rows = sqlx::query_as::<_, T>(sql)
            .fetch_all(&mut *conn)
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
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        (self.progress)(Progress { step: query, done, total: self.total });
        Ok(rows)
    }
}
