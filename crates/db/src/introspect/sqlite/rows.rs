//! One row struct per catalog query in `queries/`, fields named as the query's columns.

/// A row of `objects.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ObjectRow {
    pub kind: String,
    pub name: String,
    pub table_name: String,
    pub sql: Option<String>,
}

/// A row of `tables.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct TableRow {
    pub name: String,
    pub kind: String,
    pub without_rowid: bool,
    pub strict: bool,
}

/// A row of `columns.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ColumnRow {
    pub table_name: String,
    pub name: String,
    pub declared_type: String,
    pub not_null: bool,
    pub default_value: Option<String>,
    pub pk_position: i64,
    pub hidden: i64,
}

/// A row of `indexes.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct IndexRow {
    pub table_name: String,
    pub index_name: String,
    pub is_unique: bool,
    pub origin: String,
    pub partial: bool,
    pub cid: i64,
    pub column_name: Option<String>,
    pub descending: bool,
}

/// A row of `foreign_keys.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ForeignKeyRow {
    pub table_name: String,
    pub id: i64,
    pub seq: i64,
    pub referenced_table: String,
    pub column_name: String,
    pub referenced_column: Option<String>,
    pub on_update: String,
    pub on_delete: String,
}

/// A row count, by the table's position in the list that built the count query.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct CountRow {
    pub position: i64,
    pub row_count: i64,
}
