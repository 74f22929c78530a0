//! Exit codes, as in this field's tools (migra, Prisma `migrate diff --exit-code`, sqldef):
//! 0 success with nothing pending, 1 error, 2 differences found; 3 (blocked by a safety finding or
//! the gate) arrives with the commands that can produce it.

/// How `plumb` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// Success, nothing pending.
    Ok,
    /// Any error.
    Error,
    /// The schemas differ (`plumb diff --exit-code`).
    Differences,
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::Ok => Self::from(0),
            Exit::Error => Self::from(1),
            Exit::Differences => Self::from(2),
        }
    }
}
