//! DB-011: a `SECURITY DEFINER` function without a fixed `search_path` (PostgreSQL).

use super::POSTGRES;
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::dialect::{quote_ident, Dialect};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-011",
    name: "security-definer-without-search-path",
    severity: Severity::Warning,
    dialects: POSTGRES,
    summary: "A SECURITY DEFINER function does not set its search_path.",
    why: "It runs with its owner's rights but looks names up in the caller's search_path: a \
          caller who can create objects in a schema on that path makes it run their code as the \
          owner (PostgreSQL's documentation: Writing SECURITY DEFINER Functions Safely).",
    run,
};

fn run(database: &Database, _: &Facts) -> Vec<Problem> {
    let mut problems = Vec::new();
    for schema in &database.schemas {
        for routine in &schema.routines {
            // The header, before the body, holds the routine's options.
            let lower = routine.definition.to_ascii_lowercase();
            let header = lower.split(" as ").next().unwrap_or(&lower);
            if !header.contains("security definer") || header.contains("search_path") {
                continue;
            }
            let name = qualified(&schema.name, &routine.name);
            let target = format!(
                "{}.{}({})",
                quote_ident(Dialect::Postgres, &schema.name),
                quote_ident(Dialect::Postgres, &routine.name),
                routine.arguments
            );
            problems.push(Problem {
                object: name.clone(),
                message: format!("{}({}) is SECURITY DEFINER with no search_path of its own", name, routine.arguments),
                fix: Some(Fix::Sql {
                    sql: format!(
                        "ALTER {} {target} SET search_path = {}, pg_temp;",
                        routine.kind.keyword(),
                        quote_ident(Dialect::Postgres, &schema.name)
                    ),
                }),
            });
        }
    }
    problems
}
