//! DB-014: a table never analyzed (PostgreSQL).

use super::{quoted, POSTGRES};
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-014",
    name: "never-analyzed",
    severity: Severity::Info,
    dialects: POSTGRES,
    summary: "A table has never been analyzed, by hand or by autovacuum.",
    why: "The planner guesses its size and the spread of its values: plans can be far off \
          (nested loops over what is in fact a large table). Autovacuum analyzes a table only \
          after enough rows change.",
    run,
};

fn run(database: &Database, facts: &Facts) -> Vec<Problem> {
    facts
        .never_analyzed
        .iter()
        .map(|table| Problem {
            object: qualified(&table.schema, &table.table),
            message: format!("{} has never been analyzed", qualified(&table.schema, &table.table)),
            fix: Some(Fix::Sql { sql: format!("ANALYZE {};", quoted(database, &table.schema, &table.table)) }),
        })
        .collect()
}
