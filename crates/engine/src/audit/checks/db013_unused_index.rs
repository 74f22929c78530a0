//! DB-013: an index never scanned since statistics were reset (PostgreSQL).

use super::POSTGRES;
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-013",
    name: "unused-index",
    severity: Severity::Info,
    dialects: POSTGRES,
    summary: "An index that enforces nothing has never been scanned since statistics were reset.",
    why: "Every write updates it and it takes space, for no query. Check on every replica and \
          over a full business cycle (a monthly report may need it) before dropping it.",
    run,
};

/// `1536` → `1.5 kB`.
fn size(bytes: i64) -> String {
    let units = ["bytes", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < units.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", units[unit])
    }
}

fn run(_: &Database, facts: &Facts) -> Vec<Problem> {
    facts
        .unused_indexes
        .iter()
        .map(|used| {
            let name = used.index.name.clone().unwrap_or_default();
            Problem {
                object: format!("{}.{name}", qualified(&used.index.schema, &used.index.table)),
                message: format!(
                    "index {name} on {} ({}) has never been scanned",
                    qualified(&used.index.schema, &used.index.table),
                    size(used.bytes)
                ),
                fix: Some(Fix::DropIndex {
                    schema: used.index.schema.clone(),
                    table: used.index.table.clone(),
                    index: name,
                }),
            }
        })
        .collect()
}
