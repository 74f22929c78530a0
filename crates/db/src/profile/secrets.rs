//! Passwords: in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service
//! on Linux) under service `plumb`, account = the profile id. When no keychain is usable (a
//! headless Linux without a Secret Service), passwords are kept in this process's memory only —
//! never in a file.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::Duration;

use crate::{Error, Result};

/// The keychain service every Plumb password is stored under.
pub const SERVICE: &str = "plumb";

/// How long a keychain call may take. A locked keychain may wait for a person to unlock it in a
/// prompt; past this, Plumb treats the keychain as unavailable instead of hanging.
const KEYCHAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// A password in memory. Never displayed, logged or serialized: `Debug` prints `Password(***)`.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// Wraps a password.
    pub fn new(password: impl Into<String>) -> Self {
        Self(password.into())
    }

    /// The password itself, for the one place that needs it: the connection URL in memory.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Whether the OS keychain can be used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum KeychainStatus {
    /// Passwords are saved in the OS keychain.
    Available,
    /// Passwords are asked for when needed and kept in memory for this session.
    Unavailable {
        /// Why, in words a person can act on.
        reason: String,
    },
}

/// Where a secret was put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// In the OS keychain.
    Keychain,
    /// In memory for this session only (no keychain available).
    Memory,
}

/// The password store: the OS keychain, with this session's memory when there is none.
pub struct Keychain {
    /// Set once the OS keychain failed (or was turned off): later calls do not wait on it again.
    unavailable: Mutex<Option<String>>,
    use_os: AtomicBool,
    /// Passwords given in this session when the keychain is unavailable, by account.
    memory: Mutex<HashMap<String, Password>>,
}

impl Default for Keychain {
    fn default() -> Self {
        Self::from_environment()
    }
}

impl Keychain {
    /// The OS keychain, unless `PLUMB_KEYCHAIN=none` asks for memory only (for machines where a
    /// keychain exists but must not be used).
    pub fn from_environment() -> Self {
        match std::env::var("PLUMB_KEYCHAIN") {
            Ok(value) if value.eq_ignore_ascii_case("none") => {
                Self::memory_only("PLUMB_KEYCHAIN=none turns the OS keychain off")
            }
            _ => Self { unavailable: Mutex::new(None), use_os: AtomicBool::new(true), memory: Mutex::default() },
        }
    }

    /// A store that keeps passwords in memory only.
    pub fn memory_only(reason: &str) -> Self {
        Self {
            unavailable: Mutex::new(Some(reason.to_owned())),
            use_os: AtomicBool::new(false),
            memory: Mutex::default(),
        }
    }

    /// Whether the OS keychain works, trying it once (a read of an entry that does not exist).
    pub fn status(&self) -> KeychainStatus {
        if self.use_os.load(Ordering::Acquire) {
            let _ = self.os(|entry| entry_result(entry.get_password()), "plumb-status-check");
        }
        match self.unavailable.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            None => KeychainStatus::Available,
            Some(reason) => KeychainStatus::Unavailable { reason },
        }
    }

    /// Saves the password of `account`.
    pub fn set(&self, account: &str, password: &Password) -> Result<Stored> {
        let secret = password.expose().to_owned();
        match self.os(move |entry| entry.set_password(&secret), account) {
            Ok(Ok(())) => {
                self.memory().remove(account);
                Ok(Stored::Keychain)
            }
            Ok(Err(source)) => Err(keychain_error(account, source)),
            Err(Unusable) => {
                self.memory().insert(account.to_owned(), password.clone());
                Ok(Stored::Memory)
            }
        }
    }

    /// The password of `account`: from the keychain, else from this session's memory.
    pub fn get(&self, account: &str) -> Result<Option<Password>> {
        if let Some(password) = self.memory().get(account) {
            return Ok(Some(password.clone()));
        }
        match self.os(|entry| entry_result(entry.get_password()), account) {
            Ok(Ok(found)) => Ok(found.map(Password)),
            Ok(Err(source)) => Err(keychain_error(account, source)),
            Err(Unusable) => Ok(None),
        }
    }

    /// Keeps a password for this session only (asked for when no keychain is available).
    pub fn remember(&self, account: &str, password: Password) {
        self.memory().insert(account.to_owned(), password);
    }

    /// Deletes the password of `account` wherever it is; deleting a missing one is fine.
    pub fn delete(&self, account: &str) -> Result<()> {
        self.memory().remove(account);
        match self.os(|entry| entry_result(entry.delete_credential()), account) {
            Ok(Ok(_)) | Err(Unusable) => Ok(()),
            Ok(Err(source)) => Err(keychain_error(account, source)),
        }
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, HashMap<String, Password>> {
        self.memory.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs one keychain call on its own thread with a deadline. Errors that mean "there is no
    /// usable keychain" switch the store to memory; the others are returned.
    fn os<T: Send + 'static>(
        &self,
        call: impl FnOnce(&keyring::Entry) -> keyring::Result<T> + Send + 'static,
        account: &str,
    ) -> std::result::Result<keyring::Result<T>, Unusable> {
        if !self.use_os.load(Ordering::Acquire) {
            return Err(Unusable);
        }
        let account = account.to_owned();
        let (send, receive) = mpsc::channel();
        let _span = tracing::debug_span!("keychain", account = %account).entered();
        std::thread::spawn(move || {
            let result = keyring::Entry::new(SERVICE, &account).and_then(|entry| call(&entry));
            let _ = send.send(result);
        });
        let result = match receive.recv_timeout(KEYCHAIN_TIMEOUT) {
            Ok(result) => result,
            Err(_) => {
                self.give_up(format!(
                    "the OS keychain did not answer within {} s (is it locked?)",
                    KEYCHAIN_TIMEOUT.as_secs()
                ));
                return Err(Unusable);
            }
        };
        match result {
            Err(keyring::Error::NoStorageAccess(e)) => {
                self.give_up(format!("the OS keychain is locked or refused access ({e})"));
                Err(Unusable)
            }
            Err(keyring::Error::PlatformFailure(e)) => {
                self.give_up(format!("no OS keychain is running ({e})"));
                Err(Unusable)
            }
            other => Ok(other),
        }
    }

    fn give_up(&self, reason: String) {
        tracing::info!(%reason, "no OS keychain: passwords are kept in memory for this session only");
        self.use_os.store(false, Ordering::Release);
        *self.unavailable.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason);
    }
}

/// The keychain cannot be used (the reason is kept in the store).
struct Unusable;

/// A missing entry is an answer, not an error.
fn entry_result<T>(result: keyring::Result<T>) -> keyring::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e),
    }
}

fn keychain_error(account: &str, source: keyring::Error) -> Error {
    Error::Keychain { account: account.to_owned(), reason: source.to_string() }
}
