//! One row struct per catalog query in `queries/`, fields named as the query's columns. Numbers
//! and flags are cast to signed BIGINT in the queries, so they decode the same on every server.

/// A row of `tables.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct TableRow {
    pub name: String,
    pub kind: String,
    pub engine: Option<String>,
    pub collation: Option<String>,
    pub comment: Option<String>,
    pub row_estimate: Option<i64>,
    pub total_bytes: Option<i64>,
    pub next_auto_increment: Option<i64>,
    pub partitioned: i64,
}

/// A row of `columns.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ColumnRow {
    pub table_name: String,
    pub name: String,
    pub default_value: Option<String>,
    pub nullable: i64,
    pub data_type: String,
    pub column_type: String,
    pub charset: Option<String>,
    pub collation: Option<String>,
    pub extra: String,
    pub comment: String,
    pub generation_expression: Option<String>,
}

/// A row of `indexes.sql` / `indexes_mysql8.sql`: one key part.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct IndexRow {
    pub table_name: String,
    pub name: String,
    pub is_unique: i64,
    pub seq: i64,
    pub column_name: Option<String>,
    pub expression: Option<String>,
    pub prefix_length: Option<i64>,
    pub method: String,
    pub sort_order: Option<String>,
    pub comment: String,
}

/// A row of `foreign_keys.sql`: one column pair.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ForeignKeyRow {
    pub table_name: String,
    pub name: String,
    pub seq: i64,
    pub column_name: String,
    pub referenced_schema: String,
    pub referenced_table: String,
    pub referenced_column: String,
}

/// A row of `referential_constraints.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ReferentialRow {
    pub table_name: String,
    pub name: String,
    pub on_update: String,
    pub on_delete: String,
}

/// A row of `parameters.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ParameterRow {
    pub routine_name: String,
    pub kind: String,
    pub seq: i64,
    pub mode: Option<String>,
    pub name: Option<String>,
    pub data_type: String,
}

/// A row of `checks.sql` / `checks_mariadb.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CheckRow {
    pub table_name: String,
    pub name: String,
    pub clause: String,
}

/// A row of `views.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ViewRow {
    pub name: String,
    pub definition: String,
}

/// A row of `triggers.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct TriggerRow {
    pub name: String,
    pub table_name: String,
    pub timing: String,
    pub event: String,
    pub statement: String,
}

/// A row of `routines.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct RoutineRow {
    pub name: String,
    pub kind: String,
    pub result_type: Option<String>,
    pub body: Option<String>,
    pub is_deterministic: i64,
    pub data_access: String,
    pub comment: String,
}

/// A row of `partitions.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PartitionRow {
    pub table_name: String,
    pub name: String,
    pub method: String,
    pub expression: Option<String>,
    pub description: Option<String>,
    pub subpartitioned: i64,
}

/// A row of `unsupported.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct UnsupportedRow {
    pub kind: String,
    pub name: String,
}
