//! Fixes: schema changes are edits of the model, planned like any other change (so that their SQL
//! is what the planner writes for the dialect, and an online plan builds an index without blocking
//! writes); what the model does not describe (a grant, a function's setting) is SQL to run by hand.

use serde::Serialize;

use crate::model::{Database, Index, Table};
use crate::plan::{plan_with, Online};

/// What fixes a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "AuditFix"))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fix {
    /// Create this index.
    AddIndex {
        /// The table's schema.
        schema: String,
        /// The table.
        table: String,
        /// The index.
        index: Index,
    },
    /// Drop this index (another one does its work).
    DropIndex {
        /// The table's schema.
        schema: String,
        /// The table.
        table: String,
        /// The index.
        index: String,
    },
    /// Check the existing rows against this constraint (`VALIDATE CONSTRAINT`).
    ValidateConstraint {
        /// The table's schema.
        schema: String,
        /// The table.
        table: String,
        /// The constraint.
        constraint: String,
    },
    /// Turn row-level security on for this table (PostgreSQL): without a policy, only the
    /// table's owner then sees its rows.
    EnableRowLevelSecurity {
        /// The table's schema.
        schema: String,
        /// The table.
        table: String,
    },
    /// SQL to run by hand: a change the schema model does not describe.
    Sql {
        /// The statements.
        sql: String,
    },
}

impl Fix {
    /// Whether the fix is a schema change a plan can carry.
    pub fn plannable(&self) -> bool {
        !matches!(self, Fix::Sql { .. })
    }

    /// The SQL of the fix alone: the plan of its edit, or its own statements.
    pub fn sql(&self, database: &Database, online: Option<&Online>) -> crate::Result<String> {
        if let Fix::Sql { sql } = self {
            return Ok(sql.clone());
        }
        let fixed = apply_fixes(database, &[self]);
        let plan = plan_with(database, &fixed, &Default::default(), online, &Default::default())?;
        let statement = |sql: &str| {
            let sql = sql.trim_end();
            if sql.ends_with(';') {
                sql.to_owned()
            } else {
                format!("{sql};")
            }
        };
        Ok(plan.steps.iter().map(|s| statement(&s.sql)).collect::<Vec<_>>().join("\n"))
    }
}

fn table_mut<'a>(database: &'a mut Database, schema: &str, table: &str) -> Option<&'a mut Table> {
    database.schemas.iter_mut().find(|s| s.name == schema)?.tables.iter_mut().find(|t| t.name == table)
}

/// `database` with the schema changes among `fixes` made (the others are left to the person).
pub fn apply_fixes(database: &Database, fixes: &[&Fix]) -> Database {
    let mut fixed = database.clone();
    for fix in fixes {
        match fix {
            Fix::AddIndex { schema, table, index } => {
                if let Some(t) = table_mut(&mut fixed, schema, table) {
                    t.indexes.push(index.clone());
                    t.indexes.sort_by(|a, b| a.name.cmp(&b.name));
                }
            }
            Fix::DropIndex { schema, table, index } => {
                if let Some(t) = table_mut(&mut fixed, schema, table) {
                    t.indexes.retain(|i| &i.name != index);
                }
            }
            Fix::ValidateConstraint { schema, table, constraint } => {
                if let Some(t) = table_mut(&mut fixed, schema, table) {
                    let named = |name: &Option<String>| name.as_deref() == Some(constraint.as_str());
                    t.foreign_keys.iter_mut().filter(|fk| named(&fk.name)).for_each(|fk| fk.not_valid = false);
                    t.checks.iter_mut().filter(|c| named(&c.name)).for_each(|c| c.not_valid = false);
                }
            }
            Fix::EnableRowLevelSecurity { schema, table } => {
                if let Some(crate::model::TableExtras::Postgres { row_level_security, .. }) =
                    table_mut(&mut fixed, schema, table).and_then(|t| t.extras.as_mut())
                {
                    *row_level_security = true;
                }
            }
            Fix::Sql { .. } => {}
        }
    }
    fixed
}
