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
    /// A server version string could not be read as `major[.minor[.patch]]`.
    #[error("cannot read server version {0:?}; expected major.minor.patch")]
    InvalidVersion(String),
}

/// The result type of the pure core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
