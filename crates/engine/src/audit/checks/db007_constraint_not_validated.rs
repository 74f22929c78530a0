//! DB-007: a constraint added `NOT VALID` and never validated (PostgreSQL).

use super::{tables, POSTGRES};
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-007",
    name: "constraint-not-validated",
    severity: Severity::Warning,
    dialects: POSTGRES,
    summary: "A foreign key or check was added NOT VALID and never validated.",
    why: "New rows are checked, but the rows that were there never were: the data may break the \
          rule, and the planner cannot rely on it. VALIDATE CONSTRAINT checks them without \
          blocking writes.",
    run,
};

fn run(database: &Database, _: &Facts) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (schema, table) in tables(database) {
        let names = table
            .foreign_keys
            .iter()
            .filter(|fk| fk.not_valid)
            .map(|fk| ("foreign key", fk.name.clone()))
            .chain(table.checks.iter().filter(|c| c.not_valid).map(|c| ("check", c.name.clone())));
        for (kind, name) in names {
            let Some(name) = name else { continue };
            problems.push(Problem {
                object: format!("{}.{name}", qualified(&schema.name, &table.name)),
                message: format!(
                    "{kind} {name} of {} was added NOT VALID and never validated",
                    qualified(&schema.name, &table.name)
                ),
                fix: Some(Fix::ValidateConstraint {
                    schema: schema.name.clone(),
                    table: table.name.clone(),
                    constraint: name,
                }),
            });
        }
    }
    problems
}
