//! DB-006: an index left INVALID by a failed `CREATE INDEX CONCURRENTLY` (PostgreSQL).

use super::{quoted, POSTGRES};
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-006",
    name: "invalid-index",
    severity: Severity::Error,
    dialects: POSTGRES,
    summary: "An index is INVALID: a concurrent build failed and left it behind.",
    why: "Queries never use it, yet every write still updates it; a unique one may not have \
          checked the rows that are there. It stays until someone rebuilds or drops it.",
    run,
};

fn run(database: &Database, facts: &Facts) -> Vec<Problem> {
    facts
        .invalid_indexes
        .iter()
        .map(|index| {
            let name = index.name.clone().unwrap_or_default();
            Problem {
                object: format!("{}.{name}", qualified(&index.schema, &index.table)),
                message: format!("index {name} on {} is INVALID: rebuild it", qualified(&index.schema, &index.table)),
                fix: Some(Fix::Sql {
                    sql: format!("REINDEX INDEX CONCURRENTLY {};", quoted(database, &index.schema, &name)),
                }),
            }
        })
        .collect()
}
