//! DB-009: policies on a table whose row-level security is off (PostgreSQL).

use super::{row_level_security, tables, POSTGRES};
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-009",
    name: "policy-without-row-level-security",
    severity: Severity::Warning,
    dialects: POSTGRES,
    summary: "A table has row-level security policies, but row-level security is off.",
    why: "The policies are not applied: every role that may read the table reads every row. \
          Someone wrote them expecting them to hold.",
    run,
};

fn run(database: &Database, _: &Facts) -> Vec<Problem> {
    tables(database)
        .filter_map(|(schema, table)| match row_level_security(table) {
            Some((false, policies)) if !policies.is_empty() => Some(Problem {
                object: qualified(&schema.name, &table.name),
                message: format!(
                    "{} has {} policy(ies) but row-level security is off: none of them applies",
                    qualified(&schema.name, &table.name),
                    policies.len()
                ),
                fix: Some(Fix::EnableRowLevelSecurity { schema: schema.name.clone(), table: table.name.clone() }),
            }),
            _ => None,
        })
        .collect()
}
