//! One row struct per catalog query in `queries/`, fields named as the query's columns.

/// A row of `schemas.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct SchemaRow {
    pub name: String,
    pub comment: Option<String>,
}

/// A row of `relations.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct RelationRow {
    pub schema_name: String,
    pub name: String,
    pub kind: String,
    pub unlogged: bool,
    pub partition_key: Option<String>,
    pub parent_schema: Option<String>,
    pub parent_name: Option<String>,
    pub partition_bound: Option<String>,
    pub inherits_schemas: Vec<String>,
    pub inherits_names: Vec<String>,
    pub rule_names: Vec<String>,
    pub rule_definitions: Vec<String>,
    pub row_level_security: bool,
    pub force_row_level_security: bool,
    pub comment: Option<String>,
    pub view_definition: Option<String>,
    pub reltuples: f64,
    pub live_tuples: Option<i64>,
    pub total_bytes: Option<i64>,
}

/// A row of `columns.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ColumnRow {
    pub schema_name: String,
    pub table_name: String,
    pub attnum: i16,
    pub name: String,
    pub data_type: String,
    pub type_name: String,
    pub not_null: bool,
    pub default_value: Option<String>,
    pub identity: String,
    pub generated: String,
    pub collation: Option<String>,
    pub comment: Option<String>,
}

/// A row of `constraints.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ConstraintRow {
    pub schema_name: String,
    pub owner_name: String,
    pub on_domain: bool,
    pub name: String,
    pub kind: String,
    pub attnums: Vec<i16>,
    pub referenced_schema: Option<String>,
    pub referenced_table: Option<String>,
    pub referenced_columns: Option<Vec<String>>,
    pub on_update: String,
    pub on_delete: String,
    pub match_type: String,
    pub deferrable: bool,
    pub deferred: bool,
    pub validated: bool,
    pub check_expression: Option<String>,
    pub definition: Option<String>,
    pub index_oid: i64,
    pub comment: Option<String>,
}

/// A row of `indexes.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct IndexRow {
    pub schema_name: String,
    pub table_name: String,
    pub name: String,
    pub is_unique: bool,
    pub method: String,
    pub predicate: Option<String>,
    pub key_count: i32,
    pub attnums: Vec<i16>,
    pub expressions: Vec<String>,
    pub options: Vec<i16>,
    pub opclass_oids: Vec<i64>,
    pub collations: Vec<String>,
    pub oid: i64,
    pub comment: Option<String>,
}

/// A row of `opclasses.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct OpclassRow {
    pub oid: i64,
    pub name: String,
}

/// A row of `nulls_not_distinct.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct OidRow {
    pub oid: i64,
}

/// A row of `types.sql`: an enum (`kind` e) or a domain (`kind` d).
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct TypeRow {
    pub schema_name: String,
    pub name: String,
    pub kind: String,
    pub labels: Vec<String>,
    pub base_type: Option<String>,
    pub not_null: bool,
    pub default_value: Option<String>,
    pub collation: Option<String>,
    pub comment: Option<String>,
}

/// A row of `sequences.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct SequenceRow {
    pub schema_name: String,
    pub name: String,
    pub data_type: String,
    pub start: i64,
    pub increment: i64,
    pub min_value: i64,
    pub max_value: i64,
    pub cache: i64,
    pub cycle: bool,
    pub owner_table: Option<String>,
    pub owner_column: Option<String>,
    pub comment: Option<String>,
}

/// A row of `routines.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct RoutineRow {
    pub schema_name: String,
    pub name: String,
    pub kind: String,
    pub arguments: String,
    pub returns: Option<String>,
    pub language: String,
    pub definition: String,
    pub comment: Option<String>,
}

/// A row of `triggers.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct TriggerRow {
    pub schema_name: String,
    pub table_name: String,
    pub name: String,
    pub type_bits: i32,
    pub update_columns: Vec<String>,
    pub definition: String,
    pub comment: Option<String>,
}

/// A row of `policies.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct PolicyRow {
    pub schema_name: String,
    pub table_name: String,
    pub name: String,
    pub command: String,
    pub permissive: bool,
    pub roles: Vec<String>,
    pub using_expression: Option<String>,
    pub check_expression: Option<String>,
    pub comment: Option<String>,
}

/// A row of `extensions.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ExtensionRow {
    pub name: String,
    pub version: String,
    pub schema_name: String,
}

/// A row of `unsupported.sql`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct UnsupportedRow {
    pub kind: String,
    pub schema_name: Option<String>,
    pub name: String,
}
