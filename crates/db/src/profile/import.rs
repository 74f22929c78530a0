//! Finding connection URLs where projects keep them: `DATABASE_URL` and its relatives in the
//! environment or in a `.env` file (as Prisma, Rails, Django, sqlx and Vercel write them).

use std::path::{Path, PathBuf};

use crate::{Error, Result, Source};

/// Variable names (or parts of names) that hold a connection URL.
const URL_KEYS: [&str; 7] =
    ["DATABASE_URL", "DB_URL", "POSTGRES_URL", "POSTGRESQL_URL", "PG_URL", "MYSQL_URL", "MARIADB_URL"];

/// A connection URL found in a variable. `Debug` and `Display` of the source never show the
/// password.
#[derive(Debug, Clone)]
pub struct Found {
    /// The variable (`DATABASE_URL`).
    pub key: String,
    /// The source it names (password included, in memory).
    pub source: Source,
    /// A profile name to suggest: the database's name for `DATABASE_URL`, else the variable's.
    pub suggested_name: String,
}

/// The connection URLs in this process's environment.
pub fn import_environment() -> (Vec<Found>, Vec<String>) {
    let here = std::env::current_dir().unwrap_or_default();
    collect(std::env::vars(), &here)
}

/// The connection URLs in a `.env` file; a relative SQLite `file:` path is read as Prisma does
/// (relative to `prisma/` when the folder has a `prisma/schema.prisma`). The second list names
/// variables that look like URLs but are not ones Plumb reads.
pub fn import_env_file(path: &Path) -> Result<(Vec<Found>, Vec<String>)> {
    let entries = dotenvy::from_path_iter(path).map_err(|e| env_error(path, e))?;
    let vars = entries.collect::<std::result::Result<Vec<_>, _>>().map_err(|e| env_error(path, e))?;
    let folder = path.parent().map(Path::to_owned).unwrap_or_default();
    Ok(collect(vars, &prisma_base(folder)))
}

/// Where a relative SQLite `file:` path of a `.env` in `folder` starts, as Prisma reads it:
/// `prisma/` when the folder has a `prisma/schema.prisma`, else the folder.
fn prisma_base(folder: PathBuf) -> PathBuf {
    let prisma = folder.join("prisma");
    if prisma.join("schema.prisma").is_file() {
        prisma
    } else {
        folder
    }
}

fn env_error(path: &Path, error: dotenvy::Error) -> Error {
    match error {
        dotenvy::Error::Io(source) => crate::source::file_error(path, source),
        // The message names the line; it never quotes a value (which could be a password).
        dotenvy::Error::LineParse(line, _) => {
            let number = std::fs::read_to_string(path)
                .ok()
                .and_then(|text| text.lines().position(|l| l.trim() == line.trim()))
                .map_or_else(String::new, |n| format!("line {}: ", n + 1));
            Error::InvalidProfileFile { path: path.to_owned(), reason: format!("{number}not a KEY=value line") }
        }
        other => Error::InvalidProfileFile { path: path.to_owned(), reason: other.to_string() },
    }
}

fn collect(vars: impl IntoIterator<Item = (String, String)>, base: &Path) -> (Vec<Found>, Vec<String>) {
    let (mut found, mut skipped) = (Vec::<Found>::new(), Vec::new());
    let mut vars: Vec<(String, String)> =
        vars.into_iter().filter(|(key, _)| URL_KEYS.iter().any(|k| key.to_ascii_uppercase().contains(k))).collect();
    vars.sort();
    for (key, value) in vars {
        let Some(source) = source_of(&value, base) else {
            skipped.push(key);
            continue;
        };
        let mut name = suggested_name(&key, &source);
        let taken = |name: &str| found.iter().any(|f| f.suggested_name == name);
        if taken(&name) {
            let base_name = name.clone();
            name = (2..).map(|n| format!("{base_name}-{n}")).find(|n| !taken(n)).unwrap_or(base_name);
        }
        found.push(Found { key, source, suggested_name: name });
    }
    (found, skipped)
}

/// The database `env:NAME` names: the URL in the variable `name`, from this process's environment
/// or else the `.env` file of the current folder (as Prisma reads it). The value is used, never
/// shown: errors name the variable only.
pub(crate) fn from_variable(name: &str) -> Result<Source> {
    let here = std::env::current_dir().unwrap_or_default();
    let value = match std::env::var(name) {
        Ok(value) => Some(value),
        Err(_) => dotenvy::from_path_iter(here.join(".env"))
            .ok()
            .and_then(|entries| entries.filter_map(std::result::Result::ok).find(|(key, _)| key == name))
            .map(|(_, value)| value),
    };
    let Some(value) = value else { return Err(Error::UnsetVariable { name: name.to_owned() }) };
    source_of(&value, &prisma_base(here))
        .ok_or_else(|| Error::UnknownSource { text: format!("the value of env:{name}") })
}

fn source_of(value: &str, base: &Path) -> Option<Source> {
    let value = value.trim();
    if let Some(path) = value.strip_prefix("file:") {
        let path = PathBuf::from(path.split('?').next().unwrap_or(path));
        let path = if path.is_relative() { base.join(path) } else { path };
        return Some(Source::Sqlite { path });
    }
    match value.parse::<Source>().ok()? {
        source @ (Source::Postgres { .. } | Source::Mysql { .. } | Source::Sqlite { .. }) => Some(source),
        Source::Snapshot { .. } | Source::Sql { .. } | Source::Prisma { .. } => None,
    }
}

fn suggested_name(key: &str, source: &Source) -> String {
    let from_source = match source {
        Source::Postgres { url } | Source::Mysql { url } => url.path().trim_start_matches('/').to_owned(),
        Source::Sqlite { path } => path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default(),
        Source::Snapshot { .. } | Source::Sql { .. } | Source::Prisma { .. } => String::new(),
    };
    if key.eq_ignore_ascii_case("DATABASE_URL") && !from_source.is_empty() {
        return from_source;
    }
    let key = key.to_ascii_lowercase();
    key.strip_suffix("_url").unwrap_or(&key).replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_urls_under_the_usual_names_and_suggests_names() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join(".env");
        std::fs::write(
            &env,
            "# a comment\nDATABASE_URL=\"postgres://app:s3cr3t@db.example:5432/shop\"\n\
             SHADOW_DATABASE_URL=postgres://app@db.example/shop_shadow\n\
             MYSQL_URL=mysql://root@127.0.0.1/legacy\nSECRET_KEY=abc\nREDIS_URL=redis://x\n\
             BAD_DB_URL=\"not a url\"\n",
        )
        .unwrap();
        let (found, skipped) = import_env_file(&env).unwrap();
        let names: Vec<_> = found.iter().map(|f| (f.key.as_str(), f.suggested_name.as_str())).collect();
        assert_eq!(
            names,
            [("DATABASE_URL", "shop"), ("MYSQL_URL", "mysql"), ("SHADOW_DATABASE_URL", "shadow-database")]
        );
        assert_eq!(skipped, ["BAD_DB_URL"]);
        assert!(!format!("{found:?}").contains("s3cr3t"), "Debug never shows the password");
    }

    #[test]
    fn reads_prisma_sqlite_paths_relative_to_the_schema() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("prisma")).unwrap();
        std::fs::write(dir.path().join("prisma/schema.prisma"), "").unwrap();
        std::fs::write(dir.path().join(".env"), "DATABASE_URL=\"file:./dev.db\"\n").unwrap();
        let (found, _) = import_env_file(&dir.path().join(".env")).unwrap();
        let Source::Sqlite { path } = &found[0].source else { panic!("{found:?}") };
        assert_eq!(path, &dir.path().join("prisma/./dev.db"));
        assert_eq!(found[0].suggested_name, "dev");
    }

    #[test]
    fn a_malformed_env_file_names_the_file_and_never_a_value() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join(".env");
        std::fs::write(&env, "DATABASE_URL=postgres://u:pw@h/db\nthis is 'not valid s3cr3t\n").unwrap();
        let err = import_env_file(&env).unwrap_err().to_string();
        assert!(err.contains(".env: line 2:") && !err.contains("s3cr3t") && !err.contains(":pw@"), "{err}");
        let missing = import_env_file(&dir.path().join("nope.env")).unwrap_err().to_string();
        assert!(missing.contains("no such file"), "{missing}");
    }
}
