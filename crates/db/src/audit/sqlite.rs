//! SQLite's facts for the audit: how far `AUTOINCREMENT` keys have counted (`sqlite_sequence`).

use std::path::Path;

use plumb_engine::audit::{Facts, KeyUse, ObjectRef};
use plumb_engine::model::{Database, Identity};
use sqlx::Connection;
use tracing::Instrument;

use crate::connect::{classify_sqlite_error, open_sqlite_read_only};
use crate::{Error, Result};

/// Reads the facts of the SQLite file at `path`, whose schema is `database`.
pub(super) async fn facts(path: &Path, database: &Database) -> Result<Facts> {
    let mut conn = open_sqlite_read_only(path).await?;
    // sqlite_sequence exists once a table with AUTOINCREMENT has been created.
    let sequences: std::result::Result<Vec<(String, i64)>, sqlx::Error> = async {
        let exists: Option<String> =
            sqlx::query_scalar("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'")
                .fetch_optional(&mut conn)
                .await?;
        match exists {
            Some(_) => sqlx::query_as("SELECT name, seq FROM sqlite_sequence").fetch_all(&mut conn).await,
            None => Ok(Vec::new()),
        }
    }
    .instrument(tracing::debug_span!("catalog_query", query = "sqlite_sequence"))
    .await;
    // Closing a read-only connection cannot lose anything.
    let _ = conn.close().await;
    let sequences = sequences.map_err(|source| {
        classify_sqlite_error(path, source).unwrap_or_else(|source| Error::Query { query: "sqlite_sequence", source })
    })?;
    let keys = database
        .schemas
        .iter()
        .flat_map(|s| s.tables.iter().map(move |t| (s, t)))
        .filter_map(|(schema, table)| {
            let (_, seq) = sequences.iter().find(|(name, _)| *name == table.name)?;
            let column = table.columns.iter().find(|c| c.identity == Some(Identity::AutoIncrement))?;
            Some(KeyUse {
                column: ObjectRef {
                    schema: schema.name.clone(),
                    table: table.name.clone(),
                    name: Some(column.name.clone()),
                },
                sequence: None,
                last_value: *seq,
                max_value: i64::MAX,
            })
        })
        .collect();
    Ok(Facts { live: true, keys, ..Facts::default() })
}
