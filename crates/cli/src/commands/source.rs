//! A source argument → a [`Source`]: `@NAME` through the profile store, its password from the OS
//! keychain (or typed at a prompt when there is none, kept in memory for this run).

use std::io::IsTerminal;
use std::sync::OnceLock;

use plumb_db::pair::Named;
use plumb_db::profile::{Keychain, Password, Profile, ProfileStore};
use plumb_db::Source;
use plumb_engine::model::Database;

/// This process's keychain: one, so that a password typed once is not asked for again.
pub(crate) fn keychain() -> &'static Keychain {
    static KEYCHAIN: OnceLock<Keychain> = OnceLock::new();
    KEYCHAIN.get_or_init(Keychain::from_environment)
}

/// The `--shadow` server SQL sources replay on, set once from the command line.
pub(crate) static SHADOW: OnceLock<url::Url> = OnceLock::new();

/// Reads a source argument: `@NAME`, a URL or a path.
pub(crate) fn resolve(text: &str) -> anyhow::Result<Named> {
    let Some(name) = text.trim().strip_prefix('@') else {
        let source = match text.parse()? {
            Source::Sql { path, .. } => Source::Sql { path, shadow: SHADOW.get().cloned() },
            Source::Prisma { path, .. } => Source::Prisma { path, shadow: SHADOW.get().cloned() },
            other => other,
        };
        return Ok(Named::plain(source));
    };
    let store = ProfileStore::open_default()?;
    let profile = store.find(name)?;
    let password = password(&store, &profile)?;
    Ok(Named { source: profile.source(password.as_ref())?, profile: Some(profile) })
}

/// Two sources compared with each other, each side that replays placed beside the other
/// ([`plumb_db::pair::place`]).
pub(crate) fn pair(from: &str, to: &str) -> anyhow::Result<(Source, Source)> {
    let (from, to) = (resolve(from)?, resolve(to)?);
    Ok(plumb_db::pair::place(from, to, |profile| ProfileStore::open_default()?.shadow_url(keychain(), profile))?)
}

/// Reads two sources compared with each other ([`plumb_db::pair::read`]).
pub(crate) async fn load_pair(from: &Source, to: &Source) -> anyhow::Result<(Database, Database)> {
    Ok(plumb_db::pair::read(from, to, &|_| {}, &|_| {}).await?)
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
