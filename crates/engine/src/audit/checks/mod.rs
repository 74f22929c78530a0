//! The checks, one per file, in id order.

mod db001_table_without_primary_key;
mod db002_foreign_key_without_index;
mod db003_redundant_index;
mod db004_foreign_key_type_mismatch;
mod db005_key_near_its_limit;
mod db006_invalid_index;
mod db007_constraint_not_validated;
mod db008_policy_allows_everything;
mod db009_policy_without_row_level_security;
mod db010_exposed_table_without_row_level_security;
mod db011_security_definer_without_search_path;
mod db012_public_may_write;
mod db013_unused_index;
mod db014_never_analyzed;
mod db015_orphans_of_an_emulated_relation;

use super::Check;
use crate::dialect::{quote_ident, Dialect};
use crate::model::{Database, Schema, Table};

/// Every check, in id order.
pub(super) static ALL: &[&Check] = &[
    &db001_table_without_primary_key::CHECK,
    &db002_foreign_key_without_index::CHECK,
    &db003_redundant_index::CHECK,
    &db004_foreign_key_type_mismatch::CHECK,
    &db005_key_near_its_limit::CHECK,
    &db006_invalid_index::CHECK,
    &db007_constraint_not_validated::CHECK,
    &db008_policy_allows_everything::CHECK,
    &db009_policy_without_row_level_security::CHECK,
    &db010_exposed_table_without_row_level_security::CHECK,
    &db011_security_definer_without_search_path::CHECK,
    &db012_public_may_write::CHECK,
    &db013_unused_index::CHECK,
    &db014_never_analyzed::CHECK,
    &db015_orphans_of_an_emulated_relation::CHECK,
];

const ALL_DIALECTS: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];
const POSTGRES: &[Dialect] = &[Dialect::Postgres];

/// Every table with its schema.
fn tables(database: &Database) -> impl Iterator<Item = (&Schema, &Table)> {
    database.schemas.iter().flat_map(|s| s.tables.iter().map(move |t| (s, t)))
}

/// `"schema"."name"` as the dialect quotes it (the schema left out where the dialect has one
/// namespace per connection).
fn quoted(database: &Database, schema: &str, name: &str) -> String {
    let dialect = database.flavor.dialect();
    if database.flavor.has_schemas() {
        format!("{}.{}", quote_ident(dialect, schema), quote_ident(dialect, name))
    } else {
        quote_ident(dialect, name)
    }
}

/// The table's row-level security: (enabled, its policies), PostgreSQL only.
fn row_level_security(table: &Table) -> Option<(bool, &[crate::model::Policy])> {
    match &table.extras {
        Some(crate::model::TableExtras::Postgres { row_level_security, policies, .. }) => {
            Some((*row_level_security, policies.as_slice()))
        }
        _ => None,
    }
}
