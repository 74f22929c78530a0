//! PostgreSQL's facts for the audit: five catalog queries in one read-only transaction.

use plumb_engine::audit::{Facts, IndexUse, KeyUse, ObjectRef};
use plumb_engine::model::TypeKind;
use sqlx::postgres::PgRow;
use sqlx::{Connection, FromRow, PgConnection};
use tracing::Instrument;

use crate::connect::{connect_postgres, ServerTarget};
use crate::Result;

#[derive(FromRow)]
struct KeyRow {
    schema_name: String,
    sequence_name: String,
    table_name: Option<String>,
    column_name: Option<String>,
    column_type: Option<String>,
    last_value: i64,
    max_value: i64,
}

#[derive(FromRow)]
struct IndexRow {
    schema_name: String,
    table_name: String,
    index_name: String,
}

#[derive(FromRow)]
struct UnusedRow {
    schema_name: String,
    table_name: String,
    index_name: String,
    bytes: i64,
}

#[derive(FromRow)]
struct GrantRow {
    schema_name: String,
    table_name: String,
    privileges: String,
}

#[derive(FromRow)]
struct TableRow {
    schema_name: String,
    table_name: String,
}

async fn fetch<T>(
    target: &ServerTarget,
    conn: &mut PgConnection,
    query: &'static str,
    sql: &str,
    schemas: &[String],
) -> Result<Vec<T>>
where
    T: for<'r> FromRow<'r, PgRow> + Send + Unpin,
{
    sqlx::query_as::<_, T>(sql)
        .bind(schemas)
        .fetch_all(conn)
        .instrument(tracing::debug_span!("catalog_query", query))
        .await
        .map_err(|e| target.classify(e))
}

/// Reads the facts of the database at `url`, in `schemas`.
pub(super) async fn facts(url: &url::Url, schemas: &[String]) -> Result<Facts> {
    let target = ServerTarget::from_url(url)?;
    let mut conn = connect_postgres(&target).await?;
    let read = read(&target, &mut conn, schemas).await;
    // Closing a read-only connection cannot lose anything.
    let _ = conn.close().await;
    read
}

async fn read(target: &ServerTarget, conn: &mut PgConnection, schemas: &[String]) -> Result<Facts> {
    let mut tx = conn.begin().await.map_err(|e| target.classify(e))?;
    sqlx::query("SET TRANSACTION READ ONLY").execute(&mut *tx).await.map_err(|e| target.classify(e))?;
    let keys: Vec<KeyRow> = fetch(target, &mut tx, "keys", include_str!("queries/keys.sql"), schemas).await?;
    let invalid: Vec<IndexRow> =
        fetch(target, &mut tx, "invalid_indexes", include_str!("queries/invalid_indexes.sql"), schemas).await?;
    let unused: Vec<UnusedRow> =
        fetch(target, &mut tx, "unused_indexes", include_str!("queries/unused_indexes.sql"), schemas).await?;
    let grants: Vec<GrantRow> =
        fetch(target, &mut tx, "public_writes", include_str!("queries/public_writes.sql"), schemas).await?;
    let unanalyzed: Vec<TableRow> =
        fetch(target, &mut tx, "never_analyzed", include_str!("queries/never_analyzed.sql"), schemas).await?;
    tx.rollback().await.map_err(|e| target.classify(e))?;
    let table = |schema: String, table: String, name: Option<String>| ObjectRef { schema, table, name };
    Ok(Facts {
        live: true,
        keys: keys
            .into_iter()
            .filter_map(|k| {
                // The column's type may end before its sequence does (an integer fed by a bigint one).
                let column_max = k
                    .column_type
                    .as_deref()
                    .and_then(|printed| TypeKind::of_postgres_name(printed).integer_max())
                    .unwrap_or(k.max_value);
                Some(KeyUse {
                    column: table(k.schema_name, k.table_name?, k.column_name),
                    sequence: Some(k.sequence_name),
                    last_value: k.last_value,
                    max_value: column_max.min(k.max_value),
                })
            })
            .collect(),
        invalid_indexes: invalid.into_iter().map(|i| table(i.schema_name, i.table_name, Some(i.index_name))).collect(),
        unused_indexes: unused
            .into_iter()
            .map(|u| IndexUse { index: table(u.schema_name, u.table_name, Some(u.index_name)), bytes: u.bytes })
            .collect(),
        public_writes: grants
            .into_iter()
            .map(|g| (table(g.schema_name, g.table_name, None), g.privileges.split(", ").map(str::to_owned).collect()))
            .collect(),
        never_analyzed: unanalyzed.into_iter().map(|t| table(t.schema_name, t.table_name, None)).collect(),
        ..Facts::default()
    })
}
