//! Errors of the pure core. Every variant names what was wrong and how to fix it.

/// An error raised by the pure core.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A snapshot file is not valid JSON or does not have the snapshot's shape.
    #[error("not a valid Plumb snapshot: {source}")]
    InvalidSnapshot {
        /// What the JSON parser reported (line and column included).
        #[source]
        source: serde_json::Error,
    },
    /// A snapshot was written by a newer Plumb whose format this version cannot read.
    #[error("snapshot format_version {found} is newer than this Plumb understands (up to {supported}); upgrade Plumb")]
    UnsupportedFormatVersion {
        /// The `format_version` found in the file.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
    /// Two schemas of different dialects cannot be compared.
    #[error("cannot compare a {from} schema with a {to} schema: compare schemas of the same dialect")]
    DialectMismatch {
        /// The current side's flavor.
        from: crate::dialect::Flavor,
        /// The desired side's flavor.
        to: crate::dialect::Flavor,
    },
    /// An exclude pattern is not a valid glob.
    #[error("exclude pattern {pattern:?} is not a valid glob: {reason}")]
    InvalidPattern {
        /// The pattern as given.
        pattern: String,
        /// What the glob parser reported.
        reason: String,
    },
    /// A rename is not written `old=new` with paths of the same length.
    #[error("cannot read rename {0:?}: write old=new, as table=new_table or table.column=table.new_column")]
    InvalidRename(String),
    /// A cast is not written `table.column=EXPR`.
    #[error("cannot read --using {0:?}: write table.column=EXPR, as orders.placed_at=to_timestamp(placed_at)")]
    InvalidUsing(String),
    /// A cast names a column whose type the plan does not change, or is not one expression.
    #[error("--using {using}: {reason}")]
    UnusableUsing {
        /// The cast as written.
        using: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// A column's type changes between two types the server has no cast between: the user says
    /// how its values convert.
    #[error(
        "changing column {table}.{column} from {from} to {to} without a cast: PostgreSQL has none between them; \
         say how its values convert with --using {table}.{column}=EXPR (the USING field in the app)",
        table = .0.table, column = .0.column, from = .0.from, to = .0.to
    )]
    NeedsUsing(Box<MissingCast>),
    /// A rename names nothing that was dropped and added.
    #[error("rename {rename}: {reason}")]
    UnknownRename {
        /// The rename as given.
        rename: String,
        /// Why it does not apply.
        reason: String,
    },
    /// A change Plumb cannot turn into SQL yet. Never skipped: the plan is refused.
    #[error("Plumb cannot plan {what} yet")]
    UnsupportedChange {
        /// What cannot be planned.
        what: String,
    },
    /// A plan file is not valid JSON or not a plan.
    #[error("not a valid Plumb plan: {reason}")]
    InvalidPlan {
        /// What is wrong with it.
        reason: String,
    },
    /// A plan file was changed after it was written.
    #[error("the plan was edited after it was written (its hash is {recorded}, its content hashes to {computed}); make a new plan")]
    TamperedPlan {
        /// The hash the plan carries.
        recorded: String,
        /// The hash of its content.
        computed: String,
    },
    /// A text of a schema that reaches SQL as written (a default, a type, a check, a definition)
    /// holds more than one piece of SQL: a snapshot or plan file smuggling a statement in.
    #[error("the schema's {what} is not one piece of SQL (it holds a statement break): Plumb plans nothing from it; read the schema from the database again")]
    UnsafeSql {
        /// Where, and the text.
        what: String,
    },
    /// A server version string could not be read as `major[.minor[.patch]]`.
    #[error("cannot read server version {0:?}; expected major.minor.patch")]
    InvalidVersion(String),
}

/// The result type of the pure core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A column whose type changes between two types without a cast ([`Error::NeedsUsing`]); the app
/// asks for its conversion with these facts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct MissingCast {
    /// The table's schema.
    pub schema: String,
    /// The table.
    pub table: String,
    /// The column.
    pub column: String,
    /// Its current type.
    pub from: String,
    /// Its desired type.
    pub to: String,
}
