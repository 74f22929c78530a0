//! `plumb audit` on a source, for the CLI and the app alike: the server's facts
//! ([`plumb_engine::audit::Facts`], a fixed number of catalog queries in one read-only transaction:
//! five on PostgreSQL, two on SQLite; MySQL's `AUTO_INCREMENT` is already in the schema model's
//! statistics), the findings with the SQL of their fixes, and the plan of the chosen fixes.

mod postgres;
mod sqlite;

use std::path::Path;

use plumb_engine::audit::{apply_fixes, audit, checks, Facts, Finding, Fix, ObjectRef, Orphans};
use plumb_engine::diff::DiffOptions;
use plumb_engine::lint::live::{Probe, ProbeKind};
use plumb_engine::lint::op;
use plumb_engine::model::{Database, ForeignKey};
use plumb_engine::plan::{plan_with, probes, Online, Plan};
use serde::Serialize;

use crate::{Error, Result, Source};

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

/// Where an audit looks beyond the schema: the schemas clients reach directly, and the relations
/// the project's `schema.prisma` declares without the database enforcing them.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Schemas exposed to clients.
    pub exposed: Vec<String>,
    /// Relations to check for orphans.
    pub relations: Vec<Relation>,
}

impl Scope {
    /// The scope of a project in `root`: `exposed` when given, else `public` in a Supabase project
    /// (its API serves that schema to every client); the relations of `prisma` (or the project's
    /// `prisma/schema.prisma`) that its database does not enforce.
    pub fn of_project(root: &Path, exposed: &[String], prisma: Option<&Path>) -> Result<Self> {
        let exposed = if exposed.is_empty() && root.join("supabase/config.toml").is_file() {
            vec!["public".to_owned()]
        } else {
            exposed.to_vec()
        };
        let default = root.join("prisma/schema.prisma");
        let path = prisma.map(Path::to_path_buf).or_else(|| default.is_file().then_some(default));
        let relations = match path {
            None => Vec::new(),
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| crate::source::file_error(&path, e))?;
                let prisma_error =
                    |e: plumb_engine::prisma::PrismaError| Error::Prisma { path: path.clone(), source: e };
                let parsed = plumb_engine::prisma::parse(&text).map_err(prisma_error)?;
                plumb_engine::prisma::emulated_relations(&parsed).map_err(prisma_error)?
            }
        };
        Ok(Self { exposed, relations })
    }
}

/// A finding with the SQL of its fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "AuditReported"))]
pub struct Reported {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// The fix's SQL in the dialect (a plan's statements for a schema change).
    pub fix_sql: Option<String>,
    /// The fix is a schema change a plan can carry (the others are run by hand).
    pub plannable: bool,
}

/// The audit of one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "AuditReport"))]
pub struct Report {
    /// The source, without password.
    pub source: String,
    /// Whether the server's facts were read (else the schema alone was judged).
    pub live: bool,
    /// The findings, by check then object.
    pub findings: Vec<Reported>,
}

/// A source audited: the schema read and what the checks found in it.
#[derive(Debug, Clone)]
pub struct Audited {
    /// The schema read.
    pub database: Database,
    /// Whether the server's facts were read.
    pub live: bool,
    /// The findings, by check then object.
    pub findings: Vec<Finding>,
}

/// How a fix is planned for `source`: a PostgreSQL index is built without blocking writes.
fn online_for(source: &Source, database: &Database) -> Option<Online> {
    database.flavor.has_schemas().then(|| crate::apply::pt_osc::online_for(source))
}

/// Audits `source` within `scope`.
pub async fn run(source: &Source, scope: &Scope) -> Result<Audited> {
    let database = source.load().await?;
    let facts = facts(source, &database, &scope.exposed, &scope.relations).await?;
    let findings = audit(&database, &facts);
    Ok(Audited { database, live: facts.live, findings })
}

impl Audited {
    /// The report of the audit of `source`: each finding with the SQL of its fix.
    pub fn report(&self, source: &Source) -> Report {
        let online = online_for(source, &self.database);
        let findings = self
            .findings
            .iter()
            .map(|finding| Reported {
                fix_sql: finding.fix.as_ref().and_then(|fix| fix.sql(&self.database, online.as_ref()).ok()),
                plannable: finding.fix.as_ref().is_some_and(Fix::plannable),
                finding: finding.clone(),
            })
            .collect();
        Report { source: source.to_string(), live: self.live, findings }
    }

    /// The findings of the checks `ids` (every check when empty); an id no check has is an error.
    pub fn chosen(&self, ids: &[String]) -> Result<Vec<&Finding>> {
        if let Some(unknown) = ids.iter().find(|id| !checks().iter().any(|c| c.id == id.as_str())) {
            return Err(Error::UnknownCheck { id: unknown.clone() });
        }
        Ok(self.findings.iter().filter(|f| ids.is_empty() || ids.iter().any(|id| id == f.id)).collect())
    }

    /// The plan of the fixes among `picked` that are schema changes, on `source` (this audit's),
    /// with its data counted for the plan's safety findings; `None` when none is a schema change.
    pub async fn fix_plan(&self, source: &Source, picked: &[&Finding]) -> Result<Option<Plan>> {
        let fixes: Vec<&Fix> = picked.iter().filter_map(|f| f.fix.as_ref()).filter(|fix| fix.plannable()).collect();
        if fixes.is_empty() {
            return Ok(None);
        }
        let database = &self.database;
        let fixed = apply_fixes(database, &fixes);
        let options = DiffOptions::default();
        let cannot = |e: plumb_engine::Error| Error::Unsupported {
            what: format!("planning the fixes of {source}: {e}"),
            hint: "run the fixes' SQL by hand, or plan them with plumb plan".into(),
        };
        let asked = probes(database, &fixed, &options).map_err(cannot)?;
        let counted = crate::live::live_facts(source, &asked).await?.facts;
        plan_with(database, &fixed, &options, online_for(source, database).as_ref(), &counted).map(Some).map_err(cannot)
    }
}
