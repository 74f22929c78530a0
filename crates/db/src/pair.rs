//! Two sources compared with each other, current → desired, read the one way every comparison
//! (CLI `diff`, `plan`, `drift`, `migrate new`, the app's diff viewer) reads them: a side that
//! replays (an SQL file, a migrations folder, a `schema.prisma`) builds beside the other, and a
//! `schema.prisma` takes from the other side what Prisma does not manage.

use plumb_engine::diff::DiffOptions;
use plumb_engine::model::Database;
use plumb_engine::prisma::with_unmanaged;

use crate::introspect::ProgressSink;
use crate::profile::Profile;
use crate::{Result, Source};

/// A source as the user named it, with the profile it came from.
#[derive(Debug, Clone)]
pub struct Named {
    /// What to read.
    pub source: Source,
    /// The profile `@NAME` resolved to, when the source came from one.
    pub profile: Option<Profile>,
}

impl Named {
    /// A source named by URL or path.
    pub fn plain(source: Source) -> Self {
        Self { source, profile: None }
    }

    /// The environment the source is in, whose policy applies to it: the one `given` (a flag, the
    /// window's entry), else its profile's, else the one a source of its kind is taken to be in
    /// (a server is production).
    pub fn environment(&self, given: Option<&str>) -> String {
        match (given, &self.profile) {
            (Some(env), _) => env.to_owned(),
            (None, Some(profile)) => profile.environment.clone(),
            (None, None) => self.source.assumed_environment().to_owned(),
        }
    }
}

/// Places each side that replays and has no shadow of its own beside the other: on the other
/// side's profile's shadow database, else on the other side's server (a scratch database is
/// created there and dropped, like Prisma's shadow database) — never on a read-only (production)
/// profile's server, which leaves the side asking for a shadow database. `shadow_of` reads a
/// profile's shadow URL (with its password from the keychain); it is only asked when needed.
pub fn place(
    from: Named,
    to: Named,
    shadow_of: impl Fn(&Profile) -> Result<Option<url::Url>>,
) -> Result<(Source, Source)> {
    let beside = |other: &Named| -> Result<Option<url::Url>> {
        if let Some(profile) = &other.profile {
            if let Some(url) = shadow_of(profile)? {
                return Ok(Some(url));
            }
            if profile.read_only {
                return Ok(None);
            }
        }
        Ok(match &other.source {
            Source::Postgres { url } | Source::Mysql { url } => Some(url.clone()),
            _ => None,
        })
    };
    let placed = |side: &Source, other: &Named| -> Result<Source> {
        Ok(match side {
            Source::Sql { path, shadow: None } => Source::Sql { path: path.clone(), shadow: beside(other)? },
            Source::Prisma { path, shadow: None } => Source::Prisma { path: path.clone(), shadow: beside(other)? },
            placed => placed.clone(),
        })
    };
    Ok((placed(&from.source, &to)?, placed(&to.source, &from)?))
}

/// `options` for comparing `from` with `to`: a `schema.prisma` keeps no order of enum labels
/// (Prisma only ever adds them), so labels compare as a set when one side is one.
pub fn options_for(options: DiffOptions, from: &Source, to: &Source) -> DiffOptions {
    let prisma = |s: &Source| matches!(s, Source::Prisma { .. });
    DiffOptions { enum_labels_as_set: prisma(from) || prisma(to), ..options }
}

/// Reads both sides, each reporting its steps to its own sink. Two servers answer in parallel. A
/// `schema.prisma` side is built after the other, with the other's extensions, and takes from it
/// what Prisma does not manage (functions, triggers, views, checks…), so that no plan towards a
/// schema ever drops them, as Prisma Migrate never does.
pub async fn read(
    from: &Source,
    to: &Source,
    from_progress: ProgressSink<'_>,
    to_progress: ProgressSink<'_>,
) -> Result<(Database, Database)> {
    Ok(match (from, to) {
        (_, Source::Prisma { .. }) => {
            let current = from.introspect_with(from_progress).await?.database;
            let desired = with_unmanaged(&to.load_beside(&current).await?, &current);
            (current, desired)
        }
        (Source::Prisma { .. }, _) => {
            let desired = to.introspect_with(to_progress).await?.database;
            (with_unmanaged(&from.load_beside(&desired).await?, &desired), desired)
        }
        _ => {
            let (from, to) = tokio::try_join!(from.introspect_with(from_progress), to.introspect_with(to_progress))?;
            (from.database, to.database)
        }
    })
}
