//! DB-001: a table without a primary key.

use super::{tables, ALL_DIALECTS};
use crate::audit::{qualified, Check, Facts, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-001",
    name: "table-without-primary-key",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "A table has no primary key.",
    why: "Rows cannot be told apart: duplicates creep in, an ORM cannot update or delete one row, \
          logical replication and most online schema change tools refuse the table, and MySQL \
          makes a hidden key of its own.",
    run,
};

fn run(database: &Database, _: &Facts) -> Vec<Problem> {
    tables(database)
        .filter(|(_, t)| t.primary_key.is_none())
        .map(|(s, t)| Problem {
            object: qualified(&s.name, &t.name),
            message: format!(
                "{} has no primary key: add one on the column (or columns) that identify a row",
                qualified(&s.name, &t.name)
            ),
            fix: None,
        })
        .collect()
}
