//! Errors of the I/O layer. Each message is one line that names the object (a path, a query, a
//! table) and, where there is one, the fix.

use std::path::PathBuf;

/// An error raised while reading a source or introspecting a database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text given as a source is not any form Plumb reads.
    #[error(
        "cannot tell what kind of source {text:?} is: use sqlite:PATH, a .db/.sqlite/.sqlite3 file, a .json snapshot, a .sql file, a migrations folder, a .prisma schema, postgres://…, mysql://… or env:VARIABLE"
    )]
    UnknownSource {
        /// The source text as given (URLs already redacted).
        text: String,
    },
    /// `env:NAME` names a variable that is not set.
    #[error("env:{name}: the variable is not set, in the environment or in ./.env; set it, or name the database another way")]
    UnsetVariable {
        /// The variable.
        name: String,
    },
    /// A URL source could not be parsed.
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl {
        /// The URL with its password redacted.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file source does not exist.
    #[error("{}: no such file (check the path)", path.display())]
    FileNotFound {
        /// The missing path.
        path: PathBuf,
    },
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// A file given as an SQLite database is something else.
    #[error("{}: not an SQLite database (a folder, a pipe, an encrypted file or another kind of file)", path.display())]
    NotSqlite {
        /// The file.
        path: PathBuf,
    },
    /// Another process holds a lock on the SQLite database for longer than Plumb waits.
    #[error(
        "{}: database is locked by another process (waited {waited_ms} ms); finish or close the other connection and retry",
        path.display()
    )]
    Locked {
        /// The database file.
        path: PathBuf,
        /// How long Plumb waited for the lock.
        waited_ms: u64,
    },
    /// The server refused the user name or password.
    #[error("{target}: authentication failed for user {user:?} (wrong password, unknown user, or no access rule for this host)")]
    AuthFailed {
        /// The server, as a URL with its password redacted.
        target: String,
        /// The user name that was refused.
        user: String,
    },
    /// The database named in the URL does not exist on the server.
    #[error("{target}: database {database:?} does not exist (check the database name)")]
    UnknownDatabase {
        /// The server, as a URL with its password redacted.
        target: String,
        /// The missing database.
        database: String,
    },
    /// Nothing answered at the host and port, or the host name does not resolve.
    #[error("{target}: {reason}")]
    Unreachable {
        /// The server, as a URL with its password redacted.
        target: String,
        /// What went wrong, with the fix.
        reason: String,
    },
    /// The server did not complete the connection within the timeout.
    #[error(
        "{target}: no answer within {seconds} s (is the host reachable? a firewall may drop packets; \
         set ?connect_timeout=N to wait longer)"
    )]
    ConnectTimeout {
        /// The server, as a URL with its password redacted.
        target: String,
        /// How long Plumb waited.
        seconds: u64,
    },
    /// The connected user may not read what introspection needs.
    #[error("{target}: permission denied while reading {what} ({reason}); connect as a user who can read the catalog")]
    PermissionDenied {
        /// The server, as a URL with its password redacted.
        target: String,
        /// The catalog query that was refused.
        what: &'static str,
        /// The server's message.
        reason: String,
    },
    /// Opening a connection failed for another reason.
    #[error("cannot open {target}: {source}")]
    Connect {
        /// What was being opened (a path, or a URL with its password redacted).
        target: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// A catalog query failed.
    #[error("catalog query {query} failed: {source}")]
    Query {
        /// The name of the query (its `.sql` file name).
        query: &'static str,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// A definition stored in the database could not be read.
    #[error("cannot read the stored definition of {object}: {reason}")]
    Definition {
        /// The object, as `kind name` (`table users`).
        object: String,
        /// What the SQL parser reported.
        reason: String,
    },
    /// `--fix` named no check of the audit.
    #[error("{id}: there is no such check (plumb audit --checks lists them)")]
    UnknownCheck {
        /// The id given.
        id: String,
    },
    /// A run folder or file a caller named that is not evidence of a listed run.
    #[error("{what} is not {of} of a listed run")]
    NotEvidence {
        /// The folder or file named.
        what: String,
        /// What it was taken for (`the evidence folder`, `an evidence file`).
        of: &'static str,
    },
    /// A step of an online plan that is not a statement (a check of the data, a table copy by
    /// pt-online-schema-change) stopped the run.
    #[error("step {step} ({description}) stopped the run: {reason}")]
    StepStopped {
        /// The step's number, from 1.
        step: usize,
        /// What the step does.
        description: String,
        /// What it found or what the tool said, with what stays applied and the way forward.
        reason: String,
    },
    /// The target changed since the plan was made: applying it could do anything.
    #[error(
        "the database changed since the plan was made ({} difference(s){}: it is {actual}, the plan starts from {expected}); nothing was written: make a new plan",
        drift.changes.len() + elsewhere.len(),
        if elsewhere.is_empty() { String::new() } else { format!(", {} of them in objects the plan leaves alone: {}", elsewhere.len(), plumb_engine::text::listed(elsewhere, 5)) }
    )]
    StaleSchema {
        /// The fingerprint the plan starts from.
        expected: String,
        /// The target's fingerprint now.
        actual: String,
        /// What changed in the objects the plan changes: their starting state → the target now.
        drift: plumb_engine::diff::ChangeSet,
        /// The objects the plan leaves alone that changed, are new or are gone
        /// (`table app.audit changed`).
        elsewhere: Vec<String>,
    },
    /// The target already has the plan's desired schema: the plan ran, or the same change was
    /// made another way.
    #[error("the database already has this plan's desired schema ({fingerprint}): nothing to apply")]
    AlreadyApplied {
        /// The target's fingerprint, which is the plan's desired one.
        fingerprint: String,
    },
    /// A step of a plan failed.
    #[error("step {step} ({description}) failed: {source}; {outcome}")]
    StepFailed {
        /// The step's number, from 1.
        step: usize,
        /// What the step does.
        description: String,
        /// What happened to the steps before it.
        outcome: String,
        /// The server's error.
        #[source]
        source: sqlx::Error,
    },
    /// A plan for one dialect was pointed at a database of another.
    #[error("the plan is for {plan}, the target is {target}")]
    WrongTarget {
        /// The plan's flavor.
        plan: String,
        /// The target's flavor.
        target: String,
    },
    /// Seed data refused on this environment: nothing was written.
    #[error("seeding {target} is refused: {reason}; nothing was written")]
    SeedRefused {
        /// The target (no password).
        target: String,
        /// Why, and what to do instead.
        reason: String,
    },
    /// A program Plumb runs for this is not installed (Alembic, a seed's command).
    #[error("{what} needs {tool}, which is not available here: {install}")]
    ToolMissing {
        /// What was being done (`reading the SQL of the Alembic history alembic/versions`).
        what: String,
        /// The program or package missing (`Alembic`).
        tool: String,
        /// What to install, or how to point Plumb at it.
        install: String,
    },
    /// The source is of a kind this build does not support yet.
    #[error("{what} is not supported yet; {hint}")]
    Unsupported {
        /// What is missing.
        what: String,
        /// What the user can do instead.
        hint: String,
    },
    /// A snapshot file could not be read as a snapshot.
    #[error("{}: {source}", path.display())]
    Snapshot {
        /// The snapshot file.
        path: PathBuf,
        /// What was wrong with it.
        #[source]
        source: plumb_engine::Error,
    },
    /// A profile's fields are not complete or not valid.
    #[error("profile {name:?}: {problems}")]
    InvalidProfile {
        /// The profile's name as given.
        name: String,
        /// Every problem, `field: what to do`, separated by `; `.
        problems: String,
    },
    /// No profile has this name.
    #[error("no profile named {name:?} ({})", if known.is_empty() { "there are none yet: add one with `plumb profile add NAME --url URL`".to_owned() } else { format!("profiles: {known}") })]
    ProfileNotFound {
        /// The name asked for.
        name: String,
        /// The profiles there are, comma-separated.
        known: String,
    },
    /// A profile with this name exists already.
    #[error("a profile named {name:?} exists already: choose another name, or remove it first")]
    ProfileExists {
        /// The existing profile's name.
        name: String,
    },
    /// The profile file (or a file of profiles to import) cannot be read.
    #[error("{}: {reason}", path.display())]
    InvalidProfileFile {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The profile's password is not in the keychain nor given in this session.
    #[error("profile {profile:?} needs its password: it is not in the OS keychain (save it with `plumb profile password {profile}`, or type it when asked)")]
    PasswordNeeded {
        /// The profile's name.
        profile: String,
    },
    /// The keychain refused an operation (other than being unavailable, which falls back to memory).
    #[error("OS keychain, entry {account:?} of service \"plumb\": {reason}")]
    Keychain {
        /// The keychain account (a profile id).
        account: String,
        /// What the keychain reported.
        reason: String,
    },
    /// A write was refused because the profile is read-only.
    #[error("profile {profile:?} ({environment}) is read-only: nothing was written; unlock it for a while with `plumb profile unlock {profile}` (or in the app) if this write is intended")]
    ReadOnly {
        /// The profile's name.
        profile: String,
        /// Its environment.
        environment: String,
    },
    /// An approval was asked for while blocking findings were left unacknowledged.
    #[error("not approved: acknowledge each blocking finding first ({})", .open.iter().map(|f| format!("{}: {}", f.rule, f.message)).collect::<Vec<_>>().join("; "))]
    Unacknowledged {
        /// The blocking findings nobody acknowledged.
        open: Vec<plumb_engine::lint::Finding>,
    },
    /// The apply gate refused the plan: approvals, acknowledgements, policy or confirmation.
    #[error(transparent)]
    Gate(#[from] plumb_engine::gate::GateError),
    /// The project's policy file cannot be used.
    #[error(transparent)]
    Policy(#[from] plumb_engine::policy::PolicyError),
    /// Another apply holds the target's advisory lock.
    #[error("{target}: another apply is running on this database (it holds Plumb's lock); nothing was written: wait for it to finish and make sure it did not change what this plan expects")]
    ApplyInProgress {
        /// The target, without password.
        target: String,
    },
    /// A script failed while SQL was replayed on a scratch database.
    #[error("{at}: {reason} (while replaying it on a scratch database)")]
    Replay {
        /// The file, with `:line` where the server said.
        at: String,
        /// The server's message.
        reason: String,
    },
    /// A `schema.prisma` that cannot be read or mapped to a database.
    #[error("{}:{source}", path.display())]
    Prisma {
        /// The schema file.
        path: std::path::PathBuf,
        /// Where in it, and what is wrong.
        source: plumb_engine::prisma::PrismaError,
    },
    /// The project's policy file could not be edited as asked.
    #[error("{}: {reason}", path.display())]
    PolicyEdit {
        /// The policy file.
        path: PathBuf,
        /// Why not.
        reason: String,
    },
    /// `--resume` found no interrupted run of this plan on the target.
    #[error("{target}: there is no interrupted run of this plan to resume (plan {plan_hash}); `plumb history --to TARGET` lists the runs")]
    NothingToResume {
        /// The target, without password.
        target: String,
        /// The plan's hash.
        plan_hash: String,
    },
}

/// The result type of the I/O layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What kind of failure an [`Error`] is: the closed set the shells (CLI exit codes, the app's
/// `ErrorCode`) switch on. Deliberately not `#[non_exhaustive]`: a new kind must be handled by
/// every shell, and [`Error::kind`] must place every new error variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The user's input (a source, a URL) is malformed.
    InvalidInput,
    /// A file that should exist does not.
    FileNotFound,
    /// A file exists but is not what it should be (not SQLite, not a snapshot).
    WrongFileKind,
    /// Another process holds a lock for longer than Plumb waits.
    Locked,
    /// A connection could not be opened: nothing listens, the host is unknown, TLS failed.
    ConnectionFailed,
    /// The server refused the credentials.
    AuthFailed,
    /// A named database or object does not exist.
    NotFound,
    /// The server did not answer in time.
    Timeout,
    /// The user lacks a privilege.
    PermissionDenied,
    /// The database answered a query with an error, or holds a definition Plumb cannot read.
    QueryFailed,
    /// The request is valid but this build cannot do it yet.
    Unsupported,
    /// The operating system refused a file operation.
    Io,
    /// The target changed since the plan was made, or is not the plan's kind of database.
    Conflict,
    /// A statement of a plan failed.
    StepFailed,
    /// No profile has the name given.
    ProfileNotFound,
    /// A password is needed and not known: ask for it.
    PasswordNeeded,
    /// The OS keychain failed.
    Keychain,
    /// The target is read-only: writing needs an explicit unlock.
    ReadOnly,
    /// The apply gate refused: approvals, acknowledgements, policy or confirmation are missing.
    Blocked,
}

impl Error {
    /// The same error in the desktop app's words: its remedies name what to do in the window
    /// instead of a command to type. Errors without a terminal remedy read the same in both.
    pub fn in_window(&self) -> String {
        match self {
            Error::Gate(gate) => gate.in_window(),
            Error::ProfileNotFound { name, .. } => {
                format!("no profile named {name:?}: add it in the sidebar's Profiles")
            }
            Error::PasswordNeeded { profile } => {
                format!("profile {profile:?} needs its password: it is not in the OS keychain; type it when asked")
            }
            Error::ReadOnly { profile, environment } => format!(
                "profile {profile:?} ({environment}) is read-only: nothing was written; if this write is intended, \
                 unlock it for a while from the profile's menu in the sidebar (Unlock 15 min)"
            ),
            other => other.to_string(),
        }
    }

    /// The kind of failure, for shells that map errors to codes.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::UnknownSource { .. } | Error::InvalidUrl { .. } | Error::UnsetVariable { .. } => {
                ErrorKind::InvalidInput
            }
            Error::FileNotFound { .. } => ErrorKind::FileNotFound,
            Error::NotSqlite { .. } | Error::Snapshot { .. } => ErrorKind::WrongFileKind,
            Error::Locked { .. } => ErrorKind::Locked,
            Error::Connect { .. } | Error::Unreachable { .. } => ErrorKind::ConnectionFailed,
            Error::AuthFailed { .. } => ErrorKind::AuthFailed,
            Error::UnknownDatabase { .. } => ErrorKind::NotFound,
            Error::ConnectTimeout { .. } => ErrorKind::Timeout,
            Error::PermissionDenied { .. } => ErrorKind::PermissionDenied,
            Error::Query { .. } | Error::Definition { .. } => ErrorKind::QueryFailed,
            Error::Unsupported { .. } | Error::ToolMissing { .. } => ErrorKind::Unsupported,
            Error::Io { .. } => ErrorKind::Io,
            Error::StaleSchema { .. } | Error::WrongTarget { .. } | Error::AlreadyApplied { .. } => ErrorKind::Conflict,
            Error::StepFailed { .. } | Error::StepStopped { .. } => ErrorKind::StepFailed,
            Error::InvalidProfile { .. } | Error::ProfileExists { .. } => ErrorKind::InvalidInput,
            Error::InvalidProfileFile { .. } => ErrorKind::WrongFileKind,
            Error::ProfileNotFound { .. } => ErrorKind::ProfileNotFound,
            Error::PasswordNeeded { .. } => ErrorKind::PasswordNeeded,
            Error::Keychain { .. } => ErrorKind::Keychain,
            Error::ReadOnly { .. } => ErrorKind::ReadOnly,
            Error::Gate(_) | Error::Unacknowledged { .. } | Error::SeedRefused { .. } => ErrorKind::Blocked,
            Error::Policy(_) | Error::PolicyEdit { .. } => ErrorKind::InvalidInput,
            Error::ApplyInProgress { .. } => ErrorKind::Locked,
            Error::NothingToResume { .. } => ErrorKind::Conflict,
            Error::Replay { .. } => ErrorKind::QueryFailed,
            Error::Prisma { .. } | Error::NotEvidence { .. } | Error::UnknownCheck { .. } => ErrorKind::InvalidInput,
        }
    }

    /// The file the error is about, when it is about one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::FileNotFound { path }
            | Error::Io { path, .. }
            | Error::NotSqlite { path }
            | Error::Locked { path, .. }
            | Error::Snapshot { path, .. }
            | Error::Prisma { path, .. }
            | Error::InvalidProfileFile { path, .. }
            | Error::PolicyEdit { path, .. } => Some(path),
            _ => None,
        }
    }
}
