//! DB-005: a key generator past 75 % of what its column holds.

use super::{quoted, tables, ALL_DIALECTS};
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::{Column, Database, Identity};

pub(super) static CHECK: Check = Check {
    id: "DB-005",
    name: "key-near-its-limit",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "A sequence or auto-increment key has used more than 75 % of its type's range.",
    why: "When it reaches the end, every insert fails until the column is widened — and widening \
          a large table's key rewrites it under a lock. Plan it while there is time.",
    run,
};

/// Past this share of the range, the key is reported.
const SHARE: f64 = 0.75;

/// The largest value a column of this type holds (MySQL's unsigned and narrower integers too).
fn column_max(column: &Column) -> Option<i64> {
    let raw = column.column_type.raw.to_ascii_lowercase();
    let signed_max = match raw.split(['(', ' ']).next().unwrap_or("") {
        "tinyint" => i64::from(i8::MAX),
        "mediumint" => 8_388_607,
        _ => column.column_type.kind.integer_max()?,
    };
    // An unsigned column holds twice the range and one more (never past an i64's).
    Some(if raw.contains("unsigned") && signed_max < i64::MAX { signed_max * 2 + 1 } else { signed_max })
}

fn problem(database: &Database, schema: &str, table: &str, column: &str, what: &str, last: i64, max: i64) -> Problem {
    let percent = last as f64 * 100.0 / max as f64;
    let widened = format!(
        "-- rewrites the table under a lock: plan it with plumb plan --online, or in a quiet hour\nALTER TABLE {} ALTER COLUMN {} TYPE bigint;",
        quoted(database, schema, table),
        crate::dialect::quote_ident(database.flavor.dialect(), column)
    );
    Problem {
        object: format!("{}.{column}", qualified(schema, table)),
        message: format!(
            "{}.{column}: {what} is at {last} of {max} ({percent:.0} %): widen the column before it runs out",
            qualified(schema, table)
        ),
        fix: database.flavor.has_schemas().then_some(Fix::Sql { sql: widened }),
    }
}

fn run(database: &Database, facts: &Facts) -> Vec<Problem> {
    let over = |last: i64, max: i64| max > 0 && last as f64 >= SHARE * max as f64;
    let mut problems: Vec<Problem> = facts
        .keys
        .iter()
        .filter(|k| over(k.last_value, k.max_value))
        .map(|k| {
            let what = k.sequence.as_ref().map_or_else(|| "its key".to_owned(), |s| format!("sequence {s}"));
            let column = k.column.name.as_deref().unwrap_or("?");
            problem(database, &k.column.schema, &k.column.table, column, &what, k.last_value, k.max_value)
        })
        .collect();
    // MySQL and MariaDB say where AUTO_INCREMENT stands in the table's statistics.
    for (schema, table) in tables(database) {
        let Some(next) = table.stats.as_ref().and_then(|s| s.next_auto_increment) else { continue };
        let Some(column) = table.columns.iter().find(|c| c.identity == Some(Identity::AutoIncrement)) else { continue };
        let (Some(max), Ok(last)) = (column_max(column), i64::try_from(next.saturating_sub(1))) else { continue };
        if over(last, max) {
            problems.push(problem(database, &schema.name, &table.name, &column.name, "AUTO_INCREMENT", last, max));
        }
    }
    problems
}
