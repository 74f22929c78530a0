//! The columns of PostgreSQL views, for `plumb types`: one catalog query.

use plumb_engine::model::{Column, ColumnType};
use sqlx::Connection;
use tracing::Instrument;

use super::normalize::type_kind;
use crate::connect::{connect_postgres, ServerTarget};
use crate::introspect::ViewColumns;
use crate::Result;

#[derive(sqlx::FromRow)]
struct Row {
    schema_name: String,
    view_name: String,
    name: String,
    data_type: String,
    type_name: String,
    nullable: bool,
}

/// The columns of every view and materialized view in `schemas` of the database at `url`.
pub async fn view_columns(url: &url::Url, schemas: &[String]) -> Result<Vec<ViewColumns>> {
    let target = ServerTarget::from_url(url)?;
    let mut conn = connect_postgres(&target).await?;
    let rows: Result<Vec<Row>> = sqlx::query_as(include_str!("queries/view_columns.sql"))
        .bind(schemas)
        .fetch_all(&mut conn)
        .instrument(tracing::debug_span!("catalog_query", query = "view_columns"))
        .await
        .map_err(|e| target.classify(e));
    // Closing a read-only connection cannot lose anything.
    let _ = conn.close().await;
    Ok(super::super::group_view_columns(rows?.into_iter().map(|r| {
        let mut column =
            Column::new(r.name, ColumnType::new(r.data_type.clone(), type_kind(&r.type_name, &r.data_type)));
        column.nullable = r.nullable;
        (r.schema_name, r.view_name, column)
    })))
}
