//! What a project is made of, read from its files without running any of them (`plumb detect`):
//! the database it uses, the ORM or migration tool, where its schema and migrations are, and the
//! environment variables that hold its connection URLs — their names, never their values.

mod config;
mod env_files;
mod init;
mod tools;

pub use init::{propose, write_project_file, Proposal};

use std::path::{Path, PathBuf};

use plumb_engine::dialect::Dialect;
use serde::Serialize;

use crate::Result;

/// An ORM or migration tool a project uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "DetectedTool"))]
#[serde(rename_all = "kebab-case")]
pub enum Tool {
    /// Prisma: `schema.prisma` and `prisma/migrations`.
    Prisma,
    /// Drizzle Kit: `drizzle.config.*`.
    Drizzle,
    /// TypeORM: `ormconfig.*` or a data source.
    Typeorm,
    /// Sequelize: `.sequelizerc`, `config/config.json`.
    Sequelize,
    /// Knex: `knexfile.*`.
    Knex,
    /// Alembic (SQLAlchemy): `alembic.ini` and its `versions` folder.
    Alembic,
    /// Django: `manage.py` and `DATABASES` in the settings.
    Django,
    /// Rails: `config/database.yml`, `db/schema.rb`, `db/migrate`.
    Rails,
    /// The Supabase CLI: `supabase/config.toml` and `supabase/migrations`.
    Supabase,
    /// A folder of SQL migrations (golang-migrate, dbmate, sqlx, Flyway, plain files).
    SqlMigrations,
}

/// One tool found, the file that says so and the dialect it names, if it names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "DetectedToolFile"))]
pub struct Found {
    /// The tool.
    pub tool: Tool,
    /// The file that says so, relative to the project's folder.
    pub file: String,
    /// The database it names, if it names one.
    pub dialect: Option<Dialect>,
}

/// An environment variable holding a connection URL, and the file that names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "UrlVariable"))]
pub struct Variable {
    /// Its name (`DATABASE_URL`).
    pub name: String,
    /// Relative to the project's folder.
    pub file: String,
    /// The dialect its URL's scheme names, where the file holds a value.
    pub dialect: Option<Dialect>,
}

/// What `plumb detect` found in a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Detection {
    /// The folder read.
    pub root: PathBuf,
    /// The database the project uses, where every tool that names one agrees.
    pub dialect: Option<Dialect>,
    /// The tools, in the order they were looked for.
    pub tools: Vec<Found>,
    /// The schema file the tools name (`prisma/schema.prisma`, `db/schema.rb`).
    pub schema: Option<String>,
    /// The migrations folder.
    pub migrations: Option<String>,
    /// Variables holding connection URLs.
    pub variables: Vec<Variable>,
    /// Tools that name different databases, when they do.
    pub disagreement: Option<String>,
}

/// What one tool's files say.
#[derive(Debug, Default)]
struct Reading {
    found: Vec<Found>,
    schema: Option<String>,
    migrations: Option<String>,
    variables: Vec<Variable>,
}

/// Reads `root` (not its parents): every tool's usual files.
pub fn detect(root: &Path) -> Result<Detection> {
    if !root.is_dir() {
        return Err(crate::Error::FileNotFound { path: root.to_owned() });
    }
    let mut reading = Reading::default();
    tools::read_all(root, &mut reading);
    if reading.migrations.is_none() {
        if let Some(folder) = crate::migrations::Folder::locate(root) {
            let file = relative(root, &folder);
            reading.found.push(Found { tool: Tool::SqlMigrations, file: file.clone(), dialect: None });
            reading.migrations = Some(file);
        }
    }
    for variable in env_files::read(root) {
        if !reading.variables.iter().any(|v| v.name == variable.name) {
            reading.variables.push(variable);
        }
    }
    let named: Vec<(Dialect, String)> = reading
        .found
        .iter()
        .filter_map(|f| f.dialect.map(|d| (d, f.file.clone())))
        .chain(reading.variables.iter().filter_map(|v| v.dialect.map(|d| (d, v.file.clone()))))
        .collect();
    let (dialect, disagreement) = match named.first() {
        None => (None, None),
        Some((first, _)) if named.iter().all(|(d, _)| d == first) => (Some(*first), None),
        Some(_) => {
            let said: Vec<String> = named.iter().map(|(d, file)| format!("{file} says {}", d.display_name())).collect();
            (None, Some(said.join(", ")))
        }
    };
    Ok(Detection {
        root: root.to_owned(),
        dialect,
        tools: reading.found,
        schema: reading.schema,
        migrations: reading.migrations,
        variables: reading.variables,
        disagreement,
    })
}

/// `path` relative to `root`, with `/` between parts.
fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The dialect a provider, driver, adapter or URL scheme names (`postgresql`, `mysql2`,
/// `postgresql+psycopg2`, `django.db.backends.sqlite3`, `better-sqlite3`).
fn dialect_named(text: &str) -> Option<Dialect> {
    let lower = text.trim().to_ascii_lowercase();
    let word = lower.rsplit('.').next().unwrap_or(&lower);
    let word = word.split('+').next().unwrap_or(word);
    match word {
        "postgresql" | "postgres" | "pg" | "cockroachdb" | "postgis" | "pglite" => Some(Dialect::Postgres),
        "mysql" | "mysql2" | "mariadb" | "trilogy" | "singlestore" => Some(Dialect::Mysql),
        "sqlite" | "sqlite3" | "better-sqlite3" | "better-sqlite" | "libsql" | "turso" | "d1" | "file" => {
            Some(Dialect::Sqlite)
        }
        _ => None,
    }
}

/// The dialect a connection URL's scheme names (`postgres://…`, `sqlite:///app.db`); the rest of
/// the URL, which may hold a password, is never looked at.
fn dialect_of_url(url: &str) -> Option<Dialect> {
    let scheme = url.trim().trim_matches(|c| c == '"' || c == '\'').split(':').next()?;
    dialect_named(scheme)
}

#[cfg(test)]
mod tests;
