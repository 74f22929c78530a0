//! Connection profiles: a saved connection (where, as whom, which environment) without its
//! password. The password lives in the OS keychain ([`secrets`]); the profile file
//! ([`store`]) never holds one, and neither does anything a profile displays.

pub(crate) mod import;
mod preflight;
pub mod secrets;
mod store;
mod url_form;

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use plumb_engine::dialect::Flavor;
use serde::{Deserialize, Serialize};

pub use import::{import_env_file, import_environment, Found};
pub use preflight::{preflight, Preflight};
pub use secrets::{Keychain, KeychainStatus, Password};
pub use store::{default_dir, PasswordSaved, ProfileStore, Unlock, DEFAULT_UNLOCK};

use crate::{Error, Result, Source};

/// A profile's stable identifier: the keychain account its password is stored under, and the
/// name the app uses for it. Never changes when the profile is renamed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProfileId(String);

impl ProfileId {
    /// A new random id.
    pub fn generate() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        Self(id[..12].to_owned())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The keychain account of the profile's shadow database password.
    pub fn shadow_account(&self) -> String {
        format!("{}/shadow", self.0)
    }
}

impl From<&str> for ProfileId {
    fn from(id: &str) -> Self {
        Self(id.to_owned())
    }
}

impl fmt::Display for ProfileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a profile's password is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum PasswordStorage {
    /// The connection needs no password (trust or peer authentication, SQLite).
    #[default]
    None,
    /// In the OS keychain, under service `plumb`, account = the profile id.
    Keychain,
    /// Asked for when needed and kept in memory for the session (no keychain was available).
    Ask,
}

/// How a connection uses TLS. The names are PostgreSQL's `sslmode` values; MySQL's `ssl-mode`
/// equivalents are mapped when the URL is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "kebab-case")]
pub enum TlsMode {
    /// Never use TLS.
    Disable,
    /// Use TLS when the server offers it.
    Prefer,
    /// Always use TLS, do not check the certificate.
    Require,
    /// Always use TLS and check the certificate against the CA.
    VerifyCa,
    /// As `verify-ca`, and check that the certificate names the host.
    VerifyFull,
}

impl TlsMode {
    const ALL: [TlsMode; 5] =
        [TlsMode::Disable, TlsMode::Prefer, TlsMode::Require, TlsMode::VerifyCa, TlsMode::VerifyFull];

    /// PostgreSQL's `sslmode` value.
    pub fn postgres(self) -> &'static str {
        match self {
            TlsMode::Disable => "disable",
            TlsMode::Prefer => "prefer",
            TlsMode::Require => "require",
            TlsMode::VerifyCa => "verify-ca",
            TlsMode::VerifyFull => "verify-full",
        }
    }

    /// MySQL's `ssl-mode` value.
    pub fn mysql(self) -> &'static str {
        match self {
            TlsMode::Disable => "DISABLED",
            TlsMode::Prefer => "PREFERRED",
            TlsMode::Require => "REQUIRED",
            TlsMode::VerifyCa => "VERIFY_CA",
            TlsMode::VerifyFull => "VERIFY_IDENTITY",
        }
    }

    /// Reads either dialect's spelling.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.postgres().eq_ignore_ascii_case(text) || m.mysql().eq_ignore_ascii_case(text))
    }
}

/// TLS settings of a server profile. Paths only: certificates and keys stay in their files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tls {
    /// The mode; the driver's default (prefer) when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<TlsMode>,
    /// The CA certificate file that signs the server's certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_file: Option<PathBuf>,
    /// The client certificate file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_file: Option<PathBuf>,
    /// The client key file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_file: Option<PathBuf>,
}

impl Tls {
    fn is_empty(&self) -> bool {
        *self == Tls::default()
    }
}

pub use plumb_engine::policy::is_production;

/// The colour an environment is shown in unless the profile chooses one.
pub fn default_color(environment: &str) -> &'static str {
    match environment.to_ascii_lowercase().as_str() {
        e if is_production(e) => "#c62828",
        "staging" | "stage" => "#ef8f00",
        "dev" | "development" | "local" => "#2e7d32",
        _ => "#546e7a",
    }
}

/// A saved connection. Serialized as one `[[profile]]` table of the profile file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Stable id (the keychain account).
    pub id: ProfileId,
    /// The unique name people type (`@staging`).
    pub name: String,
    /// Which server: `postgres`, `mysql`, `mariadb` or `sqlite`.
    pub dialect: Flavor,
    /// Server host name or address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// Server port; the dialect's default when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port: Option<u16>,
    /// The database on the server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database: Option<String>,
    /// The user to connect as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// The SQLite database file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// TLS settings (servers only).
    #[serde(default, skip_serializing_if = "Tls::is_empty")]
    pub tls: Tls,
    /// Other URL parameters (`schemas`, `connect_timeout`, …), kept as given.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
    /// `dev`, `staging`, `prod` or a custom name.
    pub environment: String,
    /// The colour the environment is shown in (`#rrggbb`); the environment's default when not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Refuse to write (apply) unless unlocked for a while. On by default for production.
    #[serde(default)]
    pub read_only: bool,
    /// Where the password is.
    #[serde(default)]
    pub password: PasswordStorage,
    /// A scratch ("shadow") database server to replay migrations on, as a URL without password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shadow_url: Option<String>,
    /// Where the shadow database's password is.
    #[serde(default, skip_serializing_if = "is_none_storage")]
    pub shadow_password: PasswordStorage,
    /// Folder or group the sidebar files the profile under.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

fn is_none_storage(storage: &PasswordStorage) -> bool {
    *storage == PasswordStorage::None
}

/// A profile read from a URL, with the password the URL held (to be moved to the keychain).
#[derive(Debug)]
pub struct FromUrl {
    /// The profile, without any password.
    pub profile: Profile,
    /// The password the URL held.
    pub password: Option<Password>,
    /// The password the shadow URL held.
    pub shadow_password: Option<Password>,
}

impl Profile {
    /// A profile for `source_text` (a URL or an SQLite path), named `name`, in `environment`.
    /// Production profiles start read-only. The password is taken out of the URL and returned
    /// beside the profile.
    pub fn from_url(name: &str, source_text: &str, environment: &str) -> Result<FromUrl> {
        Self::with_name(url_form::read(source_text)?, name, environment)
    }

    /// Reads a URL into a profile with no name and no environment yet, without checking it (a
    /// form fills in the rest).
    pub fn parse_url(source_text: &str) -> Result<FromUrl> {
        let (profile, password) = url_form::read(source_text)?;
        Ok(FromUrl { profile, password, shadow_password: None })
    }

    /// As [`Profile::from_url`], from a source already read (an imported `DATABASE_URL`).
    pub fn from_source(name: &str, source: Source, environment: &str) -> Result<FromUrl> {
        Self::with_name(url_form::read_source(source)?, name, environment)
    }

    fn with_name(
        (mut profile, password): (Profile, Option<Password>),
        name: &str,
        environment: &str,
    ) -> Result<FromUrl> {
        profile.name = name.trim().to_owned();
        profile.environment = environment.trim().to_owned();
        profile.read_only = is_production(environment);
        profile.validate()?;
        Ok(FromUrl { profile, password, shadow_password: None })
    }

    /// Sets the shadow database URL, returning the password it held.
    pub fn set_shadow_url(&mut self, url: &str) -> Result<Option<Password>> {
        let (redacted, password) = url_form::split_password(url)?;
        self.shadow_url = Some(redacted);
        self.shadow_password = if password.is_some() { PasswordStorage::Keychain } else { PasswordStorage::None };
        Ok(password)
    }

    /// The colour to show the profile in.
    pub fn color(&self) -> &str {
        self.color.as_deref().unwrap_or_else(|| default_color(&self.environment))
    }

    /// Whether this is a production profile.
    pub fn is_production(&self) -> bool {
        is_production(&self.environment)
    }

    /// The connection as a URL without any password: safe to show and log.
    pub fn display_url(&self) -> String {
        match url_form::write(self, None) {
            Ok(Source::Sqlite { path }) => format!("sqlite:{}", path.display()),
            Ok(Source::Postgres { url } | Source::Mysql { url }) => url.to_string(),
            Ok(other) => other.to_string(),
            Err(e) => format!("(invalid: {e})"),
        }
    }

    /// The source to read, with `password` put into the URL (it stays in memory; the source
    /// displays it redacted).
    pub fn source(&self, password: Option<&Password>) -> Result<Source> {
        url_form::write(self, password)
    }

    /// Checks the fields a person fills in, naming each that is wrong. Returns every problem at
    /// once so that a form can mark all of them.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let mut problem = |field: &'static str, message: String| problems.push(FieldProblem { field, message });
        let name = self.name.trim();
        if name.is_empty() {
            problem("name", "give the profile a name".into());
        } else if name.starts_with('@') || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            problem("name", "use letters, digits, '-', '_' or '.' (it is typed as @NAME, no spaces)".into());
        }
        if self.environment.trim().is_empty() {
            problem("environment", "choose dev, staging, prod or type a name".into());
        }
        if let Some(color) = &self.color {
            let hex = color.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                problem("color", format!("{color:?} is not a colour like #c62828"));
            }
        }
        if self.dialect == Flavor::Sqlite {
            if self.path.as_ref().is_none_or(|p| p.as_os_str().is_empty()) {
                problem("path", "choose the SQLite database file".into());
            }
        } else {
            if self.host.as_deref().is_none_or(|h| h.trim().is_empty()) {
                problem("host", "give the server's host name or address".into());
            }
            if self.port == Some(0) {
                problem("port", "the port must be between 1 and 65535".into());
            }
            if self.dialect.dialect() == plumb_engine::dialect::Dialect::Mysql
                && self.database.as_deref().is_none_or(str::is_empty)
            {
                problem("database", "name the database (MySQL/MariaDB connect to one database)".into());
            }
            for (field, file) in [
                ("tls.caFile", &self.tls.ca_file),
                ("tls.certFile", &self.tls.cert_file),
                ("tls.keyFile", &self.tls.key_file),
            ] {
                if let Some(file) = file.as_ref().filter(|f| !f.is_file()) {
                    problem(field, format!("{}: no such file", file.display()));
                }
            }
        }
        if let Some(shadow) = &self.shadow_url {
            if let Err(e) = url_form::split_password(shadow) {
                problem("shadowUrl", e.to_string());
            }
        }
        problems
    }

    /// [`Profile::problems`] as one error.
    pub fn validate(&self) -> Result<()> {
        let problems = self.problems();
        if problems.is_empty() {
            return Ok(());
        }
        Err(Error::InvalidProfile {
            name: self.name.clone(),
            problems: problems.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; "),
        })
    }
}

/// One field of a profile that is not right, with what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct FieldProblem {
    /// The field, as the app's form names it (`host`, `tls.caFile`).
    pub field: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

#[cfg(test)]
mod tests;
