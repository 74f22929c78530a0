//! The profile file (`profiles.toml` in Plumb's config folder), the unlocks of read-only profiles
//! and the last connection check of each profile.
//!
//! Every write takes an exclusive lock on `profiles.lock`, reads the current file, changes it and
//! replaces it atomically (a temporary file in the same folder, flushed to disk, renamed over the
//! old one), so a crash or a kill at any moment leaves either the old or the new file, never half
//! of one, and the CLI and the app never overwrite each other's changes.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::secrets::{Keychain, Stored};
use super::{FromUrl, Password, PasswordStorage, Preflight, Profile, ProfileId};
use crate::{Error, Result};

/// How long writing to a read-only profile stays allowed after an unlock, unless said otherwise.
pub const DEFAULT_UNLOCK: Duration = Duration::from_secs(15 * 60);

/// How long a write waits for another Plumb process that is saving the profiles.
const LOCK_WAIT: Duration = Duration::from_secs(5);

const PROFILES: &str = "profiles.toml";
const UNLOCKS: &str = "unlocks.toml";
const LOCK: &str = "profiles.lock";
const CHECKS: &str = "checks";

const HEADER: &str = "\
# Plumb connection profiles, written by Plumb (`plumb profile …` or the app).
# No password is ever stored here: passwords are in the OS keychain (service \"plumb\",
# account = the profile's id), or asked for when there is no keychain.
";

/// Plumb's config folder: `PLUMB_CONFIG_DIR` when set, else the OS config folder's `plumb`
/// (`~/.config/plumb` on Linux, `~/Library/Application Support/plumb` on macOS,
/// `%APPDATA%\plumb` on Windows).
pub fn default_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("PLUMB_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::config_dir().map(|d| d.join("plumb")).ok_or_else(|| Error::Unsupported {
        what: "finding the user's config folder".into(),
        hint: "set PLUMB_CONFIG_DIR to a folder for Plumb's profiles".into(),
    })
}

/// The profile file as stored.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfilesFile {
    version: u32,
    #[serde(default, rename = "profile")]
    profiles: Vec<Profile>,
}

/// Until when writing to each read-only profile is allowed.
#[derive(Debug, Default, Serialize, Deserialize)]
struct UnlocksFile {
    #[serde(default)]
    until: BTreeMap<ProfileId, jiff::Timestamp>,
}

/// A read-only profile opened for writing for a while.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unlock {
    /// When writing is refused again.
    pub until: jiff::Timestamp,
}

/// What adding a profile did with its password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSaved {
    /// The profile has no password.
    NoPassword,
    /// Saved in the OS keychain.
    Keychain,
    /// Kept in memory for this session: there is no usable keychain.
    MemoryOnly,
}

/// The profiles of one user, in one folder.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    dir: PathBuf,
}

impl ProfileStore {
    /// The store in `dir` (created on the first write).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The store in [`default_dir`].
    pub fn open_default() -> Result<Self> {
        Ok(Self::new(default_dir()?))
    }

    /// The profile file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(PROFILES)
    }

    /// Every profile, in the order they were added.
    pub fn list(&self) -> Result<Vec<Profile>> {
        Ok(self.read()?.profiles)
    }

    /// The profile named (or with the id) `name`; a leading `@` is ignored.
    pub fn find(&self, name: &str) -> Result<Profile> {
        let profiles = self.list()?;
        find_in(&profiles, name).cloned().ok_or_else(|| not_found(name, &profiles))
    }

    /// Adds a profile, its passwords going to `keychain`. Names are unique, ignoring case.
    pub fn add(&self, keychain: &Keychain, new: FromUrl) -> Result<(Profile, PasswordSaved)> {
        let FromUrl { mut profile, password, shadow_password } = new;
        profile.validate()?;
        // Checked before the keychain is touched, and again under the lock.
        if let Some(existing) = find_in(&self.list()?, &profile.name) {
            return Err(Error::ProfileExists { name: existing.name.clone() });
        }
        let saved = self.store_passwords(keychain, &mut profile, password.as_ref(), shadow_password.as_ref())?;
        let added = profile.clone();
        self.change(|file| {
            if let Some(existing) = find_in(&file.profiles, &profile.name) {
                return Err(Error::ProfileExists { name: existing.name.clone() });
            }
            file.profiles.push(profile);
            Ok(())
        })
        .inspect_err(|_| {
            let _ = keychain.delete(added.id.as_str());
        })?;
        Ok((added, saved))
    }

    /// Replaces the profile with the same id. A password (or shadow password) given is saved; one
    /// not given is kept.
    pub fn update(
        &self,
        keychain: &Keychain,
        mut profile: Profile,
        password: Option<&Password>,
        shadow: Option<&Password>,
    ) -> Result<Profile> {
        profile.validate()?;
        if password.is_some() || shadow.is_some() {
            self.store_passwords(keychain, &mut profile, password, shadow)?;
        }
        // A profile that no longer uses a password (now SQLite, or trust auth) leaves none behind.
        let before = self.list()?.into_iter().find(|p| p.id == profile.id);
        if let Some(before) = before {
            if profile.password == PasswordStorage::None && before.password != PasswordStorage::None {
                keychain.delete(profile.id.as_str())?;
            }
            if profile.shadow_url.is_none() && before.shadow_password != PasswordStorage::None {
                keychain.delete(&profile.id.shadow_account())?;
            }
        }
        let updated = profile.clone();
        self.change(|file| {
            if let Some(other) = file.profiles.iter().find(|p| p.id != profile.id && same_name(&p.name, &profile.name))
            {
                return Err(Error::ProfileExists { name: other.name.clone() });
            }
            let slot = file.profiles.iter_mut().find(|p| p.id == profile.id);
            let slot =
                slot.ok_or_else(|| Error::ProfileNotFound { name: profile.name.clone(), known: String::new() })?;
            *slot = profile;
            Ok(())
        })?;
        Ok(updated)
    }

    /// Removes a profile and its passwords. The passwords go first: if the keychain refuses, the
    /// profile stays, so that no password is left behind without a profile to find it by.
    pub fn remove(&self, keychain: &Keychain, name: &str) -> Result<Profile> {
        let profile = self.find(name)?;
        keychain.delete(profile.id.as_str())?;
        keychain.delete(&profile.id.shadow_account())?;
        self.change(|file| {
            file.profiles.retain(|p| p.id != profile.id);
            Ok(())
        })?;
        let _ = std::fs::remove_file(self.check_path(&profile.id));
        self.change_unlocks(|unlocks| {
            unlocks.until.remove(&profile.id);
        })?;
        Ok(profile)
    }

    /// The password to connect with: from the keychain (or this session's memory).
    /// [`Error::PasswordNeeded`] when the profile has one and it is not known: ask, then
    /// [`Keychain::remember`] it.
    pub fn password(&self, keychain: &Keychain, profile: &Profile) -> Result<Option<Password>> {
        match profile.password {
            PasswordStorage::None => Ok(None),
            PasswordStorage::Keychain | PasswordStorage::Ask => match keychain.get(profile.id.as_str())? {
                Some(password) => Ok(Some(password)),
                None => Err(Error::PasswordNeeded { profile: profile.name.clone() }),
            },
        }
    }

    /// The profile's shadow database server, with its password from the keychain, if it has one.
    pub fn shadow_url(&self, keychain: &Keychain, profile: &Profile) -> Result<Option<url::Url>> {
        let Some(text) = &profile.shadow_url else { return Ok(None) };
        let mut url =
            url::Url::parse(text).map_err(|e| Error::InvalidUrl { url: text.clone(), reason: e.to_string() })?;
        if profile.shadow_password != PasswordStorage::None {
            let password = keychain
                .get(&profile.id.shadow_account())?
                .ok_or_else(|| Error::PasswordNeeded { profile: format!("{} (shadow database)", profile.name) })?;
            // Cannot fail: a URL with a host takes a password.
            let _ = url.set_password(Some(password.expose()));
        }
        Ok(Some(url))
    }

    /// Saves `password` for a profile and records where it went.
    fn store_passwords(
        &self,
        keychain: &Keychain,
        profile: &mut Profile,
        password: Option<&Password>,
        shadow: Option<&Password>,
    ) -> Result<PasswordSaved> {
        if let Some(shadow) = shadow {
            profile.shadow_password = match keychain.set(&profile.id.shadow_account(), shadow)? {
                Stored::Keychain => PasswordStorage::Keychain,
                Stored::Memory => PasswordStorage::Ask,
            };
        }
        let Some(password) = password else {
            return Ok(match profile.password {
                PasswordStorage::None | PasswordStorage::Keychain => PasswordSaved::NoPassword,
                PasswordStorage::Ask => PasswordSaved::MemoryOnly,
            });
        };
        Ok(match keychain.set(profile.id.as_str(), password)? {
            Stored::Keychain => {
                profile.password = PasswordStorage::Keychain;
                PasswordSaved::Keychain
            }
            Stored::Memory => {
                profile.password = PasswordStorage::Ask;
                PasswordSaved::MemoryOnly
            }
        })
    }

    /// Refuses writing to a read-only profile unless it is unlocked now.
    pub fn may_write(&self, profile: &Profile) -> Result<()> {
        if !profile.read_only || self.unlocked(&profile.id)?.is_some() {
            return Ok(());
        }
        Err(Error::ReadOnly { profile: profile.name.clone(), environment: profile.environment.clone() })
    }

    /// The unlock of a read-only profile, while it lasts.
    pub fn unlocked(&self, id: &ProfileId) -> Result<Option<Unlock>> {
        let now = jiff::Timestamp::now();
        let unlocks: UnlocksFile = read_toml(&self.dir.join(UNLOCKS))?.unwrap_or_default();
        Ok(unlocks.until.get(id).filter(|until| **until > now).map(|until| Unlock { until: *until }))
    }

    /// Allows writing to a read-only profile for `duration`.
    pub fn unlock(&self, profile: &Profile, duration: Duration) -> Result<Unlock> {
        let until = jiff::Timestamp::now()
            .checked_add(jiff::SignedDuration::try_from(duration).unwrap_or(jiff::SignedDuration::ZERO))
            .unwrap_or_else(|_| jiff::Timestamp::now());
        self.change_unlocks(|unlocks| {
            let now = jiff::Timestamp::now();
            unlocks.until.retain(|_, until| *until > now);
            unlocks.until.insert(profile.id.clone(), until);
        })?;
        tracing::info!(profile = %profile.name, %until, "unlocked for writing");
        Ok(Unlock { until })
    }

    /// Ends an unlock now.
    pub fn relock(&self, profile: &Profile) -> Result<()> {
        self.change_unlocks(|unlocks| {
            unlocks.until.remove(&profile.id);
        })
    }

    /// Keeps the result of a connection check (it holds no secret) for evidence files.
    pub fn record_check(&self, id: &ProfileId, check: &Preflight) -> Result<()> {
        let _lock = self.lock()?;
        let json = serde_json::to_string_pretty(check).unwrap_or_default();
        write_atomically(&self.check_path(id), json.as_bytes())
    }

    /// The last connection check of a profile, when there was one.
    pub fn last_check(&self, id: &ProfileId) -> Result<Option<Preflight>> {
        let path = self.check_path(id);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(serde_json::from_str(&text).ok()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { path, source }),
        }
    }

    /// Profiles as a file to give a teammate: everything but passwords and ids (each importer
    /// gets new ids; passwords are theirs to give).
    pub fn export(&self, names: &[String]) -> Result<String> {
        let profiles = self.list()?;
        let chosen: Vec<Profile> = if names.is_empty() {
            profiles
        } else {
            names
                .iter()
                .map(|name| find_in(&profiles, name).cloned().ok_or_else(|| not_found(name, &profiles)))
                .collect::<Result<_>>()?
        };
        let shared = ProfilesFile { version: 1, profiles: chosen.into_iter().map(shareable).collect() };
        Ok(format!("{HEADER}{}", toml::to_string_pretty(&shared).unwrap_or_default()))
    }

    /// Adds the profiles of an exported file; those whose name is taken are left out and named
    /// in the second list.
    pub fn import_shared(&self, text: &str, origin: &Path) -> Result<(Vec<Profile>, Vec<String>)> {
        let shared: ProfilesFile = parse_toml(text, origin)?;
        let (mut added, mut skipped) = (Vec::new(), Vec::new());
        self.change(|file| {
            for mut profile in shared.profiles.into_iter().map(shareable) {
                if find_in(&file.profiles, &profile.name).is_some() {
                    skipped.push(profile.name);
                    continue;
                }
                profile.id = ProfileId::generate();
                profile.validate()?;
                added.push(profile.clone());
                file.profiles.push(profile);
            }
            Ok(())
        })?;
        Ok((added, skipped))
    }

    fn check_path(&self, id: &ProfileId) -> PathBuf {
        self.dir.join(CHECKS).join(format!("{id}.json"))
    }

    fn read(&self) -> Result<ProfilesFile> {
        let file: Option<ProfilesFile> = read_toml(&self.path())?;
        let file = file.unwrap_or(ProfilesFile { version: 1, profiles: Vec::new() });
        if file.version != 1 {
            return Err(Error::InvalidProfileFile {
                path: self.path(),
                reason: format!("version {} is newer than this Plumb reads (1): update Plumb", file.version),
            });
        }
        Ok(file)
    }

    /// Read, change, write atomically — under the lock.
    fn change(&self, edit: impl FnOnce(&mut ProfilesFile) -> Result<()>) -> Result<()> {
        let _lock = self.lock()?;
        let mut file = self.read()?;
        edit(&mut file)?;
        let text = format!("{HEADER}{}", toml::to_string_pretty(&file).unwrap_or_default());
        write_atomically(&self.path(), text.as_bytes())
    }

    fn change_unlocks(&self, edit: impl FnOnce(&mut UnlocksFile)) -> Result<()> {
        let _lock = self.lock()?;
        let path = self.dir.join(UNLOCKS);
        let mut unlocks: UnlocksFile = read_toml(&path)?.unwrap_or_default();
        edit(&mut unlocks);
        write_atomically(&path, toml::to_string(&unlocks).unwrap_or_default().as_bytes())
    }

    /// The exclusive lock every write holds; released when the returned file is dropped (or the
    /// process dies, since it is an OS file lock).
    fn lock(&self) -> Result<File> {
        let path = self.dir.join(LOCK);
        std::fs::create_dir_all(&self.dir).map_err(|source| Error::Io { path: self.dir.clone(), source })?;
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| Error::Io { path: path.clone(), source })?;
        let started = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => {
                    remove_stale_temporaries(&self.dir);
                    return Ok(file);
                }
                Err(std::fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(Error::Io {
                        path,
                        source: std::io::Error::other(
                            "another Plumb is saving the profiles and did not finish within 5 s; retry",
                        ),
                    })
                }
                Err(std::fs::TryLockError::Error(source)) => return Err(Error::Io { path, source }),
            }
        }
    }
}

/// A profile as shared: no id worth keeping, no password to expect from the keychain.
fn shareable(mut profile: Profile) -> Profile {
    profile.id = ProfileId::from("shared");
    if profile.password != PasswordStorage::None {
        profile.password = PasswordStorage::Ask;
    }
    if profile.shadow_password != PasswordStorage::None {
        profile.shadow_password = PasswordStorage::Ask;
    }
    profile
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim_start_matches('@').eq_ignore_ascii_case(b.trim_start_matches('@'))
}

fn find_in<'a>(profiles: &'a [Profile], name: &str) -> Option<&'a Profile> {
    let name = name.trim().trim_start_matches('@');
    profiles.iter().find(|p| same_name(&p.name, name)).or_else(|| profiles.iter().find(|p| p.id.as_str() == name))
}

fn not_found(name: &str, profiles: &[Profile]) -> Error {
    let known = profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
    Error::ProfileNotFound { name: name.trim_start_matches('@').to_owned(), known }
}

fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Option<T>> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_toml(&text, path).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io { path: path.to_owned(), source }),
    }
}

fn parse_toml<T: serde::de::DeserializeOwned>(text: &str, path: &Path) -> Result<T> {
    toml::from_str(text).map_err(|e| Error::InvalidProfileFile {
        path: path.to_owned(),
        reason: e.to_string().lines().collect::<Vec<_>>().join(" "),
    })
}

/// Removes temporary files a killed write left behind. Only called under the lock, when no write
/// of another process can be under way.
fn remove_stale_temporaries(dir: &Path) {
    for folder in [dir.to_owned(), dir.join(CHECKS)] {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name.ends_with(".tmp") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`: readers see the old file or the new one, whatever happens in between.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io = |source| Error::Io { path: path.to_owned(), source };
    std::fs::create_dir_all(dir).map_err(io)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut temp = tempfile::Builder::new().prefix(&format!(".{name}.")).suffix(".tmp").tempfile_in(dir).map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    temp.persist(path).map_err(|e| io(e.error))?;
    // The rename itself is durable only once the folder is flushed (POSIX).
    #[cfg(unix)]
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}
