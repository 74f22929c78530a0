//! The health check of a schema (`plumb audit`): what is wrong with a database someone inherited,
//! why it matters and what fixes it. One file per check under `checks/`, each with a stable id
//! (`DB-001`…). Checks read the schema model and, for what only the server knows (sequences'
//! values, index usage, grants), [`Facts`] read from it; fixes that are schema changes are model
//! edits, planned like any other change so that they go through lint, approval and apply.

mod catalog;
pub mod checks;
mod facts;
mod fix;

use serde::Serialize;

pub use catalog::catalog_markdown;
pub use facts::{Facts, IndexUse, KeyUse, ObjectRef, Orphans};
pub use fix::{apply_fixes, Fix};

use crate::dialect::Dialect;
use crate::model::Database;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "AuditSeverity"))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; not a problem by itself.
    Info,
    /// A problem to fix.
    Warning,
    /// A problem that loses data, lets data in that should not be, or stops writes soon.
    Error,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A check of the catalog.
pub struct Check {
    /// Stable id (`DB-002`).
    pub id: &'static str,
    /// Stable name (`foreign-key-without-index`).
    pub name: &'static str,
    /// The severity of its findings.
    pub severity: Severity,
    /// The dialects it applies to.
    pub dialects: &'static [Dialect],
    /// What it finds, in one line.
    pub summary: &'static str,
    /// Why that matters.
    pub why: &'static str,
    /// The check itself.
    pub run: fn(&Database, &Facts) -> Vec<Problem>,
}

/// What a check found about one object, before the catalog's facts are added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The object (`public.orders`, `public.orders.orders_customer_id_fkey`).
    pub object: String,
    /// What is wrong, naming the object.
    pub message: String,
    /// What fixes it.
    pub fix: Option<Fix>,
}

/// One finding of an audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "AuditFinding"))]
pub struct Finding {
    /// The check's id (`DB-002`).
    pub id: &'static str,
    /// The check's name.
    pub check: &'static str,
    /// How much it matters.
    pub severity: Severity,
    /// The object.
    pub object: String,
    /// What is wrong.
    pub message: String,
    /// Why it matters.
    pub why: &'static str,
    /// What fixes it, when Plumb knows.
    pub fix: Option<Fix>,
}

/// Every check.
pub fn checks() -> &'static [&'static Check] {
    checks::ALL
}

/// Runs every check that applies to `database`'s dialect, findings by check then object.
pub fn audit(database: &Database, facts: &Facts) -> Vec<Finding> {
    let dialect = database.flavor.dialect();
    checks()
        .iter()
        .filter(|check| check.dialects.contains(&dialect))
        .flat_map(|check| {
            let mut problems = (check.run)(database, facts);
            problems.sort_by(|a, b| a.object.cmp(&b.object));
            problems.into_iter().map(|p| Finding {
                id: check.id,
                check: check.name,
                severity: check.severity,
                object: p.object,
                message: p.message,
                why: check.why,
                fix: p.fix,
            })
        })
        .collect()
}

/// `schema.name`, as findings name objects.
pub(crate) fn qualified(schema: &str, name: &str) -> String {
    format!("{schema}.{name}")
}

#[cfg(test)]
mod tests;
