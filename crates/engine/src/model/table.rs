//! Tables: columns, keys, constraints, indexes and the dialect-only facts about them.

use serde::{Deserialize, Serialize};

use super::{CheckConstraint, Column, Deferrable, ForeignKey, Index, PrimaryKey, UniqueConstraint};

/// A base table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Table {
    /// The table's name as the server spells it.
    pub name: String,
    /// Columns in ordinal order.
    pub columns: Vec<Column>,
    /// The primary key, if any.
    pub primary_key: Option<PrimaryKey>,
    /// Foreign keys, sorted by name, then by columns.
    pub foreign_keys: Vec<ForeignKey>,
    /// Unique constraints (not unique indexes created on their own), sorted by name, then columns.
    pub unique_constraints: Vec<UniqueConstraint>,
    /// Check constraints, sorted by name, then expression.
    pub checks: Vec<CheckConstraint>,
    /// Indexes created on their own (not those backing a key or unique constraint), sorted by name.
    pub indexes: Vec<Index>,
    /// The table's comment, where the dialect has comments.
    pub comment: Option<String>,
    /// Facts only one dialect has.
    pub extras: Option<TableExtras>,
    /// Figures about the data, not the schema. Never part of the fingerprint.
    pub stats: Option<TableStats>,
}

/// Table facts that only one dialect has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum TableExtras {
    /// PostgreSQL table facts.
    Postgres {
        /// `UNLOGGED`: not written to the WAL, emptied after a crash.
        unlogged: bool,
        /// `PARTITION BY …` of a partitioned table (`RANGE (created_at)`).
        partition_key: Option<String>,
        /// The parent and bound of a partition.
        partition_of: Option<PartitionOf>,
        /// Row-level security is enabled.
        row_level_security: bool,
        /// Row-level security applies to the table owner too (`FORCE`).
        force_row_level_security: bool,
        /// Row-level security policies, sorted by name.
        policies: Vec<Policy>,
        /// Exclusion constraints, sorted by name.
        exclusion_constraints: Vec<ExclusionConstraint>,
        /// The tables it inherits columns and checks from (`INHERITS`), in order; a partition
        /// has `partition_of` instead.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Inherits>>"))]
        inherits: Vec<Inherits>,
        /// Its rewrite rules (`CREATE RULE`), sorted by name.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        #[cfg_attr(feature = "ts", ts(optional, as = "Option<Vec<Rule>>"))]
        rules: Vec<Rule>,
    },
    /// MySQL and MariaDB table options.
    Mysql {
        /// Storage engine (`InnoDB`).
        engine: Option<String>,
        /// Default collation of the table (its character set follows from it).
        collation: Option<String>,
        /// How the table is partitioned: the `PARTITION BY …` clause, written from the catalog
        /// (`PARTITION BY RANGE (year(`created`)) (PARTITION `p0` VALUES LESS THAN (2020), …)`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(feature = "ts", ts(optional))]
        partition: Option<String>,
    },
    /// SQLite table options (<https://www.sqlite.org/lang_createtable.html>).
    Sqlite {
        /// `WITHOUT ROWID`: the table is clustered on its primary key.
        without_rowid: bool,
        /// `STRICT`: column types are enforced (SQLite 3.37+).
        strict: bool,
    },
}

/// A partition's place in its partitioned table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct PartitionOf {
    /// The partitioned table's schema.
    pub parent_schema: String,
    /// The partitioned table.
    pub parent_table: String,
    /// The bound (`FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')`, `DEFAULT`).
    pub bound: String,
}

/// A table another one inherits from (PostgreSQL `INHERITS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Inherits {
    /// The parent's schema.
    pub schema: String,
    /// The parent table.
    pub table: String,
}

/// A rewrite rule on a table (PostgreSQL `CREATE RULE`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Rule {
    /// The rule's name, unique on its table.
    pub name: String,
    /// `CREATE RULE …` as the server prints it (`pg_get_ruledef`).
    pub definition: String,
}

/// A row-level security policy (PostgreSQL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Policy {
    /// The policy name.
    pub name: String,
    /// The command it applies to.
    pub command: PolicyCommand,
    /// Permissive policies are OR-ed together; restrictive ones are AND-ed.
    pub permissive: bool,
    /// Roles it applies to (`public` for everyone), sorted.
    pub roles: Vec<String>,
    /// `USING`: which existing rows are visible or affected.
    pub using: Option<String>,
    /// `WITH CHECK`: which new rows are allowed.
    pub with_check: Option<String>,
    /// The policy's comment.
    pub comment: Option<String>,
}

/// The command a policy applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum PolicyCommand {
    /// Every command.
    All,
    /// `SELECT`.
    Select,
    /// `INSERT`.
    Insert,
    /// `UPDATE`.
    Update,
    /// `DELETE`.
    Delete,
}

/// An exclusion constraint (PostgreSQL `EXCLUDE USING gist (room WITH =, during WITH &&)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct ExclusionConstraint {
    /// The constraint name.
    pub name: String,
    /// The definition as the server prints it.
    pub definition: String,
    /// When the constraint is checked.
    pub deferrable: Deferrable,
    /// The constraint's comment.
    pub comment: Option<String>,
}

/// Figures about a table's data, read at introspection time. Never part of the fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TableStats {
    /// Number of rows: exact on SQLite, the planner's estimate on PostgreSQL and MySQL.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub row_count: u64,
    /// Whether `row_count` is an estimate.
    pub estimated: bool,
    /// Bytes on disk, indexes and TOAST included, where the server reports it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub total_bytes: Option<u64>,
    /// The next `AUTO_INCREMENT` value (MySQL).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub next_auto_increment: Option<u64>,
}

impl Table {
    /// An empty table with no columns.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            columns: Vec::new(),
            primary_key: None,
            foreign_keys: Vec::new(),
            unique_constraints: Vec::new(),
            checks: Vec::new(),
            indexes: Vec::new(),
            comment: None,
            extras: None,
            stats: None,
        }
    }

    /// Looks up a column by name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Looks up an index by name.
    pub fn index(&self, name: &str) -> Option<&Index> {
        self.indexes.iter().find(|i| i.name == name)
    }

    /// The partitioned table this table is a partition of, where the dialect has partitions.
    pub fn partition_of(&self) -> Option<&PartitionOf> {
        match &self.extras {
            Some(TableExtras::Postgres { partition_of, .. }) => partition_of.as_ref(),
            _ => None,
        }
    }

    /// The tables this table inherits from (`INHERITS`), where the dialect has inheritance.
    pub fn inherits(&self) -> &[Inherits] {
        match &self.extras {
            Some(TableExtras::Postgres { inherits, .. }) => inherits,
            _ => &[],
        }
    }

    /// Its rewrite rules, where the dialect has them.
    pub fn rules(&self) -> &[Rule] {
        match &self.extras {
            Some(TableExtras::Postgres { rules, .. }) => rules,
            _ => &[],
        }
    }

    /// The tables this one takes columns from: its partitioned table, or those it inherits from.
    pub fn parents(&self) -> Vec<(&str, &str)> {
        match self.partition_of() {
            Some(of) => vec![(of.parent_schema.as_str(), of.parent_table.as_str())],
            None => self.inherits().iter().map(|i| (i.schema.as_str(), i.table.as_str())).collect(),
        }
    }

    pub(super) fn canonicalize(&mut self) {
        self.foreign_keys.sort_by(|a, b| {
            (&a.name, &a.columns, &a.referenced_table).cmp(&(&b.name, &b.columns, &b.referenced_table))
        });
        self.unique_constraints.sort_by(|a, b| (&a.name, &a.columns).cmp(&(&b.name, &b.columns)));
        self.checks.sort_by(|a, b| (&a.name, &a.expression).cmp(&(&b.name, &b.expression)));
        self.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        if let Some(TableExtras::Postgres { policies, exclusion_constraints, rules, .. }) = &mut self.extras {
            policies.sort_by(|a, b| a.name.cmp(&b.name));
            exclusion_constraints.sort_by(|a, b| a.name.cmp(&b.name));
            rules.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
}

impl TableStats {
    /// An exact row count (SQLite counts rows).
    pub fn exact(row_count: u64) -> Self {
        Self { row_count, estimated: false, total_bytes: None, next_auto_increment: None }
    }
}
