//! The server's facts for `plumb audit` ([`plumb_engine::audit::Facts`]): a fixed number of
//! catalog queries in one read-only transaction (five on PostgreSQL, two on SQLite; MySQL's
//! `AUTO_INCREMENT` is already in the schema model's statistics).

mod postgres;
mod sqlite;

use plumb_engine::audit::{Facts, ObjectRef, Orphans};
use plumb_engine::lint::live::{Probe, ProbeKind};
use plumb_engine::lint::op;
use plumb_engine::model::{Database, ForeignKey};

use crate::{Result, Source};

/// A relation the database does not enforce: the table's schema and name, and the foreign key
/// `schema.prisma` declares for it ([`plumb_engine::prisma::emulated_relations`]).
pub type Relation = (String, String, ForeignKey);

/// What `source` (read as `database`) knows beyond its schema; empty for a source that is not a
/// live database. `exposed` names the schemas clients reach directly; the rows of `relations`
/// whose parent is missing are counted.
pub async fn facts(source: &Source, database: &Database, exposed: &[String], relations: &[Relation]) -> Result<Facts> {
    let schemas: Vec<String> = database.schemas.iter().map(|s| s.name.clone()).collect();
    let mut facts = match source {
        Source::Postgres { url } => postgres::facts(url, &schemas).await?,
        Source::Sqlite { path } => sqlite::facts(path, database).await?,
        Source::Mysql { .. } => Facts { live: true, ..Facts::default() },
        Source::Snapshot { .. } | Source::Sql { .. } | Source::Prisma { .. } => Facts::default(),
    };
    facts.exposed_schemas = exposed.to_vec();
    facts.orphans = orphans(source, database, relations).await?;
    Ok(facts)
}

/// The rows of each relation whose parent is missing, counted as the plan's data checks count
/// them (one query per relation, read-only, with their timeout).
async fn orphans(source: &Source, database: &Database, relations: &[Relation]) -> Result<Vec<Orphans>> {
    // A schema.prisma names MySQL's and SQLite's one namespace `main`; the database its own way.
    let schema_of = |schema: &str| match (database.flavor.has_schemas(), database.schemas.first()) {
        (false, Some(only)) => only.name.clone(),
        _ => schema.to_owned(),
    };
    let probes: Vec<(Probe, &Relation)> = relations
        .iter()
        .map(|relation| {
            let (schema, table, fk) = relation;
            let referenced_schema = schema_of(fk.referenced_schema.as_deref().unwrap_or(schema));
            let probe = Probe {
                table: op::ObjectRef { schema: Some(schema_of(schema)), name: table.clone() },
                kind: ProbeKind::Orphans {
                    columns: fk.columns.clone(),
                    referenced: op::ObjectRef { schema: Some(referenced_schema), name: fk.referenced_table.clone() },
                    referenced_columns: fk.referenced_columns.clone(),
                },
            };
            (probe, relation)
        })
        .collect();
    let asked: Vec<Probe> = probes.iter().map(|(p, _)| p.clone()).collect();
    let counted = crate::live::live_facts(source, &asked).await?.facts;
    Ok(probes
        .into_iter()
        .filter_map(|(probe, (_, _, fk))| {
            let rows = counted.get(&probe.table, &probe.kind).filter(|n| *n > 0)?;
            let ProbeKind::Orphans { referenced, .. } = &probe.kind else { return None };
            Some(Orphans {
                table: ObjectRef {
                    schema: probe.table.schema.clone().unwrap_or_default(),
                    table: probe.table.name.clone(),
                    name: None,
                },
                columns: fk.columns.clone(),
                referenced: format!("{}.{}", referenced.schema.as_deref().unwrap_or_default(), referenced.name),
                referenced_columns: fk.referenced_columns.clone(),
                rows,
            })
        })
        .collect())
}
