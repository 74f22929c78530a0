//! Safety analysis: one rule set for PostgreSQL, MySQL/MariaDB and SQLite that says, in plain
//! words, whether a migration can lose data, block the application or break running code.
//!
//! Two inputs feed the same rules: a plan's typed changes ([`lint_changes`]) and the statements of
//! a SQL migration file ([`lint_sql`], parsed with sqlparser). Both become [`op::Op`]s; each rule
//! (one file each under `rules/`) looks at one operation with the [`context::Context`] of the
//! migration so far. Every rule has a stable kebab-case id, a severity, the dialects it applies to,
//! and documentation ([`explain`]) that names the danger, the safe alternative and the sources it
//! comes from (`plumb lint --explain RULE`, `plumb lint --rules`).

mod catalog;
pub mod context;
pub(crate) mod from_changes;
mod infer;
pub mod live;
pub mod locks;
pub mod op;
pub(crate) mod rules;
pub mod sql_file;

pub use catalog::catalog_markdown;
pub use from_changes::lint_changes;
pub(crate) use from_changes::{remade_table, schema_change_ops, table_change_ops};
pub use infer::infer_dialect;
pub use sql_file::lint_sql;

use serde::{Deserialize, Serialize};

use crate::dialect::{Dialect, ServerVersion};
use context::Context;
use op::Op;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Advice.
    Info,
    /// Reported; does not stop anything unless configured.
    Warn,
    /// Stops the migration until acknowledged.
    Block,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warn => "warn",
            Severity::Block => "block",
        })
    }
}

/// A safety rule.
pub struct Rule {
    /// Stable kebab-case id (`drop-column`).
    pub id: &'static str,
    /// Its severity when it fires (a rule may lower it for one finding, e.g. on a small table).
    pub severity: Severity,
    /// The dialects it applies to.
    pub dialects: &'static [Dialect],
    /// What it detects, in one line.
    pub summary: &'static str,
    /// Why that is dangerous, in plain words.
    pub why: &'static str,
    /// What to do instead.
    pub instead: &'static str,
    /// Where the rule comes from (peer tools, documentation).
    pub sources: &'static str,
    /// Fires at most once per migration (settings such as a missing lock timeout).
    pub once: bool,
    /// About how long a lock is held: on a table known to be small, a block becomes a warning.
    pub size_gated: bool,
    /// The check: a message naming the object when the operation breaks the rule.
    pub check: fn(&Op, &Context<'_>) -> Option<Hit>,
}

/// A rule firing on one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What happens, naming the object (`drops column users.legacy_id and every value in it`).
    pub message: String,
    /// The severity for this finding when it differs from the rule's.
    pub severity: Option<Severity>,
}

impl Hit {
    /// A hit at the rule's own severity.
    pub fn new(message: impl Into<String>) -> Option<Hit> {
        Some(Hit { message: message.into(), severity: None })
    }

    /// A hit at another severity.
    pub fn with_severity(message: impl Into<String>, severity: Severity) -> Option<Hit> {
        Some(Hit { message: message.into(), severity: Some(severity) })
    }
}

/// What to lint for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LintOptions<'a> {
    /// The dialect the migration is written for.
    pub dialect: Dialect,
    /// Whether the server is MariaDB (its online DDL differs from MySQL's).
    pub mariadb: bool,
    /// The server version, when known (version gates; unknown counts as recent).
    pub server_version: Option<ServerVersion>,
    /// The runner wraps the migration in a transaction (Plumb's own plans on PostgreSQL and
    /// SQLite; many migration tools).
    pub assume_in_transaction: bool,
    /// The runner sets a lock timeout (Plumb's apply does).
    pub lock_timeout_set: bool,
    /// The runner sets a statement timeout.
    pub statement_timeout_set: bool,
    /// Numbers from the live data, when the target was reachable.
    pub facts: live::LiveFacts,
    /// The schema the migration starts from, when known (a plan's; `plumb lint --schema`).
    pub schema: Option<&'a crate::model::Database>,
}

impl LintOptions<'_> {
    /// Options for a dialect with nothing known about the server or the runner.
    pub fn new(dialect: Dialect) -> Self {
        Self {
            dialect,
            mariadb: false,
            server_version: None,
            assume_in_transaction: false,
            lock_timeout_set: false,
            statement_timeout_set: false,
            facts: live::LiveFacts::default(),
            schema: None,
        }
    }
}

/// One thing a migration does that may hurt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Finding {
    /// The rule's id.
    pub rule: String,
    /// How serious it is.
    pub severity: Severity,
    /// What happens, naming the object.
    pub message: String,
    /// Why it is dangerous.
    pub why: String,
    /// What to do instead.
    pub instead: String,
    /// The line of the statement in a SQL file (from 1).
    pub line: Option<u32>,
    /// The plan steps it concerns (from 1): the steps that change its object.
    pub steps: Vec<u32>,
    /// The table or object it concerns.
    pub object: Option<String>,
    /// Why it was let through, when an inline `-- plumb:ignore RULE reason` covers it.
    pub ignored: Option<String>,
}

impl Finding {
    /// Whether it stops the migration (a blocking finding not ignored).
    pub fn blocks(&self) -> bool {
        self.severity == Severity::Block && self.ignored.is_none()
    }
}

/// Every rule, in catalog order.
pub fn rules() -> &'static [&'static Rule] {
    rules::ALL
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    rules::ALL.iter().copied().find(|r| r.id == id)
}

/// The documentation of a rule, as `plumb lint --explain` prints it and the app shows it.
pub fn explain(id: &str) -> Option<String> {
    let rule = rule(id)?;
    Some(format!(
        "{id} ({severity}; {dialects})\n\n{summary}\n\nWhy it is dangerous:\n{why}\n\nWhat to do instead:\n{instead}\n\n\
         Sources: {sources}\n\nTo let one statement through, put `-- plumb:ignore {id} <reason>` on the line above it;\n\
         in a plan, acknowledge it with `--allow {id}`.\n",
        id = rule.id,
        severity = rule.severity,
        dialects = dialect_names(rule),
        summary = rule.summary,
        why = rule.why,
        instead = rule.instead,
        sources = rule.sources,
    ))
}

/// The dialects a rule applies to, as people name them (`PostgreSQL, MySQL/MariaDB`).
fn dialect_names(rule: &Rule) -> String {
    crate::dialect::display_names(rule.dialects)
}

/// Below this many rows a lock is held briefly enough that a blocking lock finding becomes a
/// warning (skeema's safe-below-size, Bytebase's online-migration threshold).
pub const SMALL_TABLE_ROWS: u64 = 10_000;

/// Whether `name` appears in `text` as a whole identifier, ignoring case (a column in a CHECK,
/// an index expression, a trigger or view body).
pub(crate) fn mentions(text: &str, name: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word.eq_ignore_ascii_case(name))
}

/// `1, "row"` → `1 row`; `45234, "row"` → `45,234 rows`.
pub(crate) fn counted(n: u64, noun: &str) -> String {
    format!("{} {noun}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `45234` → `45,234`.
pub(crate) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Runs every rule of the dialect over `ops`, in order.
fn run(ops: &[Op], options: &LintOptions) -> Vec<Finding> {
    let mut cx = Context::new(options);
    let mut fired_once: Vec<&'static str> = Vec::new();
    let mut findings = Vec::new();
    for op in ops {
        for rule in rules::ALL.iter().filter(|r| r.dialects.contains(&options.dialect)) {
            if rule.once && fired_once.contains(&rule.id) {
                continue;
            }
            if let Some(hit) = (rule.check)(op, &cx) {
                if rule.once {
                    fired_once.push(rule.id);
                }
                let (mut severity, mut message) = (hit.severity.unwrap_or(rule.severity), hit.message);
                if let Some(rows) = rule.size_gated.then(|| cx.rows(op.target.as_ref())).flatten() {
                    if rows < SMALL_TABLE_ROWS && severity == Severity::Block {
                        severity = Severity::Warn;
                        message = format!("{message} (only {}: over quickly)", counted(rows, "row"));
                    }
                }
                findings.push(Finding {
                    rule: rule.id.to_owned(),
                    severity,
                    message,
                    why: rule.why.to_owned(),
                    instead: rule.instead.to_owned(),
                    line: match op.origin {
                        op::Origin::Line(line) => Some(line),
                        op::Origin::Change => None,
                    },
                    object: op.target.as_ref().map(ToString::to_string),
                    steps: Vec::new(),
                    ignored: None,
                });
            }
        }
        let impact = locks::of(op, &cx);
        cx.advance(op, impact.blocks == locks::Blocks::ReadsAndWrites);
    }
    findings
}

#[cfg(test)]
mod tests;
