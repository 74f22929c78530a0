//! One integration binary; one module per subject (GitButler/matklad style).

mod introspect_sqlite;
mod sqlite_errors;
