//! DB-012: write privileges granted to `PUBLIC`, every role (PostgreSQL).

use super::{quoted, POSTGRES};
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-012",
    name: "public-may-write",
    severity: Severity::Error,
    dialects: POSTGRES,
    summary: "PUBLIC (every role, present and future) may insert, update, delete or truncate a table.",
    why: "Any login — a read-only reporting user, a compromised service — may change or empty the \
          table. Grants belong to the roles that need them.",
    run,
};

fn run(database: &Database, facts: &Facts) -> Vec<Problem> {
    facts
        .public_writes
        .iter()
        .map(|(table, privileges)| Problem {
            object: qualified(&table.schema, &table.table),
            message: format!("PUBLIC may {} on {}", privileges.join(", "), qualified(&table.schema, &table.table)),
            fix: Some(Fix::Sql {
                sql: format!(
                    "REVOKE {} ON {} FROM PUBLIC;",
                    privileges.join(", "),
                    quoted(database, &table.schema, &table.table)
                ),
            }),
        })
        .collect()
}
