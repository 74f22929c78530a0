//! Saved connection profiles in the app: the same store and keychain as the CLI. Passwords go
//! from the form to the keychain and never come back to the UI; the UI names a profile as
//! `@ID` and the backend puts the password into the connection in memory.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use plumb_db::pair::Named;
use plumb_db::profile::{
    preflight, FieldProblem, Keychain, KeychainStatus, Password, PasswordStorage, Preflight, Profile, ProfileId,
    ProfileStore, Tls, TlsMode,
};
use plumb_db::Source;
use plumb_engine::dialect::Flavor;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode, ErrorDetails, IpcError};

/// A profile as the form edits it (camelCase, flat TLS fields, no password).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProfileForm {
    /// None for a new profile.
    pub id: Option<String>,
    pub name: String,
    pub dialect: Flavor,
    pub host: Option<String>,
    pub port: Option<u16>,
    pub database: Option<String>,
    pub user: Option<String>,
    pub path: Option<String>,
    pub tls_mode: Option<TlsMode>,
    pub ca_file: Option<String>,
    pub cert_file: Option<String>,
    pub key_file: Option<String>,
    /// Other URL parameters as `key=value&…` (`schemas=public`).
    pub options: String,
    pub environment: String,
    pub color: Option<String>,
    pub read_only: bool,
    pub shadow_url: Option<String>,
    pub group: Option<String>,
    pub notes: String,
    /// Where the password is (read-only for the UI: set by saving a password).
    pub password: PasswordStorage,
    /// Where the shadow database's password is (kept when the shadow URL comes back without it).
    pub shadow_password: PasswordStorage,
}

/// A profile in the sidebar: the form's fields and what the app knows about it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProfileEntry {
    pub form: ProfileForm,
    /// The connection without password.
    pub url: String,
    /// The colour to show it in.
    pub color: String,
    pub production: bool,
    /// Writes allowed until then (RFC 3339), for a read-only profile that was unlocked.
    pub unlocked_until: Option<String>,
    /// The last connection check, if any.
    pub last_check: Option<Preflight>,
}

/// Every profile, and whether passwords can be saved.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProfileListing {
    pub profiles: Vec<ProfileEntry>,
    pub keychain: KeychainStatus,
    /// The profile file, to tell people where their profiles are.
    pub file: String,
}

/// A pasted URL read into form fields, with the password it held (back to the form that sent it,
/// to be saved into the keychain with the profile).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub(crate) struct ParsedUrl {
    pub form: ProfileForm,
    pub password: Option<String>,
}

/// The profile store and the keychain, shared by the commands.
pub(crate) struct Profiles {
    store: ProfileStore,
    keychain: Arc<Keychain>,
}

impl Profiles {
    pub(crate) fn new(store: ProfileStore, keychain: Keychain) -> Self {
        Self { store, keychain: Arc::new(keychain) }
    }

    /// Runs keychain work off the async threads: a keychain call may wait on a prompt.
    pub(crate) async fn blocking<T: Send + 'static>(
        &self,
        work: impl FnOnce(&ProfileStore, &Keychain) -> plumb_db::Result<T> + Send + 'static,
    ) -> Result<T, IpcError> {
        let (store, keychain) = (self.store.clone(), Arc::clone(&self.keychain));
        tauri::async_runtime::spawn_blocking(move || work(&store, &keychain))
            .await
            .map_err(|e| IpcError::internal(format!("profile task failed: {e}")))?
            .map_err(IpcError::from)
    }

    pub(crate) async fn list(&self) -> Result<ProfileListing, IpcError> {
        let file = self.store.path().display().to_string();
        self.blocking(move |store, keychain| {
            let profiles = store.list()?.iter().map(|p| entry(store, p)).collect::<plumb_db::Result<_>>()?;
            Ok(ProfileListing { profiles, keychain: keychain.status(), file })
        })
        .await
    }

    /// Adds (no id) or replaces a profile; a non-empty `password` is saved in the keychain.
    pub(crate) async fn save(&self, form: ProfileForm, password: Option<String>) -> Result<ProfileEntry, IpcError> {
        let password = password.filter(|p| !p.is_empty()).map(Password::new);
        let (profile, shadow_password) = form_to_profile(&form)?;
        check_fields(&profile, &[])?;
        self.blocking(move |store, keychain| {
            let saved = if form.id.is_none() {
                let new = plumb_db::profile::FromUrl { profile, password, shadow_password };
                store.add(keychain, new)?.0
            } else {
                store.update(keychain, profile, password.as_ref(), shadow_password.as_ref())?
            };
            entry(store, &saved)
        })
        .await
    }

    pub(crate) async fn delete(&self, id: String) -> Result<(), IpcError> {
        self.blocking(move |store, keychain| store.remove(keychain, &id).map(drop)).await
    }

    /// Checks a saved profile's connection and records the result.
    pub(crate) async fn test(&self, id: String) -> Result<ProfileEntry, IpcError> {
        let (profile, source) = self.resolve_profile(&id).await?;
        let check = preflight(&source).await?;
        self.blocking(move |store, _| {
            store.record_check(&profile.id, &check)?;
            entry(store, &profile)
        })
        .await
    }

    /// Checks the connection a form describes, before it is saved.
    pub(crate) async fn check(&self, form: ProfileForm, password: Option<String>) -> Result<Preflight, IpcError> {
        let (profile, _) = form_to_profile(&form)?;
        // Testing a connection needs where it goes, not what the profile will be called.
        check_fields(&profile, &["name"])?;
        let mut password = password.filter(|p| !p.is_empty()).map(Password::new);
        if password.is_none() && form.id.is_some() && profile.password != PasswordStorage::None {
            let saved = profile.clone();
            password = self.blocking(move |store, keychain| store.password(keychain, &saved)).await?;
        }
        Ok(preflight(&profile.source(password.as_ref())?).await?)
    }

    /// Saves a password for a profile: in the keychain, or for this session when there is none.
    pub(crate) async fn set_password(&self, id: String, password: String) -> Result<ProfileEntry, IpcError> {
        self.blocking(move |store, keychain| {
            let profile = store.find(&id)?;
            let updated = store.update(keychain, profile, Some(&Password::new(password)), None)?;
            entry(store, &updated)
        })
        .await
    }

    pub(crate) async fn unlock(&self, id: String, minutes: u64) -> Result<ProfileEntry, IpcError> {
        self.blocking(move |store, _| {
            let profile = store.find(&id)?;
            store.unlock(&profile, Duration::from_secs(minutes.saturating_mul(60)))?;
            entry(store, &profile)
        })
        .await
    }

    pub(crate) async fn lock(&self, id: String) -> Result<ProfileEntry, IpcError> {
        self.blocking(move |store, _| {
            let profile = store.find(&id)?;
            store.relock(&profile)?;
            entry(store, &profile)
        })
        .await
    }

    /// The profile `@ID` names, and its source with the password put in.
    pub(crate) async fn resolve_profile(&self, id: &str) -> Result<(Profile, Source), IpcError> {
        let id = id.trim_start_matches('@').to_owned();
        self.blocking(move |store, keychain| {
            let profile = store.find(&id)?;
            let password = store.password(keychain, &profile)?;
            let source = profile.source(password.as_ref())?;
            Ok((profile, source))
        })
        .await
    }

    /// A source as the UI names it: `@ID` for a profile, else a URL or a path.
    pub(crate) async fn resolve(&self, text: &str) -> Result<Source, IpcError> {
        Ok(self.resolve_named(text).await?.source)
    }

    /// A source as the UI names it, with its profile.
    pub(crate) async fn resolve_named(&self, text: &str) -> Result<Named, IpcError> {
        if text.starts_with('@') {
            let (profile, source) = self.resolve_profile(text).await?;
            return Ok(Named { source, profile: Some(profile) });
        }
        Ok(Named::plain(text.parse()?))
    }

    /// Two sources compared with each other, a side that replays (SQL, schema.prisma) placed
    /// beside the other as the CLI places it ([`plumb_db::pair::place`]).
    pub(crate) async fn resolve_pair(&self, from: &str, to: &str) -> Result<(Source, Source), IpcError> {
        let (from, to) = tokio::try_join!(self.resolve_named(from), self.resolve_named(to))?;
        self.blocking(move |store, keychain| plumb_db::pair::place(from, to, |p| store.shadow_url(keychain, p))).await
    }
}

/// Reads a pasted URL into form fields.
pub(crate) fn parse_url(url: &str, environment: &str) -> Result<ParsedUrl, IpcError> {
    let parsed = Profile::parse_url(url)?;
    let mut form = profile_to_form(&parsed.profile);
    form.id = None;
    form.environment = environment.to_owned();
    form.read_only = plumb_db::profile::is_production(environment);
    Ok(ParsedUrl { form, password: parsed.password.map(|p| p.expose().to_owned()) })
}

/// The problems of the fields a person filled in, but those of `ignored` fields.
fn check_fields(profile: &Profile, ignored: &[&str]) -> Result<(), IpcError> {
    let problems: Vec<FieldProblem> = profile.problems().into_iter().filter(|p| !ignored.contains(&p.field)).collect();
    if problems.is_empty() {
        return Ok(());
    }
    Err(IpcError {
        code: ErrorCode::Invalid,
        message: problems.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "),
        details: Some(ErrorDetails { path: None, fields: problems }),
    })
}

fn entry(store: &ProfileStore, profile: &Profile) -> plumb_db::Result<ProfileEntry> {
    Ok(ProfileEntry {
        form: profile_to_form(profile),
        url: profile.display_url(),
        color: profile.color().to_owned(),
        production: profile.is_production(),
        unlocked_until: store.unlocked(&profile.id)?.map(|u| u.until.to_string()),
        last_check: store.last_check(&profile.id)?,
    })
}

fn non_empty(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

fn form_to_profile(form: &ProfileForm) -> Result<(Profile, Option<Password>), IpcError> {
    let options = url::form_urlencoded::parse(form.options.trim().trim_start_matches('?').as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut profile = Profile {
        id: form.id.as_deref().map_or_else(ProfileId::generate, ProfileId::from),
        name: form.name.trim().to_owned(),
        dialect: form.dialect,
        host: non_empty(&form.host),
        port: form.port,
        database: non_empty(&form.database),
        user: non_empty(&form.user),
        path: non_empty(&form.path).map(PathBuf::from),
        tls: Tls {
            mode: form.tls_mode,
            ca_file: non_empty(&form.ca_file).map(PathBuf::from),
            cert_file: non_empty(&form.cert_file).map(PathBuf::from),
            key_file: non_empty(&form.key_file).map(PathBuf::from),
        },
        options,
        environment: form.environment.trim().to_owned(),
        color: non_empty(&form.color),
        read_only: form.read_only,
        password: form.password,
        shadow_url: None,
        shadow_password: PasswordStorage::None,
        group: non_empty(&form.group),
        notes: form.notes.clone(),
    };
    if profile.dialect == Flavor::Sqlite {
        profile.password = PasswordStorage::None;
    }
    let shadow_password = match non_empty(&form.shadow_url) {
        Some(url) => {
            let given = profile.set_shadow_url(&url)?;
            // The form shows the URL without its password: saving it again keeps the saved one.
            if given.is_none() {
                profile.shadow_password = form.shadow_password;
            }
            given
        }
        None => None,
    };
    Ok((profile, shadow_password))
}

fn profile_to_form(profile: &Profile) -> ProfileForm {
    let path = |p: &Option<PathBuf>| p.as_ref().map(|p| p.display().to_string());
    ProfileForm {
        id: Some(profile.id.to_string()),
        name: profile.name.clone(),
        dialect: profile.dialect,
        host: profile.host.clone(),
        port: profile.port,
        database: profile.database.clone(),
        user: profile.user.clone(),
        path: path(&profile.path),
        tls_mode: profile.tls.mode,
        ca_file: path(&profile.tls.ca_file),
        cert_file: path(&profile.tls.cert_file),
        key_file: path(&profile.tls.key_file),
        options: url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&profile.options).finish(),
        environment: profile.environment.clone(),
        color: profile.color.clone(),
        read_only: profile.read_only,
        shadow_url: profile.shadow_url.clone(),
        group: profile.group.clone(),
        notes: profile.notes.clone(),
        password: profile.password,
        shadow_password: profile.shadow_password,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles(dir: &std::path::Path) -> Profiles {
        Profiles::new(ProfileStore::new(dir), Keychain::memory_only("test"))
    }

    #[tokio::test]
    async fn a_sqlite_profile_is_saved_tested_resolved_and_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let demos = plumb_db::demo::ensure_demo_databases(&dir.path().join("demo")).await.unwrap();
        let profiles = profiles(&dir.path().join("config"));
        let parsed = parse_url(&format!("sqlite:{}", demos[1].path.display()), "dev").unwrap();
        let mut form = parsed.form;
        // Testing the connection asks for no name; saving the profile does.
        let unnamed = profiles.check(form.clone(), None).await.unwrap();
        assert!(unnamed.tables >= 7, "{unnamed:?}");
        form.name = "local dev".into();
        let err = profiles.save(form.clone(), None).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Invalid);
        let fields = err.details.unwrap().fields;
        assert_eq!(fields.iter().map(|f| f.field).collect::<Vec<_>>(), ["name"], "the form marks the name");

        form.name = "local-dev".into();
        let saved = profiles.save(form, None).await.unwrap();
        let id = saved.form.id.clone().unwrap();
        assert_eq!(saved.color, "#2e7d32");
        let tested = profiles.test(id.clone()).await.unwrap();
        assert!(tested.last_check.is_some_and(|c| c.tables >= 7));
        let source = profiles.resolve(&format!("@{id}")).await.unwrap();
        assert!(matches!(source, Source::Sqlite { .. }));
        assert_eq!(profiles.list().await.unwrap().profiles.len(), 1);
        profiles.delete(id.clone()).await.unwrap();
        assert!(profiles.list().await.unwrap().profiles.is_empty());
        let err = profiles.resolve(&format!("@{id}")).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::ProfileNotFound);
    }

    #[tokio::test]
    async fn a_pasted_url_fills_the_form_and_its_password_goes_to_the_keychain_not_the_ui() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = profiles(dir.path());
        let parsed = parse_url("postgres://app:s3cr3t@db.example:6543/shop?sslmode=require", "prod").unwrap();
        assert_eq!(parsed.password.as_deref(), Some("s3cr3t"));
        let mut form = parsed.form;
        assert_eq!(
            (form.host.as_deref(), form.port, form.tls_mode),
            (Some("db.example"), Some(6543), Some(TlsMode::Require))
        );
        assert!(form.read_only, "production starts read-only");
        form.name = "shop-prod".into();
        let saved = profiles.save(form, parsed.password).await.unwrap();
        let listed = serde_json::to_string(&profiles.list().await.unwrap()).unwrap();
        assert!(!listed.contains("s3cr3t") && listed.contains("shop-prod"), "{listed}");
        assert!(saved.production && saved.form.read_only);
        let unlocked = profiles.unlock(saved.form.id.clone().unwrap(), 5).await.unwrap();
        assert!(unlocked.unlocked_until.is_some());
        let source = profiles.resolve(&format!("@{}", saved.form.id.unwrap())).await.unwrap();
        let Source::Postgres { url } = source else { panic!() };
        assert_eq!(url.password(), Some("s3cr3t"), "the connection gets it, in memory");
    }

    #[tokio::test]
    async fn saving_an_edited_form_again_keeps_the_saved_passwords() {
        let dir = tempfile::tempdir().unwrap();
        let profiles = profiles(dir.path());
        let mut form = parse_url("postgres://app@db/shop", "dev").unwrap().form;
        form.name = "shop".into();
        form.shadow_url = Some("postgres://app:shadow-pw@db/scratch".into());
        let saved = profiles.save(form, Some("main-pw".into())).await.unwrap();
        assert_eq!(saved.form.shadow_url.as_deref(), Some("postgres://app@db/scratch"), "shown without password");
        let mut edited = saved.form.clone();
        edited.notes = "edited".into();
        let again = profiles.save(edited, None).await.unwrap();
        assert_eq!((again.form.password, again.form.shadow_password), (PasswordStorage::Ask, PasswordStorage::Ask));
        let id = ProfileId::from(again.form.id.as_deref().unwrap());
        assert_eq!(profiles.keychain.get(&id.shadow_account()).unwrap().unwrap().expose(), "shadow-pw");
        assert_eq!(profiles.keychain.get(id.as_str()).unwrap().unwrap().expose(), "main-pw");
    }
}
