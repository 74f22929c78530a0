//! DB-010: a table clients reach directly without row-level security (PostgreSQL).

use super::{row_level_security, tables, POSTGRES};
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-010",
    name: "exposed-table-without-row-level-security",
    severity: Severity::Error,
    dialects: POSTGRES,
    summary: "A table in a schema exposed to clients (Supabase's public) has row-level security off.",
    why: "Anyone holding the public API key reads and writes every row: the database is the only \
          gate between the table and the internet.",
    run,
};

fn run(database: &Database, facts: &Facts) -> Vec<Problem> {
    tables(database)
        .filter(|(schema, _)| facts.exposed_schemas.contains(&schema.name))
        .filter(|(_, table)| matches!(row_level_security(table), Some((false, _))))
        .map(|(schema, table)| Problem {
            object: qualified(&schema.name, &table.name),
            message: format!(
                "{} is exposed to clients and row-level security is off: turn it on, then write the policies that let each user see their rows",
                qualified(&schema.name, &table.name)
            ),
            fix: Some(Fix::EnableRowLevelSecurity { schema: schema.name.clone(), table: table.name.clone() }),
        })
        .collect()
}
