//! The rule catalog, one file per rule, each with its why, instead and sources: data loss, backward
//! incompatibility, PostgreSQL locks and rewrites, execution context, MySQL/MariaDB online DDL and
//! SQLite's ALTER TABLE limits. [`ALL`] lists them in catalog order.

mod add_required_column;
mod add_rewriting_column;
mod backfill_in_migration;
mod cascade_drop;
mod check_violations;
mod delete_all_rows;
mod drop_column;
mod drop_foreign_key;
mod drop_not_null;
mod drop_partition;
mod drop_schema;
mod drop_sequence;
mod drop_table;
mod drop_type;
mod drop_unique_constraint;
mod enum_add_value_unordered;
mod enum_value_remove;
mod foreign_key_orphans;
mod identifier_too_long;
mod json_column;
mod long_lock_held;
mod lossy_type_change;
mod mysql_add_check;
mod mysql_add_fk;
mod mysql_charset_change;
mod mysql_copy_algorithm;
mod mysql_engine_change;
mod mysql_enum_set_change;
mod mysql_implicit_default_backfill;
mod mysql_inline_references_ignored;
mod mysql_lock_option;
mod mysql_osc_needed;
mod mysql_set_not_null_non_strict;
mod mysql_varchar_resize;
mod non_transactional_ddl_batch;
mod not_null_violations;
mod osc_unique_change_silent_loss;
mod pg_add_check_validating;
mod pg_add_column_volatile_default;
mod pg_add_enum_value_in_transaction;
mod pg_add_fk_validating;
mod pg_add_primary_key_blocking;
mod pg_add_unique_blocking;
mod pg_attach_partition_scan;
mod pg_cic_corruption_version;
mod pg_column_type_rewrite;
mod pg_concurrently_in_transaction;
mod pg_create_index_blocking;
mod pg_detach_partition_blocking;
mod pg_domain_constraint;
mod pg_drop_index_blocking;
mod pg_exclusion_constraint;
mod pg_refresh_matview_blocking;
mod pg_reindex_blocking;
mod pg_rewriting_table_op;
mod pg_set_not_null_scan;
mod pg_validate_same_transaction;
mod possible_rename;
mod recreate_table;
mod rename_column;
mod rename_schema;
mod rename_table;
mod require_lock_timeout;
mod require_statement_timeout;
mod sqlite_add_column_restrictions;
mod sqlite_drop_column_restrictions;
mod sqlite_rebuild_procedure;
mod sqlite_set_not_null_rebuild;
mod sqlite_unsupported_alter;
mod transaction_control_misuse;
mod truncate_table;
mod unique_violations;
mod unparsable_statement;

pub(super) use super::context::{self, Context};
pub(super) use super::live::ProbeKind;
pub(super) use super::locks;
pub(super) use super::op::{ColumnSpec, Op, OpKind, Origin};
pub(super) use super::{counted, mentions, Hit, Rule, Severity};
pub(super) use crate::dialect::Dialect;
pub(crate) use lossy_type_change::{narrowing_probe, narrows};

const ALL_DIALECTS: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];
const PG: &[Dialect] = &[Dialect::Postgres];
const MY: &[Dialect] = &[Dialect::Mysql];
const LITE: &[Dialect] = &[Dialect::Sqlite];
const PG_MY: &[Dialect] = &[Dialect::Postgres, Dialect::Mysql];

/// Above this many rows a rebuild deserves an online schema change tool (`mysql-osc-needed`),
/// and a copying tool's silent loss of duplicates becomes a risk (`osc-unique-change-silent-loss`).
const LARGE_TABLE_ROWS: u64 = 1_000_000;

/// Every rule, in catalog order.
pub(super) static ALL: &[&Rule] = &[
    &drop_table::RULE,
    &drop_column::RULE,
    &drop_schema::RULE,
    &truncate_table::RULE,
    &delete_all_rows::RULE,
    &cascade_drop::RULE,
    &lossy_type_change::RULE,
    &enum_value_remove::RULE,
    &drop_sequence::RULE,
    &drop_partition::RULE,
    &recreate_table::RULE,
    &drop_foreign_key::RULE,
    &drop_unique_constraint::RULE,
    &drop_type::RULE,
    &rename_table::RULE,
    &rename_column::RULE,
    &rename_schema::RULE,
    &add_required_column::RULE,
    &json_column::RULE,
    &possible_rename::RULE,
    &drop_not_null::RULE,
    &pg_create_index_blocking::RULE,
    &pg_drop_index_blocking::RULE,
    &pg_concurrently_in_transaction::RULE,
    &pg_add_unique_blocking::RULE,
    &pg_add_primary_key_blocking::RULE,
    &pg_add_fk_validating::RULE,
    &pg_add_check_validating::RULE,
    &pg_validate_same_transaction::RULE,
    &pg_set_not_null_scan::RULE,
    &pg_add_column_volatile_default::RULE,
    &add_rewriting_column::RULE,
    &pg_column_type_rewrite::RULE,
    &pg_rewriting_table_op::RULE,
    &pg_reindex_blocking::RULE,
    &pg_detach_partition_blocking::RULE,
    &pg_attach_partition_scan::RULE,
    &pg_refresh_matview_blocking::RULE,
    &pg_exclusion_constraint::RULE,
    &pg_domain_constraint::RULE,
    &pg_add_enum_value_in_transaction::RULE,
    &enum_add_value_unordered::RULE,
    &pg_cic_corruption_version::RULE,
    &require_lock_timeout::RULE,
    &require_statement_timeout::RULE,
    &long_lock_held::RULE,
    &backfill_in_migration::RULE,
    &non_transactional_ddl_batch::RULE,
    &transaction_control_misuse::RULE,
    &identifier_too_long::RULE,
    &unparsable_statement::RULE,
    &mysql_copy_algorithm::RULE,
    &mysql_lock_option::RULE,
    &mysql_add_fk::RULE,
    &mysql_add_check::RULE,
    &mysql_implicit_default_backfill::RULE,
    &mysql_inline_references_ignored::RULE,
    &mysql_charset_change::RULE,
    &mysql_engine_change::RULE,
    &mysql_osc_needed::RULE,
    &mysql_set_not_null_non_strict::RULE,
    &mysql_enum_set_change::RULE,
    &mysql_varchar_resize::RULE,
    &sqlite_unsupported_alter::RULE,
    &sqlite_add_column_restrictions::RULE,
    &sqlite_rebuild_procedure::RULE,
    &sqlite_drop_column_restrictions::RULE,
    &sqlite_set_not_null_rebuild::RULE,
    &osc_unique_change_silent_loss::RULE,
    &not_null_violations::RULE,
    &unique_violations::RULE,
    &foreign_key_orphans::RULE,
    &check_violations::RULE,
];
