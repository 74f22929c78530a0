//! The benchmark schema: a large, realistic schema generated into an *empty* database, so that
//! introspection can be timed at scale against the servers' own dump tools.
//!
//! Shape per table: ten columns (identity key, a foreign key to the previous table, text, char,
//! a checked status, numeric, integer, boolean, JSON, timestamp), a unique and a two-column index,
//! a comment; every twentieth table also feeds a view. 2,000 tables give 20,000 columns, 4,000
//! indexes besides the primary keys, 1,999 foreign keys and 100 views.

pub mod online;

use std::fmt::Write;

use plumb_engine::dialect::{quote_ident, Dialect};
use sqlx::{Connection, Executor};
use tracing::Instrument;

use crate::connect::{open_mysql, open_postgres, ServerTarget};
use crate::{Error, Result, Source};

/// How big a schema to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Number of tables.
    pub tables: usize,
    /// Number of views (each joins a table to its parent).
    pub views: usize,
    /// Generate the *changed* variant, the desired side of `plumb bench plan`: every tenth table
    /// has an extra column, every twenty-fifth a narrower index, every fiftieth a wider
    /// `quantity` column.
    pub changed: bool,
}

/// PostgreSQL schemas the tables are spread over, as in a modular application.
const PG_SCHEMAS: usize = 4;
/// Tables per batch of statements sent at once.
const BATCH: usize = 50;

fn table_name(i: usize) -> String {
    format!("t{i:05}")
}

/// Runs `work` on three new, empty databases on `server`'s server (the benchmark's large schema,
/// its changed variant and an empty one) and drops them afterwards, whatever happened.
pub async fn with_databases<T, Fut>(server: &Source, work: impl FnOnce([Source; 3]) -> Fut) -> Result<T>
where
    Fut: std::future::Future<Output = Result<T>>,
{
    crate::scratch::with_scratch(server, "bench", |big| async move {
        crate::scratch::with_scratch(server, "bench_changed", |changed| async move {
            crate::scratch::with_scratch(server, "bench_empty", |empty| work([big, changed, empty])).await
        })
        .await
    })
    .await
}

/// Generates the benchmark schema into the database at `source`, which must hold no table:
/// Plumb never writes into a database with content outside a reviewed plan. `progress` gets the
/// number of tables created so far.
pub async fn generate(source: &Source, shape: Shape, mut progress: impl FnMut(usize)) -> Result<()> {
    let existing = source.load().await?;
    if let Some(table) =
        existing.schemas.iter().find_map(|s| s.tables.first().map(|t| (s.name.clone(), t.name.clone())))
    {
        return Err(Error::Unsupported {
            what: format!("generating the benchmark schema into {source}, which has tables ({}.{})", table.0, table.1),
            hint: "create an empty database for it".into(),
        });
    }
    let batches = batches(existing.flavor.dialect(), shape);
    match source {
        Source::Postgres { url } => {
            let (mut conn, _) = open_postgres(&ServerTarget::from_url(url)?).await?;
            for (done, batch) in batches {
                conn.execute(sqlx::raw_sql(&batch))
                    .await
                    .map_err(|source| Error::Query { query: "benchmark schema", source })?;
                progress(done);
            }
            // Thousands of new tables leave autovacuum work on the catalogs, which would then run
            // beside the measurements: a database in use has had it done long ago.
            conn.execute("VACUUM ANALYZE")
                .instrument(tracing::debug_span!("vacuum_benchmark_schema"))
                .await
                .map_err(|source| Error::Query { query: "vacuum the benchmark schema", source })?;
            let _ = conn.close().await;
        }
        Source::Mysql { url } => {
            let (mut conn, _, _) = open_mysql(&ServerTarget::from_url(url)?).await?;
            for (done, batch) in batches {
                conn.execute(sqlx::raw_sql(&batch))
                    .await
                    .map_err(|source| Error::Query { query: "benchmark schema", source })?;
                progress(done);
            }
            let _ = conn.close().await;
        }
        Source::Sqlite { .. } | Source::Snapshot { .. } | Source::Sql { .. } | Source::Prisma { .. } => {
            return Err(Error::Unsupported {
                what: format!("generating the benchmark schema into {source}"),
                hint: "the benchmark compares against pg_dump and mariadb-dump: use a postgres:// or mysql:// URL"
                    .into(),
            })
        }
    }
    Ok(())
}

/// The DDL in batches, each with the number of tables done after it.
fn batches(dialect: Dialect, shape: Shape) -> Vec<(usize, String)> {
    let q = |name: &str| quote_ident(dialect, name);
    let qualified = |i: usize| match dialect {
        Dialect::Postgres => format!("{}.{}", q(&format!("s{}", i % PG_SCHEMAS)), q(&table_name(i))),
        _ => q(&table_name(i)),
    };
    let mut out = Vec::new();
    let mut sql = String::new();
    if dialect == Dialect::Postgres {
        for s in 0..PG_SCHEMAS {
            let _ = writeln!(sql, "CREATE SCHEMA {};", q(&format!("s{s}")));
        }
    }
    for i in 0..shape.tables {
        let t = qualified(i);
        let name = table_name(i);
        let parent = (i > 0).then(|| qualified(i - 1));
        let extra = if shape.changed && i % 10 == 0 { ", note varchar(100)" } else { "" };
        let parent_idx = if shape.changed && i % 25 == 0 { "parent_id" } else { "parent_id, created_at" };
        let quantity = match (shape.changed && i % 50 == 0, dialect) {
            (true, _) => "bigint",
            (false, Dialect::Postgres) => "integer",
            (false, _) => "int",
        };
        match dialect {
            Dialect::Postgres => {
                let fk = parent.map(|p| format!(" REFERENCES {p} (id) ON DELETE SET NULL")).unwrap_or_default();
                let _ = writeln!(
                    sql,
                    "CREATE TABLE {t} (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, parent_id bigint{fk}, \
                     name varchar(200) NOT NULL, code char(8), status text NOT NULL DEFAULT 'new' \
                     CHECK (status IN ('new', 'active', 'done')), amount numeric(12,2) DEFAULT 0, quantity {quantity}, \
                     is_active boolean NOT NULL DEFAULT true, payload jsonb, created_at timestamptz NOT NULL DEFAULT now(){extra});\
                     CREATE UNIQUE INDEX {} ON {t} (code);\
                     CREATE INDEX {} ON {t} ({parent_idx});\
                     COMMENT ON TABLE {t} IS 'Generated table {i}';",
                    q(&format!("{name}_code_key")),
                    q(&format!("{name}_parent_idx")),
                );
            }
            _ => {
                let fk = parent
                    .map(|p| {
                        format!(
                            ", CONSTRAINT {} FOREIGN KEY (parent_id) REFERENCES {p} (id) ON DELETE SET NULL",
                            q(&format!("{name}_parent_fk"))
                        )
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    sql,
                    "CREATE TABLE {t} (id bigint NOT NULL AUTO_INCREMENT PRIMARY KEY, parent_id bigint, \
                     name varchar(200) NOT NULL, code char(8), status enum('new','active','done') NOT NULL DEFAULT 'new', \
                     amount decimal(12,2) DEFAULT 0, quantity {quantity}, is_active tinyint(1) NOT NULL DEFAULT 1, payload json, \
                     created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP{extra}, UNIQUE KEY {} (code), \
                     KEY {} ({parent_idx}){fk}) COMMENT 'Generated table {i}';",
                    q(&format!("{name}_code_key")),
                    q(&format!("{name}_parent_idx")),
                );
            }
        }
        if (i + 1) % BATCH == 0 || i + 1 == shape.tables {
            out.push((i + 1, std::mem::take(&mut sql)));
        }
    }
    let step = (shape.tables / shape.views.max(1)).max(2);
    for v in 0..shape.views.min(shape.tables / 2) {
        let child = v * step + 1;
        if child >= shape.tables {
            break;
        }
        let view = match dialect {
            Dialect::Postgres => format!("{}.{}", q(&format!("s{}", v % PG_SCHEMAS)), q(&format!("v{v:03}"))),
            _ => q(&format!("v{v:03}")),
        };
        let _ = writeln!(
            sql,
            "CREATE VIEW {view} AS SELECT c.id, c.name, c.status, p.name AS parent_name \
             FROM {} AS c LEFT JOIN {} AS p ON p.id = c.parent_id;",
            qualified(child),
            qualified(child - 1),
        );
    }
    if !sql.is_empty() {
        out.push((shape.tables, sql));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_has_the_promised_counts() {
        for dialect in [Dialect::Postgres, Dialect::Mysql] {
            let sql: String = batches(dialect, Shape { tables: 2000, views: 100, changed: false })
                .into_iter()
                .map(|(_, s)| s)
                .collect();
            assert_eq!(sql.matches("CREATE TABLE").count(), 2000);
            assert_eq!(sql.matches(" (id bigint").count(), 2000);
            assert_eq!(sql.matches("REFERENCES").count(), 1999);
            assert_eq!(sql.matches("CREATE VIEW").count(), 100);
            let indexes = match dialect {
                Dialect::Postgres => sql.matches("CREATE UNIQUE INDEX").count() + sql.matches("CREATE INDEX").count(),
                _ => sql.matches(" KEY `").count(),
            };
            assert_eq!(indexes, 4000, "{dialect:?}");
            assert!(!sql.contains("note"));
            let changed: String = batches(dialect, Shape { tables: 2000, views: 100, changed: true })
                .into_iter()
                .map(|(_, s)| s)
                .collect();
            assert_eq!(changed.matches(", note varchar(100)").count(), 200);
            assert_eq!(changed.matches("quantity bigint").count(), 40);
        }
    }
}
