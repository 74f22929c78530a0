//! The operations rules read: one normalized model for both inputs, a plan's typed changes and the
//! statements of a SQL migration file, so that each rule is written once.

use crate::model::TypeKind;

/// A table or other object, as the migration names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectRef {
    /// Its schema, when the migration names one.
    pub schema: Option<String>,
    /// Its name.
    pub name: String,
}

impl ObjectRef {
    /// An object in `schema` (or unqualified).
    pub fn new(schema: Option<&str>, name: &str) -> Self {
        Self { schema: schema.filter(|s| !s.is_empty()).map(str::to_owned), name: name.to_owned() }
    }
}

impl std::fmt::Display for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.schema {
            Some(schema) => write!(f, "{schema}.{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// A column as an operation adds or changes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnSpec {
    /// Its name.
    pub name: String,
    /// Its type as written.
    pub type_text: String,
    /// Its type, normalized where Plumb knows it.
    pub kind: Option<TypeKind>,
    /// `NOT NULL` (or `PRIMARY KEY`).
    pub not_null: bool,
    /// The default expression, as written.
    pub default: Option<String>,
    /// `GENERATED … STORED` (a computed column every row must store).
    pub generated_stored: bool,
    /// An identity, `serial` type or `AUTO_INCREMENT`: every existing row gets a value.
    pub auto_numbered: bool,
    /// `PRIMARY KEY` on the column.
    pub primary_key: bool,
    /// `UNIQUE` on the column.
    pub unique: bool,
    /// An inline `REFERENCES` clause.
    pub references: Option<ObjectRef>,
    /// An inline `CHECK`.
    pub check: bool,
}

impl ColumnSpec {
    /// NOT NULL with nothing to fill existing rows from (no default, not generated or numbered):
    /// adding it to a table with rows fails or makes up values.
    pub fn required_without_default(&self) -> bool {
        self.not_null && self.default.is_none() && !self.auto_numbered && !self.generated_stored
    }
}

/// What a statement or change does, as far as safety is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpKind {
    /// `CREATE TABLE`.
    CreateTable {
        /// Its columns.
        columns: Vec<ColumnSpec>,
        /// Tables its foreign keys reference.
        references: Vec<ObjectRef>,
        /// Whether it has a primary key.
        has_primary_key: bool,
        /// MariaDB `CREATE OR REPLACE TABLE`.
        or_replace: bool,
    },
    /// `DROP TABLE`.
    DropTable {
        /// `CASCADE`.
        cascade: bool,
        /// An added table of the same shape the diff offers as a possible rename.
        possible_rename: Option<String>,
    },
    /// Renames the table to `to`.
    RenameTable {
        /// The new name.
        to: String,
    },
    /// `ADD COLUMN`.
    AddColumn(ColumnSpec),
    /// `DROP COLUMN`.
    DropColumn {
        /// The column.
        column: String,
        /// `CASCADE`.
        cascade: bool,
        /// An added column of the same shape the diff offers as a possible rename.
        possible_rename: Option<String>,
    },
    /// `RENAME COLUMN`.
    RenameColumn {
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// A column's type changes.
    AlterColumnType {
        /// The column.
        column: String,
        /// Its current type, when known (plans know it; SQL files do not).
        from: Option<(String, TypeKind)>,
        /// The new type as written.
        to_text: String,
        /// The new type, normalized where known.
        to: Option<TypeKind>,
        /// A `USING` expression was given.
        using: bool,
    },
    /// `SET NOT NULL` (or MySQL `MODIFY … NOT NULL` from nullable).
    SetNotNull {
        /// The column.
        column: String,
        /// Its desired default, when a plan knows it (a table rebuild can fill NULLs from it).
        default: Option<String>,
    },
    /// `DROP NOT NULL`.
    DropNotNull {
        /// The column.
        column: String,
    },
    /// `CREATE [UNIQUE] INDEX`.
    CreateIndex {
        /// The index name, when given.
        name: Option<String>,
        /// Its key columns (empty when a part is an expression).
        columns: Vec<String>,
        /// `UNIQUE`.
        unique: bool,
        /// `CONCURRENTLY`.
        concurrently: bool,
    },
    /// `DROP INDEX`.
    DropIndex {
        /// The index.
        name: String,
        /// `CONCURRENTLY`.
        concurrently: bool,
    },
    /// `ADD PRIMARY KEY`.
    AddPrimaryKey {
        /// `USING INDEX`: the index exists already.
        using_index: bool,
        /// Its columns.
        columns: Vec<String>,
    },
    /// `ADD UNIQUE`.
    AddUnique {
        /// `USING INDEX`.
        using_index: bool,
        /// Its columns.
        columns: Vec<String>,
    },
    /// `ADD FOREIGN KEY`.
    AddForeignKey {
        /// The table it references.
        referenced: ObjectRef,
        /// `NOT VALID`.
        not_valid: bool,
        /// Its columns.
        columns: Vec<String>,
        /// The referenced columns.
        referenced_columns: Vec<String>,
    },
    /// `ADD CHECK`.
    AddCheck {
        /// `NOT VALID`.
        not_valid: bool,
        /// The condition, as written.
        expression: Option<String>,
    },
    /// `ADD EXCLUDE`.
    AddExclusion,
    /// `VALIDATE CONSTRAINT`.
    ValidateConstraint {
        /// The constraint.
        name: String,
    },
    /// `DROP CONSTRAINT` or MySQL `DROP FOREIGN KEY`.
    DropConstraint {
        /// The constraint.
        name: String,
        /// Known to be a foreign key.
        foreign_key: bool,
        /// `CASCADE`.
        cascade: bool,
    },
    /// `TRUNCATE`.
    Truncate {
        /// `CASCADE`.
        cascade: bool,
    },
    /// `DROP SCHEMA` or `DROP DATABASE`.
    DropSchema {
        /// `CASCADE`.
        cascade: bool,
    },
    /// `ALTER SCHEMA … RENAME`.
    RenameSchema,
    /// Any other `DROP` with `CASCADE` (views, types).
    DropOtherCascade {
        /// What kind of object (`VIEW`, `TYPE`).
        what: String,
    },
    /// `DROP SEQUENCE`.
    DropSequence,
    /// `DROP TYPE` (PostgreSQL enums, composite types; `DROP DOMAIN` too).
    DropType {
        /// `CASCADE`.
        cascade: bool,
    },
    /// `ALTER TYPE … ADD VALUE`.
    AddEnumValue {
        /// `BEFORE`/`AFTER` given.
        positioned: bool,
    },
    /// `ALTER TYPE … RENAME VALUE`, or labels removed from an enum.
    ChangeEnumValues {
        /// The labels removed or renamed.
        removed: Vec<String>,
    },
    /// MySQL `ALGORITHM=` / `LOCK=` options on an `ALTER TABLE`.
    AlterOptions {
        /// `ALGORITHM=COPY`.
        copy: bool,
        /// `LOCK=SHARED` or `LOCK=EXCLUSIVE`.
        blocking_lock: bool,
        /// `ALGORITHM=INSTANT`.
        instant: bool,
    },
    /// A table rewrite that is the whole point (`SET TABLESPACE`, `SET LOGGED`, `VACUUM FULL`, `CLUSTER`).
    RewriteTable {
        /// What asks for it.
        what: String,
    },
    /// `REINDEX` without `CONCURRENTLY`.
    Reindex,
    /// `ALTER TABLE … DETACH PARTITION`.
    DetachPartition {
        /// `CONCURRENTLY`.
        concurrently: bool,
    },
    /// `ALTER TABLE … ATTACH PARTITION`.
    AttachPartition,
    /// The end of the migration file (for checks on what was left open).
    EndOfMigration,
    /// `REFRESH MATERIALIZED VIEW`.
    RefreshMaterializedView {
        /// `CONCURRENTLY`.
        concurrently: bool,
    },
    /// `CREATE DOMAIN … CHECK` or `ALTER DOMAIN … ADD CONSTRAINT`.
    DomainConstraint,
    /// A table's storage engine changes (MySQL).
    ChangeEngine,
    /// A table's default character set or collation changes (MySQL).
    ChangeCharset,
    /// `ALTER TABLE … DROP PARTITION`, or a dropped table that is a partition.
    DropPartition {
        /// The partition.
        name: String,
    },
    /// `PRAGMA name = value` (SQLite).
    Pragma {
        /// The pragma (`foreign_keys`).
        name: String,
        /// Its value, as written.
        value: Option<String>,
    },
    /// `SET lock_timeout` (PostgreSQL) or `SET lock_wait_timeout` (MySQL).
    SetLockTimeout,
    /// `SET statement_timeout` (PostgreSQL) or `max_statement_time` (MariaDB).
    SetStatementTimeout,
    /// `BEGIN` / `START TRANSACTION`.
    Begin,
    /// `COMMIT` or `ROLLBACK`.
    Commit,
    /// `UPDATE`, `DELETE … WHERE` or `INSERT … SELECT` on a table.
    Backfill {
        /// For `INSERT INTO t (…) SELECT a, b FROM s`: the table read and the columns copied
        /// (a table rebuild copies the columns it keeps).
        copy: Option<RowCopy>,
    },
    /// `DELETE` without `WHERE`: every row of the table goes.
    DeleteAll,
    /// A statement that matters to no rule (`CREATE VIEW`, `COMMENT ON`, `SELECT`).
    Other,
    /// A statement the parser could not read.
    Unparsed {
        /// The parser's message.
        error: String,
    },
}

/// Rows copied from one table into another by `INSERT … SELECT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCopy {
    /// The table read.
    pub from: ObjectRef,
    /// Its columns, as selected (only plain column names: an expression copies no column as it
    /// was); `None` for `SELECT *`, every column.
    pub columns: Option<Vec<String>>,
}

/// One operation: what it does and the table it does it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Op {
    /// What it does.
    pub kind: OpKind,
    /// The table (or schema, index, type) it acts on.
    pub target: Option<ObjectRef>,
    /// Where it comes from: the plan step, or the statement's line in the file.
    pub origin: Origin,
    /// Identifiers the statement declares (for length checks).
    pub declared_names: Vec<String>,
    /// The first operation of its statement (an `ALTER TABLE` with several clauses makes several
    /// operations of one statement).
    pub starts_statement: bool,
}

/// Where an operation comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A plan's change (the step is found when findings are attached to steps).
    Change,
    /// A statement of a SQL file, at this line (from 1).
    Line(u32),
}

impl Op {
    /// An operation on `target`.
    pub fn new(kind: OpKind, target: Option<ObjectRef>, origin: Origin) -> Self {
        Self { kind, target, origin, declared_names: Vec::new(), starts_statement: true }
    }

    /// The target's name for messages (`table users`), or `the table`.
    pub fn target_name(&self) -> String {
        self.target.as_ref().map(ToString::to_string).unwrap_or_else(|| "the table".into())
    }
}
