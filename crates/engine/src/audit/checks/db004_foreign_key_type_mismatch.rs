//! DB-004: a foreign key whose column's type differs from the one it references.

use super::{tables, ALL_DIALECTS};
use crate::audit::{qualified, Check, Facts, Problem, Severity};
use crate::model::{Column, Database};

pub(super) static CHECK: Check = Check {
    id: "DB-004",
    name: "foreign-key-type-mismatch",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "A foreign key column's type differs from the referenced column's.",
    why: "Values of one may not fit the other (an integer referencing a bigint runs out first), \
          every check and join converts between the two, and indexes may not be used for it.",
    run,
};

fn column<'a>(database: &'a Database, schema: &str, table: &str, name: &str) -> Option<&'a Column> {
    let table = database.schemas.iter().find(|s| s.name == schema)?.tables.iter().find(|t| t.name == table)?;
    table.columns.iter().find(|c| c.name == name)
}

fn run(database: &Database, _: &Facts) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (schema, table) in tables(database) {
        for fk in &table.foreign_keys {
            let referenced_schema = fk.referenced_schema.as_deref().unwrap_or(&schema.name);
            for (name, referenced) in fk.columns.iter().zip(&fk.referenced_columns) {
                let (Some(own), Some(theirs)) = (
                    column(database, &schema.name, &table.name, name),
                    column(database, referenced_schema, &fk.referenced_table, referenced),
                ) else {
                    continue;
                };
                if own.column_type.kind != theirs.column_type.kind
                    || own.column_type.raw.to_ascii_lowercase().contains("unsigned")
                        != theirs.column_type.raw.to_ascii_lowercase().contains("unsigned")
                {
                    problems.push(Problem {
                        object: format!("{}.{name}", qualified(&schema.name, &table.name)),
                        message: format!(
                            "{}.{name} is {} but references {}.{referenced}, which is {}: make them the same type",
                            qualified(&schema.name, &table.name),
                            own.column_type.raw,
                            qualified(referenced_schema, &fk.referenced_table),
                            theirs.column_type.raw
                        ),
                        fix: None,
                    });
                }
            }
        }
    }
    problems
}
