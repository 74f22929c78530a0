//! A profile ↔ its connection URL. Reading takes the password out (it goes to the keychain);
//! writing puts it back in memory only.

use std::collections::BTreeMap;
use std::path::PathBuf;

use percent_encoding::percent_decode_str;
use plumb_engine::dialect::Flavor;

use super::{Password, PasswordStorage, Profile, ProfileId, Tls, TlsMode};
use crate::{Error, Result, Source};

/// URL parameters that are TLS settings, in either dialect's spelling.
const CA_KEYS: [&str; 3] = ["sslrootcert", "ssl-ca", "sslca"];
const CERT_KEYS: [&str; 2] = ["sslcert", "ssl-cert"];
const KEY_KEYS: [&str; 2] = ["sslkey", "ssl-key"];
const MODE_KEYS: [&str; 2] = ["sslmode", "ssl-mode"];

/// Reads a URL or an SQLite path (`file:` too, as Prisma writes it) into a profile with an empty
/// name and environment, and the password the URL held.
pub(super) fn read(text: &str) -> Result<(Profile, Option<Password>)> {
    let text = text.trim();
    let text = text.strip_prefix("file:").map_or_else(|| text.to_owned(), |path| format!("sqlite:{path}"));
    read_source(text.parse()?)
}

/// Reads a source into a profile with an empty name and environment, and the password it held.
pub(super) fn read_source(source: Source) -> Result<(Profile, Option<Password>)> {
    let mut profile = Profile {
        id: ProfileId::generate(),
        name: String::new(),
        dialect: Flavor::Sqlite,
        host: None,
        port: None,
        database: None,
        user: None,
        path: None,
        tls: Tls::default(),
        options: BTreeMap::new(),
        environment: String::new(),
        color: None,
        read_only: false,
        password: PasswordStorage::None,
        shadow_url: None,
        shadow_password: PasswordStorage::None,
        group: None,
        notes: String::new(),
    };
    let url = match source {
        Source::Sqlite { path } => {
            profile.path = Some(path);
            return Ok((profile, None));
        }
        Source::Snapshot { path } | Source::Sql { path, .. } | Source::Prisma { path, .. } => {
            return Err(Error::InvalidUrl {
                url: path.display().to_string(),
                reason: "a snapshot or SQL file is not a connection: use it as a source directly".into(),
            })
        }
        Source::Postgres { url } | Source::Mysql { url } => url,
    };
    profile.dialect = match url.scheme() {
        "postgres" | "postgresql" => Flavor::Postgres,
        "mariadb" => Flavor::Mariadb,
        _ => Flavor::Mysql,
    };
    profile.host = url.host_str().map(|h| h.trim_start_matches('[').trim_end_matches(']').to_owned());
    profile.port = url.port();
    profile.database = Some(decode(url.path().trim_start_matches('/'))).filter(|d| !d.is_empty());
    profile.user = Some(decode(url.username())).filter(|u| !u.is_empty());
    let password = url.password().map(|p| Password::new(decode(p)));
    if password.is_some() {
        profile.password = PasswordStorage::Keychain;
    }
    for (key, value) in url.query_pairs() {
        let value = value.into_owned();
        let key = key.as_ref();
        if MODE_KEYS.contains(&key) {
            profile.tls.mode = Some(TlsMode::parse(&value).ok_or_else(|| Error::InvalidUrl {
                url: crate::source::redact_url(&url),
                reason: format!("{key}={value}: not a TLS mode (disable, prefer, require, verify-ca, verify-full)"),
            })?);
        } else if CA_KEYS.contains(&key) {
            profile.tls.ca_file = Some(PathBuf::from(value));
        } else if CERT_KEYS.contains(&key) {
            profile.tls.cert_file = Some(PathBuf::from(value));
        } else if KEY_KEYS.contains(&key) {
            profile.tls.key_file = Some(PathBuf::from(value));
        } else {
            profile.options.insert(key.to_owned(), value);
        }
    }
    Ok((profile, password))
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The source a profile connects to, with `password` in its URL.
pub(super) fn write(profile: &Profile, password: Option<&Password>) -> Result<Source> {
    if profile.dialect == Flavor::Sqlite {
        let path = profile.path.clone().unwrap_or_default();
        return Ok(Source::Sqlite { path });
    }
    let scheme = match profile.dialect {
        Flavor::Postgres => "postgres",
        Flavor::Mariadb => "mariadb",
        _ => "mysql",
    };
    let invalid = |reason: String| Error::InvalidProfile { name: profile.name.clone(), problems: reason };
    let host = profile.host.as_deref().unwrap_or("localhost");
    // IPv6 literals need brackets in a URL authority.
    let host = if host.contains(':') && !host.starts_with('[') { format!("[{host}]") } else { host.to_owned() };
    let mut url = url::Url::parse(&format!("{scheme}://{host}/"))
        .map_err(|e| invalid(format!("host: {host:?} is not a host name ({e})")))?;
    let _ = url.set_port(profile.port);
    if let Some(user) = &profile.user {
        url.set_username(user).map_err(|()| invalid("user: cannot be put in a URL".into()))?;
    }
    if let Some(password) = password {
        url.set_password(Some(password.expose()))
            .map_err(|()| invalid("the password cannot be put in a URL".into()))?;
    }
    url.path_segments_mut()
        .map_err(|()| invalid("the URL cannot hold a database name".into()))?
        .clear()
        .push(profile.database.as_deref().unwrap_or(""));
    let postgres = profile.dialect == Flavor::Postgres;
    let mut query: Vec<(&str, String)> = Vec::new();
    if let Some(mode) = profile.tls.mode {
        query.push(if postgres { ("sslmode", mode.postgres().into()) } else { ("ssl-mode", mode.mysql().into()) });
    }
    let files = [
        (&profile.tls.ca_file, if postgres { "sslrootcert" } else { "ssl-ca" }),
        (&profile.tls.cert_file, if postgres { "sslcert" } else { "ssl-cert" }),
        (&profile.tls.key_file, if postgres { "sslkey" } else { "ssl-key" }),
    ];
    for (file, key) in files {
        if let Some(file) = file {
            query.push((key, file.display().to_string()));
        }
    }
    query.extend(profile.options.iter().map(|(k, v)| (k.as_str(), v.clone())));
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    Ok(if postgres { Source::Postgres { url } } else { Source::Mysql { url } })
}

/// Takes the password out of a server URL: the URL without it, and the password.
pub(super) fn split_password(text: &str) -> Result<(String, Option<Password>)> {
    let mut url = match text.trim().parse::<Source>()? {
        Source::Postgres { url } | Source::Mysql { url } => url,
        other => {
            return Err(Error::InvalidUrl {
                url: other.to_string(),
                reason: "a shadow database is a postgres:// or mysql:// server URL".into(),
            })
        }
    };
    let password = url.password().map(|p| Password::new(decode(p)));
    // Cannot fail: a URL with a password has a host.
    let _ = url.set_password(None);
    Ok((url.to_string(), password))
}
