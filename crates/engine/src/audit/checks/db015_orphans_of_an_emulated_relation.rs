//! DB-015: rows of a relation declared only in `schema.prisma` (`relationMode = "prisma"`) whose
//! parent is missing.

use super::ALL_DIALECTS;
use crate::audit::{qualified, Check, Facts, Problem, Severity};
use crate::model::Database;

pub(super) static CHECK: Check = Check {
    id: "DB-015",
    name: "orphans-of-an-emulated-relation",
    severity: Severity::Error,
    dialects: ALL_DIALECTS,
    summary: "Rows of a relation only schema.prisma declares (relationMode = \"prisma\") point at no row.",
    why: "The database does not enforce the relation, so nothing stopped a delete or a write \
          outside Prisma from leaving them: the application finds a parent missing where its \
          types say there is one.",
    run,
};

fn run(_: &Database, facts: &Facts) -> Vec<Problem> {
    facts
        .orphans
        .iter()
        .map(|o| Problem {
            object: format!("{}.{}", qualified(&o.table.schema, &o.table.table), o.columns.join(",")),
            message: format!(
                "{} row(s) of {} point with ({}) at no row of {} ({}): give them a parent or delete them",
                o.rows,
                qualified(&o.table.schema, &o.table.table),
                o.columns.join(", "),
                o.referenced,
                o.referenced_columns.join(", ")
            ),
            fix: None,
        })
        .collect()
}
