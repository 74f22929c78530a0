//! The columns of SQLite views, for `plumb types`: one query over the table-valued pragma.

use std::path::Path;

use plumb_engine::model::{Column, ColumnType};
use sqlx::Connection;
use tracing::Instrument;

use super::normalize::type_kind;
use crate::connect::{classify_sqlite_error, open_sqlite_read_only};
use crate::introspect::ViewColumns;
use crate::{Error, Result};

#[derive(sqlx::FromRow)]
struct Row {
    view_name: String,
    name: String,
    declared_type: String,
    not_null: bool,
}

/// The columns of every view of the SQLite file at `path`.
pub async fn view_columns(path: &Path) -> Result<Vec<ViewColumns>> {
    let mut conn = open_sqlite_read_only(path).await?;
    let rows: std::result::Result<Vec<Row>, sqlx::Error> = sqlx::query_as(include_str!("queries/view_columns.sql"))
        .fetch_all(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "view_columns"))
        .await;
    // Closing a read-only connection cannot lose anything.
    let _ = conn.close().await;
    let rows = rows.map_err(|source| {
        classify_sqlite_error(path, source).unwrap_or_else(|source| Error::Query { query: "view_columns", source })
    })?;
    Ok(super::super::group_view_columns(rows.into_iter().map(|r| {
        let mut column = Column::new(r.name, ColumnType::new(r.declared_type.clone(), type_kind(&r.declared_type)));
        column.nullable = !r.not_null;
        (super::convert::MAIN_SCHEMA.to_owned(), r.view_name, column)
    })))
}
