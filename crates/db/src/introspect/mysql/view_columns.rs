//! The columns of MySQL and MariaDB views, for `plumb types`: one catalog query.

use plumb_engine::model::{Column, ColumnType};
use sqlx::Connection;
use tracing::Instrument;

use super::normalize::{column_type, type_kind};
use crate::connect::{open_mysql, ServerTarget};
use crate::introspect::ViewColumns;
use crate::Result;

#[derive(sqlx::FromRow)]
struct Row {
    view_name: String,
    name: String,
    nullable: i64,
    data_type: String,
    column_type: String,
}

/// The columns of every view of the database named in `url`, under `schema` (the model's name for
/// the database).
pub async fn view_columns(url: &url::Url, schema: &str) -> Result<Vec<ViewColumns>> {
    let target = ServerTarget::from_url(url)?;
    let (mut conn, _, _) = open_mysql(&target).await?;
    let rows: Result<Vec<Row>> = sqlx::query_as(include_str!("queries/view_columns.sql"))
        .fetch_all(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "view_columns"))
        .await
        .map_err(|e| target.classify(e));
    // Closing a read-only connection cannot lose anything.
    let _ = conn.close().await;
    Ok(super::super::group_view_columns(rows?.into_iter().map(|r| {
        let raw = column_type(&r.column_type);
        let kind = type_kind(&r.data_type, &raw);
        let mut column = Column::new(r.name, ColumnType::new(raw, kind));
        column.nullable = r.nullable != 0;
        (schema.to_owned(), r.view_name, column)
    })))
}
