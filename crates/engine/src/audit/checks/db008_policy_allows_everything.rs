//! DB-008: row-level security on, with a policy that lets every row through (PostgreSQL).

use super::{row_level_security, tables, POSTGRES};
use crate::audit::{qualified, Check, Facts, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-008",
    name: "policy-allows-everything",
    severity: Severity::Warning,
    dialects: POSTGRES,
    summary: "A permissive row-level security policy's condition is `true`.",
    why: "Policies combine with OR: one that allows every row makes the table's row-level \
          security say yes to everyone it applies to, whatever the other policies check.",
    run,
};

fn is_true(expression: Option<&str>) -> bool {
    expression
        .is_some_and(|e| e.trim().trim_start_matches('(').trim_end_matches(')').trim().eq_ignore_ascii_case("true"))
}

fn run(database: &Database, _: &Facts) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (schema, table) in tables(database) {
        let Some((true, policies)) = row_level_security(table) else { continue };
        for policy in policies
            .iter()
            .filter(|p| p.permissive && (is_true(p.using.as_deref()) || is_true(p.with_check.as_deref())))
        {
            problems.push(Problem {
                object: format!("{}.{}", qualified(&schema.name, &table.name), policy.name),
                message: format!(
                    "policy {} on {} lets every row through (its condition is true): write the condition that limits rows to their owner",
                    policy.name,
                    qualified(&schema.name, &table.name)
                ),
                fix: None,
            });
        }
    }
    problems
}
