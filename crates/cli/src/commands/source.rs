//! A source argument → a [`Source`]: `@NAME` through the profile store, its password from the OS
//! keychain (or typed at a prompt when there is none, kept in memory for this run).

use std::io::IsTerminal;
use std::sync::OnceLock;

use plumb_db::profile::{Keychain, Password, Profile, ProfileStore};
use plumb_db::Source;
use plumb_engine::model::Database;
use plumb_engine::prisma::with_unmanaged;

/// A source, and the profile it came from.
pub(crate) struct Resolved {
    pub source: Source,
    pub profile: Option<Profile>,
}

/// This process's keychain: one, so that a password typed once is not asked for again.
pub(crate) fn keychain() -> &'static Keychain {
    static KEYCHAIN: OnceLock<Keychain> = OnceLock::new();
    KEYCHAIN.get_or_init(Keychain::from_environment)
}

/// The `--shadow` server SQL sources replay on, set once from the command line.
pub(crate) static SHADOW: OnceLock<url::Url> = OnceLock::new();

/// Reads a source argument: `@NAME`, a URL or a path.
pub(crate) fn resolve(text: &str) -> anyhow::Result<Resolved> {
    let Some(name) = text.trim().strip_prefix('@') else {
        let source = match text.parse()? {
            Source::Sql { path, .. } => Source::Sql { path, shadow: SHADOW.get().cloned() },
            Source::Prisma { path, .. } => Source::Prisma { path, shadow: SHADOW.get().cloned() },
            other => other,
        };
        return Ok(Resolved { source, profile: None });
    };
    let store = ProfileStore::open_default()?;
    let profile = store.find(name)?;
    let password = password(&store, &profile)?;
    Ok(Resolved { source: profile.source(password.as_ref())?, profile: Some(profile) })
}

/// Two sources compared with each other. A `.sql`, migrations folder or `schema.prisma` side
/// that `--shadow` does not place replays on the other side's profile's shadow database, or
/// else, when the other side is a server (not a read-only profile's), on that server (a scratch
/// database is created there and dropped), like Prisma's shadow database.
pub(crate) fn pair(from: &str, to: &str) -> anyhow::Result<(Source, Source)> {
    let (from, to) = (resolve(from)?, resolve(to)?);
    let shadow_of = |side: &Resolved| -> anyhow::Result<Option<url::Url>> {
        if let Some(profile) = &side.profile {
            if let Some(url) = ProfileStore::open_default()?.shadow_url(keychain(), profile)? {
                return Ok(Some(url));
            }
            // A read-only (production) profile's server gets no scratch database: name a shadow.
            if profile.read_only {
                return Ok(None);
            }
        }
        Ok(match &side.source {
            Source::Postgres { url } | Source::Mysql { url } => Some(url.clone()),
            _ => None,
        })
    };
    let placed = |side: Source, other: &Resolved| -> anyhow::Result<Source> {
        Ok(match side {
            Source::Sql { path, shadow: None } => Source::Sql { path, shadow: shadow_of(other)? },
            Source::Prisma { path, shadow: None } => Source::Prisma { path, shadow: shadow_of(other)? },
            placed => placed,
        })
    };
    let from_source = placed(from.source.clone(), &to)?;
    let to_source = placed(to.source, &from)?;
    Ok((from_source, to_source))
}

/// Reads two sources compared with each other, both at once (two servers answer in parallel). A
/// `schema.prisma` side is built after the other, with its extensions, and takes from it what
/// Prisma does not manage (functions, triggers, views, checks…), so that no plan towards it drops
/// them.
pub(crate) async fn load_pair(from: &Source, to: &Source) -> anyhow::Result<(Database, Database)> {
    Ok(match (from, to) {
        (_, Source::Prisma { .. }) => {
            let current = from.load().await?;
            let desired = with_unmanaged(&to.load_beside(&current).await?, &current);
            (current, desired)
        }
        (Source::Prisma { .. }, _) => {
            let desired = to.load().await?;
            (with_unmanaged(&from.load_beside(&desired).await?, &desired), desired)
        }
        _ => tokio::try_join!(from.load(), to.load())?,
    })
}

/// Shorthand for commands that only need the source.
pub(crate) fn source(text: &str) -> anyhow::Result<Source> {
    Ok(resolve(text)?.source)
}

/// The profile's password: from the keychain, else asked on the terminal when there is one.
pub(crate) fn password(store: &ProfileStore, profile: &Profile) -> anyhow::Result<Option<Password>> {
    match store.password(keychain(), profile) {
        Err(plumb_db::Error::PasswordNeeded { .. }) if std::io::stdin().is_terminal() => {
            let typed = prompt(&format!("password for @{} ({}): ", profile.name, profile.display_url()))?;
            keychain().remember(profile.id.as_str(), typed.clone());
            Ok(Some(typed))
        }
        other => Ok(other?),
    }
}

/// Asks for a password on the terminal without echoing it.
pub(crate) fn prompt(question: &str) -> anyhow::Result<Password> {
    Ok(Password::new(rpassword::prompt_password(question)?))
}
