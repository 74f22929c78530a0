//! The server's facts for `plumb audit` ([`plumb_engine::audit::Facts`]): a fixed number of
//! catalog queries in one read-only transaction (five on PostgreSQL, two on SQLite; MySQL's
//! `AUTO_INCREMENT` is already in the schema model's statistics).

mod postgres;
mod sqlite;

use plumb_engine::audit::Facts;
use plumb_engine::model::Database;

use crate::{Result, Source};

/// What `source` (read as `database`) knows beyond its schema; empty for a source that is not a
/// live database. `exposed` names the schemas clients reach directly.
pub async fn facts(source: &Source, database: &Database, exposed: &[String]) -> Result<Facts> {
    let schemas: Vec<String> = database.schemas.iter().map(|s| s.name.clone()).collect();
    let mut facts = match source {
        Source::Postgres { url } => postgres::facts(url, &schemas).await?,
        Source::Sqlite { path } => sqlite::facts(path, database).await?,
        Source::Mysql { .. } => Facts { live: true, ..Facts::default() },
        Source::Snapshot { .. } | Source::Sql { .. } | Source::Prisma { .. } => Facts::default(),
    };
    facts.exposed_schemas = exposed.to_vec();
    Ok(facts)
}
