//! One integration binary; one module per subject (GitButler/matklad style).

mod apply_gate;
mod apply_run;
mod bench_schema;
mod converge;
mod data_loss;
mod diff_live;
mod drift;
mod export;
mod hostile_names;
mod introspect_mysql;
mod introspect_postgres;
mod introspect_sqlite;
mod lint_live;
mod lock_capture;
mod migrate_deploy;
mod migrate_new;
mod migrate_status;
mod preflight;
mod prisma_pull;
mod prisma_source;
mod property;
mod property_dependencies;
mod replay;
mod server_errors;
mod sqlite_errors;
mod squawk_agreement;
