//! What each operation locks and how much work it does, per dialect: PostgreSQL's lock level and
//! whether the table is scanned or rewritten, MySQL/MariaDB's online-DDL algorithm, SQLite's
//! rebuilds. Sources: the PostgreSQL "ALTER TABLE" and "Explicit Locking" pages, MySQL "Online DDL
//! Operations", MariaDB "InnoDB Online DDL", SQLite "ALTER TABLE".

use serde::{Deserialize, Serialize};

use super::context::Context;
use super::op::{Op, OpKind};
use crate::dialect::Dialect;
use crate::model::TypeKind;

/// What running an operation does to the table and the application using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Impact {
    /// The lock taken, in the server's words (`ACCESS EXCLUSIVE`, `SHARE`, `metadata lock`,
    /// `database write lock`).
    pub lock: Option<String>,
    /// What the application cannot do while it runs.
    pub blocks: Blocks,
    /// How much work it does on the rows.
    pub work: Work,
    /// MySQL/MariaDB's online-DDL algorithm.
    pub algorithm: Option<Algorithm>,
}

/// What an operation blocks while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Blocks {
    /// Reads and writes go on.
    Nothing,
    /// Writes wait; reads go on.
    Writes,
    /// Reads and writes wait.
    ReadsAndWrites,
}

/// How much an operation touches the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Work {
    /// Catalog only.
    Metadata,
    /// Reads every row (a validation).
    Scan,
    /// Builds an index.
    IndexBuild,
    /// Writes every row again (a new copy of the table).
    Rewrite,
}

/// MySQL/MariaDB online-DDL algorithms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Metadata only.
    Instant,
    /// In place, concurrent writes allowed (may still rebuild the table).
    Inplace,
    /// A copy of the table; writes blocked for its whole duration.
    Copy,
}

fn impact(lock: Option<&str>, blocks: Blocks, work: Work, algorithm: Option<Algorithm>) -> Impact {
    Impact { lock: lock.map(str::to_owned), blocks, work, algorithm }
}

/// The heaviest impact among `ops` (what a plan step shows for the changes it makes), or `None`
/// when there are none.
pub fn strongest(ops: &[Op], options: &super::LintOptions) -> Option<Impact> {
    let cx = Context::new(options);
    ops.iter().map(|op| of(op, &cx)).max_by_key(Impact::weight)
}

impl Impact {
    /// How heavy it is: what it blocks first, then how much work it does.
    pub fn weight(&self) -> (Blocks, u8) {
        let work = match self.work {
            Work::Metadata => 0,
            Work::Scan => 1,
            Work::IndexBuild => 2,
            Work::Rewrite => 3,
        };
        (self.blocks, work)
    }
}

/// The impact of `op` in the dialect being linted.
pub fn of(op: &Op, cx: &Context<'_>) -> Impact {
    match cx.dialect() {
        Dialect::Postgres => postgres(op, cx),
        Dialect::Mysql => mysql(op, cx),
        Dialect::Sqlite => sqlite(op),
    }
}

const AE: Option<&str> = Some("ACCESS EXCLUSIVE");

fn postgres(op: &Op, cx: &Context<'_>) -> Impact {
    use Blocks::*;
    use Work::*;
    match &op.kind {
        OpKind::CreateTable { references, .. } if !references.is_empty() => {
            // New table is empty; the referenced tables get SHARE ROW EXCLUSIVE.
            impact(Some("SHARE ROW EXCLUSIVE (referenced tables)"), Writes, Metadata, None)
        }
        OpKind::DropTable { .. }
        | OpKind::Truncate { .. }
        | OpKind::DropSchema { .. }
        | OpKind::DropPartition { .. } => impact(AE, ReadsAndWrites, Metadata, None),
        OpKind::AddColumn(column) => {
            let work = if pg_add_column_rewrites(column, cx) { Rewrite } else { Metadata };
            impact(AE, ReadsAndWrites, work, None)
        }
        OpKind::AlterColumnType { column, from, to, using, .. } => {
            // A statement names only the new type: the current one comes from the schema.
            let from = cx.column_type(op.target.as_ref(), column, from);
            let work = if !using && pg_binary_coercible(from.as_ref().map(|(_, k)| k), to.as_ref()) {
                Metadata
            } else {
                Rewrite
            };
            impact(AE, ReadsAndWrites, work, None)
        }
        OpKind::SetNotNull { .. } | OpKind::AddCheck { not_valid: false, .. } => impact(AE, ReadsAndWrites, Scan, None),
        OpKind::AddPrimaryKey { using_index: false, .. }
        | OpKind::AddUnique { using_index: false, .. }
        | OpKind::AddExclusion => impact(AE, ReadsAndWrites, IndexBuild, None),
        OpKind::CreateIndex { concurrently: true, .. } => {
            impact(Some("SHARE UPDATE EXCLUSIVE"), Nothing, IndexBuild, None)
        }
        OpKind::CreateIndex { concurrently: false, .. } => impact(Some("SHARE"), Writes, IndexBuild, None),
        OpKind::DropIndex { concurrently: true, .. } => impact(Some("SHARE UPDATE EXCLUSIVE"), Nothing, Metadata, None),
        OpKind::AddForeignKey { not_valid, .. } => {
            impact(Some("SHARE ROW EXCLUSIVE (both tables)"), Writes, if *not_valid { Metadata } else { Scan }, None)
        }
        OpKind::ValidateConstraint { .. } => impact(Some("SHARE UPDATE EXCLUSIVE"), Nothing, Scan, None),
        OpKind::RewriteTable { .. } => impact(AE, ReadsAndWrites, Rewrite, None),
        OpKind::Reindex => impact(Some("SHARE (ACCESS EXCLUSIVE on the index)"), Writes, IndexBuild, None),
        OpKind::RefreshMaterializedView { concurrently: true } => impact(Some("EXCLUSIVE"), Writes, Rewrite, None),
        OpKind::RefreshMaterializedView { concurrently: false } => impact(AE, ReadsAndWrites, Rewrite, None),
        OpKind::DomainConstraint => impact(None, Writes, Scan, None),
        OpKind::DetachPartition { concurrently: true } => {
            impact(Some("SHARE UPDATE EXCLUSIVE"), Nothing, Metadata, None)
        }
        OpKind::DetachPartition { concurrently: false } => impact(AE, ReadsAndWrites, Metadata, None),
        OpKind::AttachPartition => impact(Some("ACCESS EXCLUSIVE on the partition"), Writes, Scan, None),
        OpKind::DropIndex { .. }
        | OpKind::RenameTable { .. }
        | OpKind::DropColumn { .. }
        | OpKind::RenameColumn { .. }
        | OpKind::DropNotNull { .. }
        | OpKind::AddPrimaryKey { using_index: true, .. }
        | OpKind::AddUnique { using_index: true, .. }
        | OpKind::AddCheck { not_valid: true, .. }
        | OpKind::DropConstraint { .. }
        | OpKind::DropOtherCascade { .. } => impact(AE, ReadsAndWrites, Metadata, None),
        _ => impact(None, Nothing, Metadata, None),
    }
}

/// PostgreSQL 11+ adds a column with a constant or stable default without touching rows; volatile
/// defaults, identities, serials and stored generated columns fill every row.
pub fn pg_add_column_rewrites(column: &super::op::ColumnSpec, cx: &Context<'_>) -> bool {
    column.generated_stored
        || column.auto_numbered
        || column.default.as_deref().is_some_and(|d| pg_default_rewrites(d, cx))
}

/// Whether adding a column with this default fills every row: any non-null default before
/// PostgreSQL 11 (no fast defaults), a volatile one on any version.
pub fn pg_default_rewrites(default: &str, cx: &Context<'_>) -> bool {
    !cx.at_least(11, 0, 0) && !default.eq_ignore_ascii_case("null") || volatile(default)
}

/// Whether a default expression may give each row its own value, so that adding the column
/// rewrites the table. Literals and casts of literals are constant; of function calls only the
/// stable clock functions without arguments are known safe — any other function may be volatile
/// (strong_migrations treats unknown functions the same way).
pub fn volatile(expression: &str) -> bool {
    const STABLE: &[&str] = &[
        "now",
        "transaction_timestamp",
        "statement_timestamp",
        "current_timestamp",
        "current_date",
        "current_time",
        "localtimestamp",
        "localtime",
    ];
    let lower = expression.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('(') {
        let name: String = rest[..open]
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let name = name.rsplit('.').next().unwrap_or_default();
        let after = rest[open + 1..].trim_start();
        let no_arguments = after.starts_with(')');
        if !(name.is_empty() || STABLE.contains(&name) && no_arguments) {
            return true;
        }
        rest = &rest[open + 1..];
    }
    false
}

/// Type changes PostgreSQL makes without a rewrite: a longer or unlimited varchar, text from
/// varchar, a wider or unconstrained numeric with the same scale, more time precision.
pub fn pg_binary_coercible(from: Option<&TypeKind>, to: Option<&TypeKind>) -> bool {
    use TypeKind::*;
    match (from, to) {
        (Some(Varchar { length: Some(a) }), Some(Varchar { length: Some(b) })) => b >= a,
        (Some(Varchar { .. }), Some(Varchar { length: None } | Text)) => true,
        (Some(Text), Some(Varchar { length: None })) => true,
        (Some(Decimal { precision: Some(p1), scale: s1 }), Some(Decimal { precision: Some(p2), scale: s2 })) => {
            p2 >= p1 && s1.unwrap_or(0) == s2.unwrap_or(0)
        }
        (Some(Decimal { .. }), Some(Decimal { precision: None, scale: None })) => true,
        _ => false,
    }
}

fn mysql(op: &Op, cx: &Context<'_>) -> Impact {
    use Algorithm::*;
    use Blocks::*;
    use Work::*;
    const MDL: Option<&str> = Some("metadata lock");
    let instant_drop = if cx.options.mariadb { cx.at_least(10, 4, 0) } else { cx.at_least(8, 0, 29) };
    match &op.kind {
        OpKind::DropTable { .. }
        | OpKind::Truncate { .. }
        | OpKind::DropSchema { .. }
        | OpKind::DropPartition { .. } => impact(MDL, ReadsAndWrites, Metadata, None),
        OpKind::AddColumn(c) if c.auto_numbered || c.generated_stored => impact(MDL, Writes, Rewrite, Some(Copy)),
        OpKind::AddColumn(_) => impact(MDL, Nothing, Metadata, Some(Instant)),
        OpKind::DropColumn { .. } if instant_drop => impact(MDL, Nothing, Metadata, Some(Instant)),
        OpKind::DropColumn { .. } => impact(MDL, Nothing, Rewrite, Some(Inplace)),
        OpKind::RenameColumn { .. } | OpKind::RenameTable { .. } => impact(MDL, Nothing, Metadata, Some(Instant)),
        OpKind::AlterColumnType { column, from, to, to_text, .. }
            if cx.column_type(op.target.as_ref(), column, from).is_some_and(|(raw, kind)| {
                // `MODIFY` restates the type it keeps; utf8mb4: a VARCHAR's length prefix stays
                // one byte up to 63 characters, two bytes above.
                raw.eq_ignore_ascii_case(to_text)
                    || match (kind, to) {
                        (TypeKind::Varchar { length: Some(a) }, Some(TypeKind::Varchar { length: Some(b) })) => {
                            *b >= a && (a > 63) == (*b > 63)
                        }
                        _ => false,
                    }
            }) =>
        {
            impact(MDL, Nothing, Metadata, Some(Inplace))
        }
        OpKind::AlterColumnType { .. } | OpKind::ChangeEngine | OpKind::ChangeCharset | OpKind::AddCheck { .. } => {
            impact(MDL, Writes, Rewrite, Some(Copy))
        }
        OpKind::AlterOptions { copy: true, .. } => impact(MDL, Writes, Rewrite, Some(Copy)),
        OpKind::SetNotNull { .. } | OpKind::DropNotNull { .. } | OpKind::AddPrimaryKey { .. } => {
            impact(MDL, Nothing, Rewrite, Some(Inplace))
        }
        // Without checking the rows already there (`foreign_key_checks=0`), InnoDB adds it in
        // place.
        OpKind::AddForeignKey { not_valid: true, .. } => impact(MDL, Nothing, Metadata, Some(Inplace)),
        OpKind::AddForeignKey { .. } => impact(MDL, Writes, Rewrite, Some(Copy)),
        OpKind::CreateIndex { .. } | OpKind::AddUnique { .. } => impact(MDL, Nothing, IndexBuild, Some(Inplace)),
        OpKind::DropIndex { .. } | OpKind::DropConstraint { .. } => impact(MDL, Nothing, Metadata, Some(Inplace)),
        _ => impact(None, Nothing, Metadata, None),
    }
}

fn sqlite(op: &Op) -> Impact {
    const WRITE_LOCK: Option<&str> = Some("database write lock");
    match &op.kind {
        OpKind::Other
        | OpKind::Backfill { .. }
        | OpKind::Begin
        | OpKind::Commit
        | OpKind::Unparsed { .. }
        | OpKind::EndOfMigration => impact(None, Blocks::Nothing, Work::Metadata, None),
        OpKind::SetLockTimeout | OpKind::SetStatementTimeout => impact(None, Blocks::Nothing, Work::Metadata, None),
        // Everything ALTER TABLE cannot do is a copy of the table (the 12-step rebuild).
        OpKind::DropColumn { .. }
        | OpKind::AlterColumnType { .. }
        | OpKind::SetNotNull { .. }
        | OpKind::DropNotNull { .. }
        | OpKind::AddPrimaryKey { .. }
        | OpKind::AddUnique { .. }
        | OpKind::AddForeignKey { .. }
        | OpKind::AddCheck { .. }
        | OpKind::DropConstraint { .. } => impact(WRITE_LOCK, Blocks::Writes, Work::Rewrite, None),
        OpKind::CreateIndex { .. } => impact(WRITE_LOCK, Blocks::Writes, Work::IndexBuild, None),
        _ => impact(WRITE_LOCK, Blocks::Writes, Work::Metadata, None),
    }
}
