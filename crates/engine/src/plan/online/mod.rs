//! Online plans: the same change, in statements that never hold a lock stopping reads or writes
//! for longer than a moment, on tables of any size (`plumb plan --online`).
//!
//! Each dialect file says how it writes a table change online, or that it cannot (the change
//! then keeps its blocking statement and its finding, which says so plainly):
//!
//! - PostgreSQL builds indexes `CONCURRENTLY` outside any transaction, attaches unique and
//!   primary keys to such an index, adds foreign keys and checks `NOT VALID` and validates them in
//!   a transaction of their own, sets `NOT NULL` through a validated check, and changes a type
//!   that would rewrite the table by expand/contract: a new column kept in step by a trigger, a
//!   batched backfill, then a short swap.
//! - MySQL/MariaDB states `ALGORITHM=INSTANT` or `INPLACE, LOCK=NONE` on every `ALTER` the server
//!   can make so (the statement fails rather than silently copying), and hands the changes only a
//!   table copy can make to `pt-online-schema-change` when the plan was made with it.
//! - SQLite has no online DDL: its rebuilds hold the write lock, and the plan says so.
//!
//! How each step runs is part of the step ([`Run`]), so that the gate derives it again like its
//! SQL; [`phases`] groups the steps into what the executor runs as one unit.

mod mysql;
mod postgres;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::Step;
use crate::dialect::{Dialect, Flavor, ServerVersion};
use crate::diff::TableChange;
use crate::model::{Database, Table};
use crate::Result;

/// How an online plan was asked for: what it may use besides the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Online {
    /// Changes only a table copy can make (MySQL/MariaDB) are run by `pt-online-schema-change`
    /// (Percona Toolkit) instead of one blocking `ALTER TABLE`.
    pub pt_online_schema_change: bool,
}

/// How the executor runs a step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Run {
    /// With the steps around it: in the plan's one transaction, or in an online plan's current
    /// transaction.
    #[default]
    Transaction,
    /// First of a transaction of its own: what ran before is committed first (a `VALIDATE`, which
    /// must not run under the lock its `NOT VALID` took; a swap).
    NewTransaction,
    /// Alone, outside any transaction (`CREATE INDEX CONCURRENTLY`). `cleanup` removes what a
    /// failed or interrupted attempt left behind (an INVALID index) before the next attempt.
    Alone {
        /// The statement run before retrying.
        cleanup: Option<String>,
    },
    /// The step's SQL runs once per key range, each batch committed by itself; see [`Backfill`].
    Backfill(Backfill),
    /// The step's SQL counts rows that break a rule the server did not check; more than zero
    /// fails the run with `failure`.
    Verify {
        /// What the rows are, for people (`rows of orders whose customer_id has no customers row`).
        failure: String,
    },
    /// The step's SQL is what `pt-online-schema-change` achieves: it copies the table in chunks
    /// beside the application and swaps it in.
    TableCopy(TableCopy),
}

impl Run {
    /// Whether the step runs as the plan's ordinary statements do.
    pub fn is_transaction(&self) -> bool {
        matches!(self, Run::Transaction)
    }
}

/// A batched copy of one column's values into the column replacing it. The step's SQL updates
/// the rows whose key is in `[$1, $2)`; `pending` gives the smallest and largest key of the rows
/// not yet copied, so that an interrupted backfill resumes where it stopped without bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Backfill {
    /// The table, as findings name it (`app.orders`).
    pub table: String,
    /// The column whose values are copied.
    pub column: String,
    /// The column they are copied into, which replaces it at the swap.
    pub into: String,
    /// The integer key the batches walk.
    pub key: String,
    /// The query: smallest and largest key of the rows still to copy (NULLs when none).
    pub pending: String,
}

/// A table copied by `pt-online-schema-change`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableCopy {
    /// The table.
    pub table: String,
    /// The clauses of the `ALTER TABLE` it applies (`--alter`).
    pub alter: String,
}

/// What the executor runs as one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum PhaseKind {
    /// Quick statements in one transaction.
    Transaction,
    /// One statement outside any transaction.
    Alone,
    /// A batched backfill.
    Backfill,
    /// A check of the data.
    Verify,
    /// A table copy beside the application.
    TableCopy,
}

/// A group of consecutive steps run as one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Phase {
    /// How it runs.
    pub kind: PhaseKind,
    /// Its steps, numbered from 1.
    pub steps: Vec<usize>,
}

/// The steps grouped as the executor runs them: consecutive transaction steps together (a
/// [`Run::NewTransaction`] starts a new group), every other step alone.
pub fn phases(steps: &[Step]) -> Vec<Phase> {
    let mut out: Vec<Phase> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let kind = match step.run {
            Run::Transaction | Run::NewTransaction => PhaseKind::Transaction,
            Run::Alone { .. } => PhaseKind::Alone,
            Run::Backfill(_) => PhaseKind::Backfill,
            Run::Verify { .. } => PhaseKind::Verify,
            Run::TableCopy(_) => PhaseKind::TableCopy,
        };
        match out.last_mut() {
            Some(last)
                if kind == PhaseKind::Transaction
                    && last.kind == PhaseKind::Transaction
                    && step.run == Run::Transaction =>
            {
                last.steps.push(i + 1);
            }
            _ => out.push(Phase { kind, steps: vec![i + 1] }),
        }
    }
    out
}

/// What a dialect's online writer knows about the change at hand.
pub(crate) struct Cx<'a> {
    pub flavor: Flavor,
    pub server_version: Option<ServerVersion>,
    pub online: &'a Online,
    /// What the linter knows of the server: it also judges what runs in place.
    pub lint: &'a crate::lint::LintOptions<'a>,
    /// The schema the plan starts from and the one it leads to.
    pub from: &'a Database,
    pub to: &'a Database,
}

impl Cx<'_> {
    /// Whether the server is at least this version (unknown counts as recent).
    pub fn at_least(&self, major: u32, minor: u32) -> bool {
        self.server_version.is_none_or(|v| (v.major, v.minor) >= (major, minor))
    }
}

/// One statement of an online rendering, in the ordering phase it belongs to.
pub(crate) struct Planned {
    pub phase: super::order::Phase,
    pub sql: String,
    pub description: String,
    pub run: Run,
}

impl Planned {
    pub fn new(phase: super::order::Phase, sql: impl Into<String>, description: impl Into<String>, run: Run) -> Self {
        Self { phase, sql: sql.into(), description: description.into(), run }
    }
}

/// The online statements of one table change, or `None` where the dialect has no online way (or
/// needs none) and the ordinary statements stand.
pub(crate) fn table_change(
    cx: &Cx<'_>,
    schema: &str,
    current: &Table,
    desired: &Table,
    change: &TableChange,
) -> Option<Result<Vec<Planned>>> {
    match cx.flavor {
        Flavor::Postgres => postgres::table_change(cx, schema, current, desired, change),
        Flavor::Mysql | Flavor::Mariadb => mysql::table_change(cx, schema, current, desired, change),
        // SQLite has no online DDL: a rebuild holds the database's write lock while it copies the
        // rows, and its findings say so.
        Flavor::Sqlite => None,
    }
}

/// How an enum's new labels run where something uses them: committed before it does.
pub(crate) fn enum_labels_run(dialect: Dialect) -> Run {
    match dialect {
        Dialect::Postgres => postgres::enum_labels_run(),
        Dialect::Mysql | Dialect::Sqlite => Run::Transaction,
    }
}

/// The step that makes one table's changes a table copy can only make, run online where the
/// dialect can (`pt-online-schema-change`); `None` keeps it as it is.
pub(crate) fn table_copy(cx: &Cx<'_>, schema: &str, current: &Table, step: &Step) -> Option<Step> {
    match cx.flavor {
        Flavor::Mysql | Flavor::Mariadb => mysql::table_copy(cx, schema, current, step),
        Flavor::Postgres | Flavor::Sqlite => None,
    }
}

/// A name for a helper object Plumb makes for a while (`plumb_sync_…`), within every dialect's
/// identifier length (63 bytes on PostgreSQL, 64 on MySQL): a digest of what it is for.
pub(crate) fn helper_name(kind: &str, parts: &[&str]) -> String {
    let digest = Sha256::digest(parts.join("\u{1f}").as_bytes());
    let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
    format!("plumb_{kind}_{hex}")
}

/// The name of the column that replaces `column` during an expand/contract change.
pub(crate) fn new_column_name(table: &str, column: &str) -> String {
    let name = format!("{column}__plumb");
    if name.len() <= 63 {
        name
    } else {
        helper_name("new", &[table, column])
    }
}

/// Whether `word` occurs in `text` as an identifier (not as part of a longer one).
pub(crate) fn mentions(text: &str, word: &str) -> bool {
    let word = word.to_lowercase();
    text.to_lowercase().split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).any(|w| w == word)
}

/// Rules about locks and rewrites: in an online plan they are judged on the statements the plan
/// runs, not on the changes (which know nothing of `CONCURRENTLY` or `NOT VALID`).
pub(crate) const LOCK_RULES: &[&str] = &[
    "add-rewriting-column",
    "backfill-in-migration",
    "long-lock-held-across-statements",
    "mysql-add-check",
    "mysql-add-fk",
    "mysql-charset-change",
    "mysql-copy-algorithm",
    "mysql-engine-change",
    "mysql-enum-set-change",
    "mysql-lock-option",
    "mysql-osc-needed",
    "mysql-varchar-resize",
    "pg-add-check-validating",
    "pg-add-column-volatile-default",
    "pg-alter-type-add-value-in-tx",
    "pg-add-fk-validating",
    "pg-add-primary-key-blocking",
    "pg-add-unique-constraint-blocking",
    "pg-attach-partition-scan",
    "pg-cic-corruption-version",
    "pg-column-type-rewrite",
    "pg-concurrently-in-transaction",
    "pg-create-index-blocking",
    "pg-detach-partition-blocking",
    "pg-drop-index-blocking",
    "pg-refresh-matview-blocking",
    "pg-reindex-blocking",
    "pg-rewriting-table-op",
    "pg-set-not-null-scan",
    "pg-validate-same-transaction",
    "recreate-table",
    "require-lock-timeout",
    "require-statement-timeout",
];

/// Whether a rule is about locks and rewrites ([`LOCK_RULES`]).
pub fn is_lock_rule(id: &str) -> bool {
    LOCK_RULES.contains(&id)
}

/// The steps as the statement linter reads them: each transaction group between `BEGIN` and
/// `COMMIT` where the dialect has transactional DDL, every other step on its own. Backfills and
/// table copies are Plumb's own batched work, not statements run as written, and are left out.
/// Returns the script and, per line of it, the step it belongs to.
pub(crate) fn lint_script(steps: &[Step], transactional_ddl: bool) -> Script {
    let mut script = Script { statements: Vec::new(), owner: Vec::new() };
    let mut open = false;
    for (i, step) in steps.iter().enumerate() {
        let starts = !matches!(step.run, Run::Transaction) || !open;
        if starts && open {
            script.push("COMMIT;".into(), None);
            open = false;
        }
        match &step.run {
            Run::Backfill(_) | Run::TableCopy(_) | Run::Verify { .. } => continue,
            Run::Alone { .. } => {}
            Run::Transaction | Run::NewTransaction => {
                if transactional_ddl && !open {
                    script.push("BEGIN;".into(), None);
                    open = true;
                }
            }
        }
        script.push(format!("{};", step.sql.trim_end().trim_end_matches(';')), Some(i + 1));
    }
    if open {
        script.push("COMMIT;".into(), None);
    }
    script
}

/// An online plan's statements as the script the executor runs them in (its transactions
/// spelled out), for its lock findings: each statement with the line it starts on, and the step
/// each line belongs to.
pub(crate) struct Script {
    statements: Vec<(u32, String)>,
    owner: Vec<Option<usize>>,
}

impl Script {
    /// Appends a statement of `step` (none: a transaction's edge).
    fn push(&mut self, sql: String, step: Option<usize>) {
        let first_line = u32::try_from(self.owner.len() + 1).unwrap_or(u32::MAX);
        self.owner.extend(std::iter::repeat_n(step, sql.lines().count().max(1)));
        self.statements.push((first_line, sql));
    }

    /// The step (counted from 1) the script's `line` belongs to; none for a transaction's edges.
    pub(crate) fn step_at(&self, line: u32) -> Option<usize> {
        self.owner.get(usize::try_from(line).ok()?.checked_sub(1)?).copied().flatten()
    }

    /// The script's findings ([`crate::lint::sql_file::lint_statements`]) and the operations
    /// its statements were read as, by step.
    pub(crate) fn lint(
        &self,
        options: &crate::lint::LintOptions,
        steps: usize,
    ) -> (Vec<crate::lint::Finding>, super::loss::ReadSteps) {
        let last_line = u32::try_from(self.owner.len()).unwrap_or(u32::MAX);
        let (findings, ops) = crate::lint::sql_file::lint_statements(
            self.statements.iter().map(|(line, sql)| (*line, sql.as_str())),
            last_line,
            options,
        );
        let mut by_step: Vec<Option<std::ops::Range<usize>>> = vec![None; steps];
        for (at, op) in ops.iter().enumerate() {
            let crate::lint::op::Origin::Line(line) = op.origin else { continue };
            // A statement's operations come together, so each step's are one stretch.
            if let Some(range) = self.step_at(line).and_then(|s| by_step.get_mut(s - 1)) {
                range.get_or_insert(at..at).end = at + 1;
            }
        }
        (findings, super::loss::ReadSteps { ops, by_step })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_lock_rule_exists() {
        for id in super::LOCK_RULES {
            assert!(crate::lint::rule(id).is_some(), "{id} is not a rule");
        }
    }
}

#[cfg(test)]
mod plan_tests {
    use crate::dialect::{Flavor, ServerVersion};
    use crate::lint::Severity;
    use crate::model::*;
    use crate::plan::{plan_with, Online, Plan, Run, Step};

    /// `orders (id bigint key, quantity int, status text)` with 1,000,000 rows, and its change:
    /// quantity to bigint, status NOT NULL, an index, a foreign key to `customers`.
    fn change(flavor: Flavor) -> (Database, Database) {
        let (int, big, text) = match flavor {
            Flavor::Postgres => ("integer", "bigint", "text"),
            _ => ("int", "bigint", "varchar(20)"),
        };
        let text_kind =
            if flavor == Flavor::Postgres { TypeKind::Text } else { TypeKind::Varchar { length: Some(20) } };
        let mut customers = Table::new("customers");
        customers.columns =
            vec![Column { nullable: false, ..Column::new("id", ColumnType::new(big, TypeKind::BigInt)) }];
        customers.primary_key = Some(PrimaryKey::new(vec!["id".into()]));
        let mut orders = Table::new("orders");
        orders.columns = vec![
            Column { nullable: false, ..Column::new("id", ColumnType::new(big, TypeKind::BigInt)) },
            Column::new("customer_id", ColumnType::new(big, TypeKind::BigInt)),
            Column::new("quantity", ColumnType::new(int, TypeKind::Integer)),
            Column::new("status", ColumnType::new(text, text_kind.clone())),
        ];
        orders.primary_key =
            Some(PrimaryKey { name: Some("orders_pkey".into()), ..PrimaryKey::new(vec!["id".into()]) });
        orders.stats =
            Some(TableStats { row_count: 1_000_000, estimated: true, total_bytes: None, next_auto_increment: None });
        let schema_name = if flavor == Flavor::Postgres { "public" } else { "shop" };
        let mut schema = Schema::new(schema_name);
        schema.tables = vec![customers, orders];
        let version = ServerVersion { major: if flavor == Flavor::Postgres { 16 } else { 10 }, minor: 11, patch: 0 };
        let mut from = Database::new(flavor, Some(version));
        from.schemas = vec![schema];
        let mut to = from.clone();
        let orders = to.schemas[0].tables.iter_mut().find(|t| t.name == "orders").unwrap();
        orders.columns[2].column_type = ColumnType::new(big, TypeKind::BigInt);
        orders.columns[3].nullable = false;
        orders.columns.push(Column::new("note", ColumnType::new(text, text_kind.clone())));
        orders.indexes.push(Index::new("orders_customer_idx", vec![IndexPart::column("customer_id")]));
        let mut fk = ForeignKey::new(vec!["customer_id".into()], "customers", vec!["id".into()]);
        fk.name = Some("orders_customer_fk".into());
        orders.foreign_keys.push(fk);
        (from, to)
    }

    fn online(flavor: Flavor, pt_osc: bool) -> Plan {
        let (from, to) = change(flavor);
        let how = Online { pt_online_schema_change: pt_osc };
        plan_with(&from, &to, &Default::default(), Some(&how), &Default::default()).unwrap()
    }

    fn lock_blocks(plan: &Plan) -> Vec<String> {
        plan.findings
            .iter()
            .filter(|f| f.severity == Severity::Block && super::is_lock_rule(&f.rule))
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect()
    }

    #[test]
    fn a_postgres_online_plan_builds_concurrently_validates_apart_and_backfills() {
        let (from, to) = change(Flavor::Postgres);
        let blocking = crate::plan::plan(&from, &to, &Default::default()).unwrap();
        assert!(!lock_blocks(&blocking).is_empty(), "the ordinary plan blocks: {:?}", blocking.findings);
        let plan = online(Flavor::Postgres, false);
        assert!(lock_blocks(&plan).is_empty(), "{:#?}", plan.findings);
        assert!(!plan.transactional && plan.is_online());
        let find =
            |needle: &str| plan.steps.iter().find(|s| s.sql.contains(needle)).unwrap_or_else(|| panic!("{needle}"));
        assert!(matches!(find("CREATE INDEX CONCURRENTLY").run, Run::Alone { cleanup: Some(_) }));
        assert!(find("FOREIGN KEY").sql.ends_with("NOT VALID"));
        assert_eq!(find("VALIDATE CONSTRAINT \"orders_customer_fk\"").run, Run::NewTransaction);
        assert!(matches!(find("UPDATE \"public\".\"orders\" SET").run, Run::Backfill(_)));
        assert!(find("SET NOT NULL").sql.contains("\"status\""));
        assert!(plan.steps.iter().all(|s| s.data_loss.is_none()), "the swap's drop keeps its values in the new column");
        assert!(
            plan.rollback.iter().any(|s| s.sql.starts_with("DROP INDEX CONCURRENTLY")),
            "the way back is online too"
        );
        assert!(plan.phases().len() > 5);
        assert!(plan.verify_derivation(&Default::default(), None).is_ok());
        // How a step runs is part of what the gate derives again.
        let mut edited = plan.clone();
        let alone = edited.steps.iter().position(|s| matches!(s.run, Run::Alone { .. })).unwrap();
        edited.steps[alone].run = Run::Transaction;
        let why = edited.seal().verify_derivation(&Default::default(), None).unwrap_err();
        assert!(why.contains("is not the one Plumb derives"), "{why}");
    }

    /// An online plan reads its statements once, for its lock findings and for what they
    /// destroy: what each step loses is what reading that step alone says.
    #[test]
    fn an_online_plan_marks_what_its_steps_destroy_as_reading_each_alone_does() {
        for flavor in [Flavor::Postgres, Flavor::Mariadb] {
            let (from, mut to) = change(flavor);
            let orders = to.schemas[0].tables.iter_mut().find(|t| t.name == "orders").unwrap();
            orders.columns.retain(|c| c.name != "quantity");
            let how = Online { pt_online_schema_change: false };
            let plan = plan_with(&from, &to, &Default::default(), Some(&how), &Default::default()).unwrap();
            let mut alone = plan.steps.clone();
            for step in &mut alone {
                step.data_loss = None;
            }
            crate::plan::loss::mark(&mut alone, &from, &Default::default());
            let losses = |steps: &[Step]| steps.iter().map(|s| s.data_loss.clone()).collect::<Vec<_>>();
            assert_eq!(losses(&plan.steps), losses(&alone), "{flavor:?}");
            assert!(
                plan.steps.iter().any(|s| s.data_loss.as_deref().is_some_and(|l| l.contains("quantity"))),
                "{flavor:?}: {:#?}",
                losses(&plan.steps)
            );
        }
    }

    #[test]
    fn a_mariadb_online_plan_states_its_algorithm_and_copies_with_pt_online_schema_change() {
        let plan = online(Flavor::Mariadb, true);
        assert!(lock_blocks(&plan).is_empty(), "{:#?}", plan.findings);
        let copy = plan.steps.iter().find(|s| matches!(s.run, Run::TableCopy(_))).expect("a table copy");
        assert!(copy.sql.contains("MODIFY COLUMN `quantity` bigint"), "{}", copy.sql);
        let index = plan.steps.iter().find(|s| s.sql.contains("ADD KEY")).unwrap();
        assert!(index.sql.ends_with("ALGORITHM=INPLACE, LOCK=NONE"), "{}", index.sql);
        assert!(plan.steps.iter().any(|s| s.sql.starts_with("SET STATEMENT foreign_key_checks=0 FOR ALTER TABLE")));
        assert!(plan.steps.iter().any(|s| matches!(s.run, Run::Verify { .. })), "the orphans are counted");
        // MySQL 8 states INSTANT where it has it (INPLACE would rebuild the table).
        let mysql = online(Flavor::Mysql, true);
        let added = mysql.steps.iter().find(|s| s.sql.contains("ADD COLUMN")).map(|s| s.sql.as_str());
        assert!(added.is_some_and(|sql| sql.ends_with("ALGORITHM=INSTANT")), "{added:?}");
        let added = plan.steps.iter().find(|s| s.sql.contains("ADD COLUMN")).map(|s| s.sql.as_str());
        assert!(added.is_some_and(|sql| sql.ends_with("ALGORITHM=INPLACE, LOCK=NONE")), "MariaDB: {added:?}");
        // Without the tool the copy stays one blocking ALTER, and the plan says so.
        let without = online(Flavor::Mariadb, false);
        assert!(without.steps.iter().all(|s| !matches!(s.run, Run::TableCopy(_))));
        assert!(without.findings.iter().any(|f| f.rule == "mysql-copy-algorithm"), "{:#?}", without.findings);
    }

    #[test]
    fn sqlite_has_no_online_ddl_and_stays_one_transaction() {
        let (mut from, mut to) = change(Flavor::Postgres);
        for db in [&mut from, &mut to] {
            db.flavor = Flavor::Sqlite;
            db.server_version = None;
            db.schemas[0].name = "main".into();
            for table in &mut db.schemas[0].tables {
                table.foreign_keys.clear();
            }
        }
        let plan = plan_with(&from, &to, &Default::default(), Some(&Online::default()), &Default::default()).unwrap();
        assert!(plan.transactional && plan.is_online());
        assert!(plan.steps.iter().all(|s| s.run == Run::Transaction));
        assert!(crate::text::plan(&plan, false).contains("has no online DDL"));
    }
}
