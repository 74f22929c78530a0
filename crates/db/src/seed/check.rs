//! `plumb seed --check`: a seed is idempotent when a second run changes nothing. Proved on a
//! scratch database built with the target's schema (a temporary file for SQLite, a temporary
//! database on the shadow server or the target's server otherwise, dropped afterwards), never on
//! the target: run once, every table's rows read, run again, read again, compared.

use plumb_engine::dialect::Dialect;
use plumb_engine::diff::DiffOptions;
use plumb_engine::model::Database;
use serde::Serialize;

use super::counts::{qualified, shown, tables};
use super::session::Session;
use super::Seed;
use crate::table_rows::{as_text, text_rows};
use crate::{Error, Result, Source};

/// What running a seed twice showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "SeedCheck"))]
pub struct Idempotency {
    /// Tables whose rows the second run changed.
    pub changed: Vec<String>,
    /// Why the second run failed, when it did (a duplicate key: the seed inserts without
    /// skipping what is there).
    pub second_run_failed: Option<String>,
}

impl Idempotency {
    /// Whether a second run left everything as the first did.
    pub fn holds(&self) -> bool {
        self.changed.is_empty() && self.second_run_failed.is_none()
    }
}

/// Every table's rows as text, sorted, in the order of `tables`.
async fn contents(source: &Source, database: &Database) -> Result<Vec<Vec<Vec<Option<String>>>>> {
    let dialect = database.flavor.dialect();
    let mut out = Vec::new();
    for (key, table) in tables(database).iter().zip(database.schemas.iter().flat_map(|s| &s.tables)) {
        let columns: Vec<String> = table
            .columns
            .iter()
            .map(|c| as_text(dialect, &plumb_engine::dialect::quote_ident(dialect, &c.name)))
            .collect();
        let sql = format!("SELECT {} FROM {}", columns.join(", "), qualified(dialect, key));
        let mut rows = text_rows(source, &shown(key), &sql, columns.len()).await?.unwrap_or_default();
        rows.sort();
        out.push(rows);
    }
    Ok(out)
}

async fn seed_once(seed: &Seed, scratch: &Source, dialect: Dialect) -> Result<()> {
    match seed {
        Seed::Sql(files) => {
            let mut session = Session::open(scratch).await?;
            let ran = session.run_files(files, dialect).await;
            session.close().await;
            ran.map(drop)
        }
        Seed::Command(line) => super::program(line, scratch).await,
    }
}

/// Builds `database`'s schema on `scratch`, seeds it twice and compares.
async fn twice(seed: &Seed, scratch: Source, database: &Database) -> Result<Idempotency> {
    let dialect = database.flavor.dialect();
    let plan =
        plumb_engine::plan::plan(&crate::replay::empty_database(database.flavor), database, &DiffOptions::default())
            .map_err(|e| Error::Unsupported {
                what: format!("building the target's schema on a scratch database: {e}"),
                hint: "run the seed twice on a copy by hand".into(),
            })?;
    let mut session = Session::open(&scratch).await?;
    for step in &plan.steps {
        session
            .execute(&step.sql)
            .await
            .map_err(|source| Error::Query { query: "build the target's schema on a scratch database", source })?;
    }
    session.close().await;
    seed_once(seed, &scratch, dialect).await?;
    let first = contents(&scratch, database).await?;
    if let Err(error) = seed_once(seed, &scratch, dialect).await {
        return Ok(Idempotency { changed: Vec::new(), second_run_failed: Some(error.to_string()) });
    }
    let second = contents(&scratch, database).await?;
    let changed = tables(database)
        .iter()
        .zip(first.iter().zip(&second))
        .filter(|(_, (a, b))| a != b)
        .map(|(t, _)| shown(t))
        .collect();
    Ok(Idempotency { changed, second_run_failed: None })
}

/// Runs `seed` twice on a scratch copy of `target`'s schema (on `shadow` when given, else the
/// target's own server — never a production one, `production` says; a temporary file for
/// SQLite). The target is only read.
pub async fn check(seed: &Seed, target: &Source, shadow: Option<&url::Url>, production: bool) -> Result<Idempotency> {
    if production && shadow.is_none() && matches!(target, Source::Postgres { .. } | Source::Mysql { .. }) {
        return Err(Error::Unsupported {
            what: format!("checking a seed on a scratch database on {target}'s server, a production one"),
            hint: "give a scratch server with --shadow URL (a temporary database is created there and dropped)".into(),
        });
    }
    let database = target.load().await?;
    match target {
        Source::Sqlite { .. } => {
            let dir = tempfile::tempdir().map_err(|source| Error::Io { path: std::env::temp_dir(), source })?;
            let file = dir.path().join("seed-check.sqlite");
            let conn = crate::connect::create_sqlite(&file).await?;
            drop(conn);
            twice(seed, Source::Sqlite { path: file }, &database).await
        }
        Source::Postgres { .. } | Source::Mysql { .. } => {
            let server: Source = match shadow {
                Some(url) => url.as_str().parse()?,
                None => target.clone(),
            };
            crate::scratch::with_scratch(&server, "seed", |scratch| twice(seed, scratch, &database)).await
        }
        other => {
            Err(Error::Unsupported { what: format!("checking a seed against {other}"), hint: "name a database".into() })
        }
    }
}
