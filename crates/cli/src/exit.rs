//! Exit codes, as in this field's tools (migra, Prisma `migrate diff --exit-code`, sqldef):
//! 0 success with nothing pending, 1 error, 2 differences found, 3 blocked by the gate (the target
//! changed since the plan, no confirmation) or, later, by a safety finding.

/// How `plumb` ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// Success, nothing pending.
    Ok,
    /// Any error.
    Error,
    /// The schemas differ (`plumb diff --exit-code`).
    Differences,
    /// The gate refused (the target changed since the plan, no confirmation).
    Blocked,
}

/// An error that means "refused by the gate": `plumb` exits with 3.
#[derive(Debug)]
pub(crate) struct Blocked(pub String);

impl std::fmt::Display for Blocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Blocked {}

impl Exit {
    /// How an error ends `plumb`: 3 when the gate refused, 1 otherwise.
    pub(crate) fn of_error(error: &anyhow::Error) -> Exit {
        let gate = error.downcast_ref::<Blocked>().is_some()
            || error.downcast_ref::<plumb_db::Error>().is_some_and(|e| {
                // Another apply holding the target's lock is a refusal like the gate's.
                matches!(e, plumb_db::Error::ApplyInProgress { .. })
                    || matches!(
                        e.kind(),
                        plumb_db::ErrorKind::Conflict | plumb_db::ErrorKind::ReadOnly | plumb_db::ErrorKind::Blocked
                    )
            });
        if gate {
            Exit::Blocked
        } else {
            Exit::Error
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::Ok => Self::from(0),
            Exit::Error => Self::from(1),
            Exit::Differences => Self::from(2),
            Exit::Blocked => Self::from(3),
        }
    }
}
