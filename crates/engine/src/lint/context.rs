//! What a rule knows about the migration so far when it looks at one operation: the dialect and
//! version, the tables created earlier in the same migration, the transaction and the timeouts.

use std::collections::BTreeSet;

use super::op::{ObjectRef, Op, OpKind};
use super::LintOptions;
use crate::dialect::{Dialect, ServerVersion};

/// The state before the operation a rule is looking at.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The options the lint runs with.
    pub options: &'a LintOptions<'a>,
    /// Tables created earlier in this migration (lowercased names): new tables hold no rows and no
    /// running code uses them, so lock and data rules do not apply to them.
    created: BTreeSet<String>,
    /// Tables dropped earlier in this migration.
    dropped: BTreeSet<String>,
    /// Tables renamed away earlier in this migration (their old names).
    renamed_away: BTreeSet<String>,
    /// Inside an explicit `BEGIN`, or in a migration the runner wraps in one.
    pub in_transaction: bool,
    /// An explicit `BEGIN` is open.
    pub explicit_transaction: bool,
    /// A lock timeout was set earlier.
    pub lock_timeout_set: bool,
    /// A statement timeout was set earlier.
    pub statement_timeout_set: bool,
    /// A statement in the current transaction took a lock that blocks reads (held until commit).
    pub exclusive_lock_held: Option<String>,
    /// Constraints added `NOT VALID` in the current transaction.
    not_valid_in_transaction: BTreeSet<String>,
    /// Checks `CHECK (col IS NOT NULL)` added so far: name → (table, column), lowercased.
    not_null_checks: std::collections::BTreeMap<String, (String, String)>,
    /// Columns such a check was validated for: `SET NOT NULL` then needs no scan (PostgreSQL 12+).
    proved_not_null: BTreeSet<(String, String)>,
    /// Schema-changing statements so far (an `ALTER TABLE` with several clauses counts once).
    pub ddl_statements: usize,
    /// The statement being read states `ALGORITHM=INPLACE`/`INSTANT` or `LOCK=NONE` (MySQL): the
    /// server refuses it rather than copy the table or block writes.
    pub online_stated: bool,
    /// The statement being read states `ALGORITHM=INSTANT`: the server refuses what it cannot do
    /// instantly.
    pub instant_stated: bool,
}

fn key(name: &str) -> String {
    name.to_lowercase()
}

impl<'a> Context<'a> {
    /// The state at the start of a migration.
    pub fn new(options: &'a LintOptions<'a>) -> Self {
        Self {
            options,
            created: BTreeSet::new(),
            dropped: BTreeSet::new(),
            renamed_away: BTreeSet::new(),
            in_transaction: options.assume_in_transaction,
            explicit_transaction: false,
            lock_timeout_set: options.lock_timeout_set,
            statement_timeout_set: options.statement_timeout_set,
            exclusive_lock_held: None,
            not_valid_in_transaction: BTreeSet::new(),
            not_null_checks: Default::default(),
            proved_not_null: BTreeSet::new(),
            ddl_statements: 0,
            online_stated: false,
            instant_stated: false,
        }
    }

    /// The dialect being linted.
    pub fn dialect(&self) -> Dialect {
        self.options.dialect
    }

    /// Whether the server is at least `major.minor.patch` (an unknown version counts as recent).
    pub fn at_least(&self, major: u32, minor: u32, patch: u32) -> bool {
        self.options.server_version.is_none_or(|v| (v.major, v.minor, v.patch) >= (major, minor, patch))
    }

    /// The server version, when known.
    pub fn version(&self) -> Option<ServerVersion> {
        self.options.server_version
    }

    /// Whether `table` was created earlier in this migration.
    pub fn is_new(&self, table: Option<&ObjectRef>) -> bool {
        table.is_some_and(|t| self.created.contains(&key(&t.name)))
    }

    /// The table as the current schema has it, when the schema is known (matched by name, and by
    /// schema when the migration names one).
    pub fn table(&self, target: Option<&ObjectRef>) -> Option<&crate::model::Table> {
        let target = target?;
        self.options.schema?.find_table(target.schema.as_deref(), &target.name).map(|(_, t)| t)
    }

    /// A column's current type: what the operation says, else what the current schema has.
    pub fn column_type(
        &self,
        table: Option<&ObjectRef>,
        column: &str,
        stated: &Option<(String, crate::model::TypeKind)>,
    ) -> Option<(String, crate::model::TypeKind)> {
        stated.clone().or_else(|| {
            let column = self.table(table)?.columns.iter().find(|c| c.name.eq_ignore_ascii_case(column))?;
            Some((column.column_type.raw.clone(), column.column_type.kind.clone()))
        })
    }

    /// The current schema, when known.
    pub fn schema(&self) -> Option<&crate::model::Database> {
        self.options.schema
    }

    /// A count from the live data.
    pub fn fact(&self, table: Option<&ObjectRef>, kind: &super::live::ProbeKind) -> Option<u64> {
        self.options.facts.get(table?, kind)
    }

    /// The table's rows, when known (statistics or a count).
    pub fn rows(&self, table: Option<&ObjectRef>) -> Option<u64> {
        self.fact(table, &super::live::ProbeKind::Rows)
    }

    /// Whether `table` was dropped earlier in this migration.
    pub fn was_dropped(&self, table: Option<&ObjectRef>) -> bool {
        table.is_some_and(|t| self.dropped.contains(&key(&t.name)))
    }

    /// Whether `table` was renamed to another name earlier in this migration.
    pub fn was_renamed_away(&self, table: Option<&ObjectRef>) -> bool {
        table.is_some_and(|t| self.renamed_away.contains(&key(&t.name)))
    }

    /// Whether the constraint was added `NOT VALID` in the current transaction.
    pub fn added_not_valid_in_transaction(&self, name: &str) -> bool {
        self.not_valid_in_transaction.contains(&key(name))
    }

    /// Whether a validated `CHECK (column IS NOT NULL)` proves the column has no NULL, so that
    /// PostgreSQL 12+ sets it NOT NULL without scanning.
    pub fn proved_not_null(&self, table: Option<&ObjectRef>, column: &str) -> bool {
        table.is_some_and(|t| self.proved_not_null.contains(&(key(&t.name), key(column))))
    }

    /// Moves the state past `op`.
    pub fn advance(&mut self, op: &Op, takes_exclusive_lock: bool) {
        let table = op.target.as_ref().map(|t| key(&t.name));
        if op.starts_statement {
            self.online_stated = false;
            self.instant_stated = false;
        }
        if let OpKind::AlterOptions { copy: false, blocking_lock: false, instant } = op.kind {
            self.online_stated = true;
            self.instant_stated |= instant;
        }
        if let (OpKind::AddCheck { expression: Some(expression), .. }, Some(t)) = (&op.kind, &table) {
            if let Some(column) = not_null_column(expression) {
                for name in &op.declared_names {
                    self.not_null_checks.insert(key(name), (t.clone(), key(&column)));
                }
            }
        }
        if let OpKind::ValidateConstraint { name } = &op.kind {
            if let Some(proved) = self.not_null_checks.get(&key(name)) {
                self.proved_not_null.insert(proved.clone());
            }
        }
        match &op.kind {
            OpKind::CreateTable { .. } => {
                if let Some(t) = &table {
                    self.created.insert(t.clone());
                }
            }
            OpKind::DropTable { .. } => {
                if let Some(t) = &table {
                    self.created.remove(t);
                    self.dropped.insert(t.clone());
                }
            }
            OpKind::RenameTable { to } => {
                if let Some(t) = &table {
                    if self.created.remove(t) {
                        self.created.insert(key(to));
                    }
                    self.renamed_away.insert(t.clone());
                }
            }
            OpKind::SetLockTimeout => self.lock_timeout_set = true,
            OpKind::SetStatementTimeout => self.statement_timeout_set = true,
            OpKind::Begin => {
                self.in_transaction = true;
                self.explicit_transaction = true;
            }
            OpKind::Commit => {
                // A COMMIT ends the runner's transaction too: what follows runs outside one.
                self.in_transaction = false;
                self.explicit_transaction = false;
                self.exclusive_lock_held = None;
                self.not_valid_in_transaction.clear();
            }
            // Outside a transaction each statement commits by itself: validating later is fine.
            OpKind::AddForeignKey { not_valid: true, .. } | OpKind::AddCheck { not_valid: true, .. }
                if self.in_transaction =>
            {
                self.not_valid_in_transaction.extend(op.declared_names.iter().map(|n| key(n)));
            }
            _ => {}
        }
        if is_ddl(&op.kind) && op.starts_statement {
            self.ddl_statements += 1;
        }
        if takes_exclusive_lock && self.in_transaction && !self.is_new(op.target.as_ref()) {
            self.exclusive_lock_held.get_or_insert_with(|| op.target_name());
        }
    }
}

/// The column of a check `col IS NOT NULL` (in parentheses or not, quoted or not).
fn not_null_column(expression: &str) -> Option<String> {
    let mut text = expression.trim();
    while let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        text = inner.trim();
    }
    let upper = text.to_ascii_uppercase();
    let column = text[..upper.strip_suffix(" IS NOT NULL")?.len()].trim();
    let unquoted = column.strip_prefix('"').and_then(|c| c.strip_suffix('"')).unwrap_or(column);
    let plain = unquoted.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ' ' || c == '$');
    (plain && !unquoted.is_empty()).then(|| unquoted.to_owned())
}

/// Whether the operation changes the schema (as opposed to data, settings or transactions).
pub fn is_ddl(kind: &OpKind) -> bool {
    !matches!(
        kind,
        OpKind::SetLockTimeout
            | OpKind::SetStatementTimeout
            | OpKind::Begin
            | OpKind::Commit
            | OpKind::Backfill { .. }
            | OpKind::Other
            | OpKind::EndOfMigration
            | OpKind::Pragma { .. }
            | OpKind::Unparsed { .. }
    )
}
