//! SQL as a source: a `.sql` file or a migrations folder, replayed on a scratch database and
//! introspected, like Prisma's shadow database. SQLite replays into a temporary file; PostgreSQL
//! and MySQL/MariaDB into a temporary database created on the shadow server and dropped
//! afterwards, whatever happened.
//!
//! Which database replays: the shadow URL when one is given (`--shadow`, a profile's shadow
//! database); else the dialect a Prisma folder names in `migration_lock.toml`, which needs a
//! shadow server unless it is SQLite; else SQLite.
//!
//! A `schema.prisma` replays the same way: the SQL that creates the database it describes,
//! rendered from the model like any plan, is run on a scratch database of its provider, so that
//! it compares with a database as the server spells it.

use std::path::Path;

use plumb_engine::dialect::{Dialect, Flavor};
use plumb_engine::diff::DiffOptions;
use plumb_engine::model::{Database, Schema};

use sqlx::{Connection, Executor};
use tracing::Instrument;

use crate::connect::{connect_postgres, create_sqlite, open_mysql, ServerTarget};
use crate::introspect::Introspection;
use crate::migrations::Folder;
use crate::scratch::with_scratch;
use crate::{Error, Result, Source};

/// One script to replay: where it comes from, for errors, and its text.
struct Script {
    origin: String,
    text: String,
}

/// The scripts to replay, in order.
fn scripts(path: &Path) -> Result<Vec<Script>> {
    let files = if path.is_dir() {
        Folder::read(path)?.migrations.into_iter().map(|m| m.up).collect()
    } else if path.is_file() {
        vec![path.to_owned()]
    } else {
        return Err(Error::FileNotFound { path: path.to_owned() });
    };
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file).map_err(|source| Error::Io { path: file.clone(), source })?;
            Ok(Script { origin: file.display().to_string(), text })
        })
        .collect()
}

/// The provider a Prisma folder's `migration_lock.toml` names (`postgresql`, `mysql`, `sqlite`).
fn prisma_provider(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path.join("migration_lock.toml")).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("provider")?.as_str().map(str::to_owned)
}

/// A replay failure, pointing at the file and the line: where the statement that failed starts,
/// moved down to where PostgreSQL says inside it.
fn failed(statement: &str, starts: Option<u32>, origin: &str, error: sqlx::Error) -> Error {
    let inside = match &error {
        sqlx::Error::Database(db) => match db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            Some(pg) => match pg.position() {
                Some(sqlx::postgres::PgErrorPosition::Original(at)) => {
                    Some(statement.chars().take(at.saturating_sub(1)).filter(|c| *c == '\n').count())
                }
                _ => None,
            },
            None => None,
        },
        _ => None,
    };
    let line = match (starts.and_then(|l| usize::try_from(l).ok()), inside) {
        (Some(start), inside) => Some(start + inside.unwrap_or(0)),
        (None, Some(inside)) => Some(1 + inside),
        (None, None) => None,
    };
    let at = line.map_or_else(|| origin.to_owned(), |l| format!("{origin}:{l}"));
    let reason = match &error {
        sqlx::Error::Database(db) => db.message().to_owned(),
        other => other.to_string(),
    };
    Error::Replay { at, reason }
}

/// The connection a replay runs its scripts on.
enum Replaying<'a> {
    Postgres(&'a mut sqlx::PgConnection),
    Mysql(&'a mut sqlx::MySqlConnection),
    Sqlite(&'a mut sqlx::SqliteConnection),
}

async fn run_all(mut conn: Replaying<'_>, scripts: &[Script]) -> Result<()> {
    for script in scripts {
        // A statement at a time, so that a failure names the line its statement starts on (and,
        // where PostgreSQL gives a position, the line inside it). A file the splitter cannot read
        // runs whole, for the server to say what is wrong.
        let dialect = match &conn {
            Replaying::Postgres(_) => Dialect::Postgres,
            Replaying::Mysql(_) => Dialect::Mysql,
            Replaying::Sqlite(_) => Dialect::Sqlite,
        };
        let pieces = match plumb_engine::lint::sql_file::statements(&script.text, dialect) {
            Ok(statements) => statements.into_iter().map(|(line, sql)| (Some(line), sql)).collect(),
            Err(_) => vec![(None, script.text.clone())],
        };
        for (line, text) in pieces {
            let sql = sqlx::raw_sql(&text);
            let span = tracing::info_span!("replay", origin = %script.origin, line);
            let ran = match &mut conn {
                Replaying::Postgres(c) => c.execute(sql).instrument(span).await.map(drop),
                Replaying::Mysql(c) => c.execute(sql).instrument(span).await.map(drop),
                Replaying::Sqlite(c) => c.execute(sql).instrument(span).await.map(drop),
            };
            ran.map_err(|e| failed(&text, line, &script.origin, e))?;
        }
    }
    Ok(())
}

/// What to do when a PostgreSQL or MySQL script has nowhere to run, on the command line and in the
/// app alike.
const NEEDS_A_SERVER: &str = "give a scratch server: --shadow URL on the command line, or a shadow database in \
    the profile compared with (a temporary database is created there and dropped)";

/// Replays `path` and reads the schema it leads to.
pub(crate) async fn replay(path: &Path, shadow: Option<&url::Url>) -> Result<Introspection> {
    let shadow: Option<Source> = match shadow {
        Some(url) => Some(url.as_str().parse()?),
        None => None,
    };
    // An Alembic history becomes SQL through Alembic's offline mode, for the dialect it replays on.
    let files = if crate::migrations::alembic::is_versions_folder(path) {
        let dialect = match &shadow {
            Some(server @ (Source::Postgres { .. } | Source::Mysql { .. })) => server_dialect(server),
            _ => Dialect::Sqlite,
        };
        let offline = crate::migrations::alembic::offline::run(path, dialect, "heads", &[])?;
        vec![Script { origin: format!("{} (alembic upgrade heads --sql)", path.display()), text: offline.upgrade }]
    } else {
        scripts(path)?
    };
    match (shadow, path.is_dir().then(|| prisma_provider(path)).flatten().as_deref()) {
        (Some(server @ (Source::Postgres { .. } | Source::Mysql { .. })), _) => on_server(&server, &files).await,
        (Some(other), _) => Err(Error::Unsupported {
            what: format!("replaying SQL on {other}"),
            hint: "give a postgres:// or mysql:// server as the shadow database".into(),
        }),
        (None, Some(provider @ ("postgresql" | "postgres" | "mysql"))) => Err(Error::Unsupported {
            what: format!("replaying {} ({provider}) without a server", path.display()),
            hint: NEEDS_A_SERVER.into(),
        }),
        (None, _) => on_sqlite(&files).await,
    }
}

/// Builds the database a `schema.prisma` describes and reads it back.
///
/// `beside`, the database it is compared with, lends the extensions the schema does not declare:
/// Prisma computes a schema without a database, so a PostGIS column needs no `extensions = [...]`
/// there; built on a server, it needs PostGIS installed first.
pub(crate) async fn prisma(path: &Path, shadow: Option<&url::Url>, beside: Option<&Database>) -> Result<Introspection> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::source::file_error(path, source))?;
    let mut desired =
        plumb_engine::prisma::read(&text).map_err(|source| Error::Prisma { path: path.to_owned(), source })?;
    if let Some(other) = beside.filter(|o| o.flavor.dialect() == desired.flavor.dialect()) {
        for extension in &other.extensions {
            if !desired.extensions.iter().any(|e| e.name == extension.name) {
                desired.extensions.push(extension.clone());
            }
        }
    }
    let scripts = creation_scripts(path, &desired)?;
    let dialect = desired.flavor.dialect();
    let shadow: Option<Source> = match shadow {
        Some(url) => Some(url.as_str().parse()?),
        None => None,
    };
    let provider = desired.flavor.display_name();
    match shadow {
        None if dialect == Dialect::Sqlite => on_sqlite(&scripts).await,
        Some(server @ (Source::Postgres { .. } | Source::Mysql { .. })) if server_dialect(&server) == dialect => {
            on_server(&server, &scripts).await
        }
        Some(other) => Err(Error::Unsupported {
            what: format!("building {} (provider {provider}) on {other}", path.display()),
            hint: format!("give a {provider} server as the shadow database"),
        }),
        None => Err(Error::Unsupported {
            what: format!("building {} (provider {provider}) without a server", path.display()),
            hint: NEEDS_A_SERVER.into(),
        }),
    }
}

fn server_dialect(server: &Source) -> Dialect {
    if matches!(server, Source::Postgres { .. }) {
        Dialect::Postgres
    } else {
        Dialect::Mysql
    }
}

/// A new, empty database of `flavor`: the one namespace every new database has (`public`, or the
/// connection's own).
pub(crate) fn empty_database(flavor: Flavor) -> Database {
    let mut empty = Database::new(flavor, None);
    empty.schemas.push(Schema::new(if flavor.has_schemas() { "public" } else { "main" }));
    empty
}

/// The statements that create `desired` from an empty database, one script each.
fn creation_scripts(path: &Path, desired: &Database) -> Result<Vec<Script>> {
    let plan =
        plumb_engine::plan::plan(&empty_database(desired.flavor), desired, &DiffOptions::default()).map_err(|e| {
            Error::Unsupported {
                what: format!("building {}: {e}", path.display()),
                hint: "report the schema that caused it".into(),
            }
        })?;
    Ok(plan
        .steps
        .into_iter()
        .enumerate()
        .map(|(i, step)| Script {
            origin: format!("{} (statement {}: {})", path.display(), i + 1, step.description),
            text: step.sql,
        })
        .collect())
}

async fn on_sqlite(files: &[Script]) -> Result<Introspection> {
    let dir = tempfile::tempdir().map_err(|source| Error::Io { path: std::env::temp_dir(), source })?;
    let file = dir.path().join("replay.sqlite");
    let mut conn = create_sqlite(&file).await?;
    // A scratch file thrown away afterwards: no fsync per statement (a folder of 70,000 INSERTs
    // would otherwise wait minutes on the disk).
    sqlx::Executor::execute(&mut conn, "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY")
        .await
        .map_err(|source| Error::Query { query: "replay settings", source })?;
    run_all(Replaying::Sqlite(&mut conn), files).await?;
    conn.close().await.map_err(|source| Error::Query { query: "replay", source })?;
    Source::Sqlite { path: file }.introspect().await
}

async fn on_server(server: &Source, files: &[Script]) -> Result<Introspection> {
    with_scratch(server, "replay", |scratch| async move {
        match &scratch {
            Source::Postgres { url } => {
                let mut conn = connect_postgres(&ServerTarget::from_url(url)?).await?;
                // A scratch database: no waiting for the disk at every statement's commit.
                sqlx::Executor::execute(&mut conn, "SET synchronous_commit = off")
                    .await
                    .map_err(|source| Error::Query { query: "replay settings", source })?;
                run_all(Replaying::Postgres(&mut conn), files).await?;
                let _ = conn.close().await;
            }
            Source::Mysql { url } => {
                let (mut conn, _, _) = open_mysql(&ServerTarget::from_url(url)?).await?;
                run_all(Replaying::Mysql(&mut conn), files).await?;
                let _ = conn.close().await;
            }
            _ => unreachable!("a scratch database is on a server"),
        }
        scratch.introspect().await
    })
    .await
}
