//! The only error type commands return: `{ code, message, details }`, never a bare string.

use plumb_db::ErrorKind;
use serde::Serialize;

/// An error as the UI receives it. `message` is for people and never holds a secret; the UI
/// switches on `code`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct IpcError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<ErrorDetails>,
}

/// The closed set of error codes, mirrored in `ui/src/api/errors.ts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) enum ErrorCode {
    Invalid,
    FileNotFound,
    NotADatabase,
    Locked,
    ConnectionFailed,
    AuthFailed,
    DatabaseNotFound,
    Timeout,
    PermissionDenied,
    StaleSchema,
    StepFailed,
    QueryFailed,
    Unsupported,
    ProfileNotFound,
    PasswordNeeded,
    Keychain,
    ReadOnly,
    Blocked,
    /// The user stopped it.
    Cancelled,
    Internal,
}

/// Structured facts about an error, for the UI to show beside the message.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorDetails {
    /// The file the error is about.
    pub path: Option<String>,
    /// The fields of a form that are wrong, each with what to do.
    pub fields: Vec<plumb_db::profile::FieldProblem>,
}

impl IpcError {
    /// A failure of Plumb itself (a task that panicked), not of the user's input.
    pub(crate) fn internal(message: String) -> Self {
        IpcError { code: ErrorCode::Internal, message, details: None }
    }
}

impl From<plumb_db::Error> for IpcError {
    fn from(error: plumb_db::Error) -> Self {
        let code = match error.kind() {
            ErrorKind::InvalidInput => ErrorCode::Invalid,
            ErrorKind::FileNotFound => ErrorCode::FileNotFound,
            ErrorKind::WrongFileKind => ErrorCode::NotADatabase,
            ErrorKind::Locked => ErrorCode::Locked,
            ErrorKind::ConnectionFailed => ErrorCode::ConnectionFailed,
            ErrorKind::AuthFailed => ErrorCode::AuthFailed,
            ErrorKind::NotFound => ErrorCode::DatabaseNotFound,
            ErrorKind::Timeout => ErrorCode::Timeout,
            ErrorKind::PermissionDenied => ErrorCode::PermissionDenied,
            ErrorKind::Conflict => ErrorCode::StaleSchema,
            ErrorKind::StepFailed => ErrorCode::StepFailed,
            ErrorKind::QueryFailed => ErrorCode::QueryFailed,
            ErrorKind::Unsupported => ErrorCode::Unsupported,
            ErrorKind::Io => ErrorCode::Internal,
            ErrorKind::ProfileNotFound => ErrorCode::ProfileNotFound,
            ErrorKind::PasswordNeeded => ErrorCode::PasswordNeeded,
            ErrorKind::Keychain => ErrorCode::Keychain,
            ErrorKind::ReadOnly => ErrorCode::ReadOnly,
            ErrorKind::Blocked => ErrorCode::Blocked,
        };
        tracing::warn!(?code, %error, "command failed");
        let details =
            error.path().map(|path| ErrorDetails { path: Some(path.display().to_string()), fields: Vec::new() });
        IpcError { code, message: error.in_window(), details }
    }
}

impl From<plumb_engine::Error> for IpcError {
    fn from(error: plumb_engine::Error) -> Self {
        use plumb_engine::Error as E;
        let code = match &error {
            E::DialectMismatch { .. }
            | E::InvalidPattern { .. }
            | E::InvalidRename(_)
            | E::UnknownRename { .. }
            | E::InvalidPlan { .. }
            | E::TamperedPlan { .. }
            | E::InvalidVersion(_)
            | E::InvalidUsing(_)
            | E::UnusableUsing { .. } => ErrorCode::Invalid,
            E::InvalidSnapshot { .. } => ErrorCode::NotADatabase,
            E::UnsupportedFormatVersion { .. } | E::UnsupportedChange { .. } | E::NeedsUsing(_) => {
                ErrorCode::Unsupported
            }
            _ => ErrorCode::Internal,
        };
        tracing::warn!(?code, %error, "command failed");
        IpcError { code, message: error.to_string(), details: None }
    }
}
