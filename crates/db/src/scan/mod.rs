//! `plumb scan`: the application's code against a database. Source files are read with real
//! parsers (tree-sitter's TypeScript and Python grammars; SQL strings with sqlparser) for every
//! place that names a table or column — raw SQL and tagged templates, Prisma client calls mapped
//! through `@map`/`@@map`, Drizzle tables — and each name the database lacks is reported with
//! its file, line and column and the closest name it has. Nothing is run.

mod code;
mod files;
mod prisma_models;
mod python;
mod sql_refs;
mod typescript;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use plumb_engine::dialect::Dialect;
use plumb_engine::model::Database;
use serde::Serialize;

use code::{At, CodeRef};
use prisma_models::Models;
use sql_refs::{SqlRef, Written};

use crate::{Error, Result, Source};

/// What kind of name is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ScanMissingKind"))]
#[serde(rename_all = "kebab-case")]
pub enum Missing {
    /// A table (or view).
    Table,
    /// A column of a table that exists.
    Column,
    /// A Prisma client model `schema.prisma` does not have.
    PrismaModel,
    /// A field of a Prisma model `schema.prisma` does not have.
    PrismaField,
}

/// How the code named it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ScanVia"))]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// A SQL string or tagged template.
    Sql,
    /// A Prisma client call.
    Prisma,
    /// A Drizzle table definition.
    Drizzle,
}

/// A name the code uses and the database lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ScanFinding"))]
pub struct Finding {
    /// The file, as found under the scanned path.
    pub file: String,
    /// Line, from 1.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub line: u64,
    /// Column, from 1.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub column: u64,
    /// What is missing.
    pub missing: Missing,
    /// Its name (`users.nickname`, `profiles`, `User.avatarUrl → users.avatar_url`).
    pub name: String,
    /// The closest name the database (or schema) has.
    pub closest: Option<String>,
    /// The database's table the missing name belongs to, when that table exists.
    pub table: Option<String>,
    /// How the code named it.
    pub via: Via,
}

/// What a scan found.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ScanReport"))]
pub struct Report {
    /// The database scanned against.
    pub against: String,
    /// Source files read.
    pub files: usize,
    /// Names of tables and columns found in them.
    pub references: usize,
    /// SQL strings the parser could not read (fragments, a dialect's corners): not checked.
    pub unread: usize,
    /// Each name the database lacks, by file and place.
    pub missing: Vec<Finding>,
    /// Columns no code mentions (`table.column`), when asked.
    pub unused: Option<Vec<String>>,
}

impl Report {
    /// The same report with each file named from `base` when it is under it (the folder a
    /// command runs in, the project's root in the window).
    pub fn relative_to(mut self, base: &Path) -> Self {
        for finding in &mut self.missing {
            if let Ok(inside) = Path::new(&finding.file).strip_prefix(base) {
                finding.file = inside.display().to_string();
            }
        }
        self
    }
}

/// The closest of `candidates` to `name`, when one is close enough to be a likely meaning.
fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let name = name.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&name, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_owned())
}

/// The database's tables and views, for looking names up.
struct Catalog<'a> {
    db: &'a Database,
}

/// A table found: its schema, its name, its columns (`None` for a view: not known).
struct Found<'a> {
    name: &'a str,
    columns: Option<Vec<&'a str>>,
}

impl<'a> Catalog<'a> {
    fn table(&self, schema: Option<&Written>, name: &Written) -> Option<Found<'a>> {
        for s in &self.db.schemas {
            if schema.is_some_and(|w| !w.is(&s.name)) {
                continue;
            }
            if let Some(t) = s.tables.iter().find(|t| name.is(&t.name)) {
                return Some(Found {
                    name: &t.name,
                    columns: Some(t.columns.iter().map(|c| c.name.as_str()).collect()),
                });
            }
            if let Some(v) = s.views.iter().find(|v| name.is(&v.name)) {
                return Some(Found { name: &v.name, columns: None });
            }
        }
        None
    }

    fn names(&self) -> impl Iterator<Item = &'a str> {
        self.db
            .schemas
            .iter()
            .flat_map(|s| s.tables.iter().map(|t| t.name.as_str()).chain(s.views.iter().map(|v| v.name.as_str())))
    }
}

fn plain(name: &str) -> Written {
    Written { text: name.to_owned(), quoted: false, at: (1, 1) }
}

/// Checks what one file names against `db`; mentioned columns go to `used`.
struct Checker<'a> {
    catalog: Catalog<'a>,
    models: &'a Models,
    dialect: Dialect,
    used: BTreeSet<(String, String)>,
    references: usize,
    unread: usize,
    missing: Vec<Finding>,
}

impl Checker<'_> {
    fn miss(
        &mut self,
        at: (&str, At),
        missing: Missing,
        name: String,
        closest: Option<String>,
        table: Option<&str>,
        via: Via,
    ) {
        let (file, at) = at;
        let table = table.map(str::to_owned);
        let finding =
            Finding { file: file.to_owned(), line: at.line, column: at.column, missing, name, closest, table, via };
        self.missing.push(finding);
    }

    fn column(&mut self, file: &str, at: At, table: &Written, column: &Written, via: Via) {
        self.references += 1;
        let Some(found) = self.catalog.table(None, table) else { return };
        let Some(columns) = found.columns else { return };
        match columns.iter().find(|c| column.is(c)) {
            Some(c) => {
                self.used.insert((found.name.to_owned(), (*c).to_owned()));
            }
            None => {
                let closest = closest(&column.text, columns.iter().copied()).map(|c| format!("{}.{c}", found.name));
                let name = format!("{}.{}", found.name, column.text);
                self.miss((file, at), Missing::Column, name, closest, Some(found.name), via);
            }
        }
    }

    fn table(&mut self, file: &str, at: At, schema: Option<&Written>, table: &Written, via: Via) {
        self.references += 1;
        if self.catalog.table(schema, table).is_none() {
            let closest = closest(&table.text, self.catalog.names());
            let name = schema.map_or_else(|| table.text.clone(), |s| format!("{}.{}", s.text, table.text));
            self.miss((file, at), Missing::Table, name, closest, None, via);
        }
    }

    fn sql(&mut self, file: &str, text: &str, start: At) {
        let Some(refs) = sql_refs::references(text, self.dialect) else {
            self.unread += 1;
            return;
        };
        let place = |w: &Written| start.inside(w.at.0, w.at.1);
        for r in refs {
            match r {
                SqlRef::Table { schema, table } => self.table(file, place(&table), schema.as_ref(), &table, Via::Sql),
                SqlRef::Column { table, column } => self.column(file, place(&column), &table, &column, Via::Sql),
                SqlRef::ColumnOfAny { tables, column } => {
                    self.references += 1;
                    let found: Vec<Found<'_>> = tables.iter().filter_map(|t| self.catalog.table(None, t)).collect();
                    // A missing table is reported as such; a view's columns are not known.
                    if found.len() < tables.len() || found.iter().any(|f| f.columns.is_none()) {
                        continue;
                    }
                    let owner = found.iter().find_map(|f| {
                        f.columns.as_ref()?.iter().find(|c| column.is(c)).map(|c| (f.name.to_owned(), (*c).to_owned()))
                    });
                    match owner {
                        Some(used) => {
                            self.used.insert(used);
                        }
                        None => {
                            let every: Vec<String> = found
                                .iter()
                                .flat_map(|f| f.columns.iter().flatten().map(move |c| format!("{}.{c}", f.name)))
                                .collect();
                            let candidates = every.iter().map(|c| c.split_once('.').map_or(c.as_str(), |(_, c)| c));
                            let best = closest(&column.text, candidates);
                            let closest =
                                best.and_then(|b| every.iter().find(|e| e.ends_with(&format!(".{b}"))).cloned());
                            let owner_names: Vec<&str> = found.iter().map(|f| f.name).collect();
                            let name = format!("{}.{}", owner_names.join("|"), column.text);
                            let table = owner_names.first().copied();
                            self.miss((file, place(&column)), Missing::Column, name, closest, table, Via::Sql);
                        }
                    }
                }
            }
        }
    }

    fn code(&mut self, file: &str, found: Vec<CodeRef>) {
        for r in found {
            match r {
                CodeRef::Sql { text, at } => self.sql(file, &text, at),
                CodeRef::Table { name, at } => self.table(file, at, None, &plain(&name), Via::Drizzle),
                CodeRef::Column { table, column, at } => {
                    self.column(file, at, &plain(&table), &plain(&column), Via::Drizzle)
                }
                CodeRef::PrismaModel { client, at } => {
                    self.references += 1;
                    match self.models.get(&client) {
                        None => {
                            let closest = closest(&client, self.models.clients());
                            let name = format!("prisma.{client}");
                            self.miss((file, at), Missing::PrismaModel, name, closest, None, Via::Prisma);
                        }
                        Some(model) => {
                            let table = model.table.clone();
                            self.table(file, at, None, &plain(&table), Via::Prisma);
                        }
                    }
                }
                CodeRef::PrismaField { model, field, at } => {
                    let Some(m) = self.models.get(&model) else { continue };
                    match m.fields.get(&field) {
                        Some(prisma_models::Field::Scalar { column }) => {
                            let (table, column, name) = (m.table.clone(), column.clone(), m.name.clone());
                            let before = self.missing.len();
                            self.column(file, at, &plain(&table), &plain(&column), Via::Prisma);
                            if let Some(added) = self.missing.get_mut(before) {
                                added.name = format!("{name}.{field} → {}", added.name);
                            }
                        }
                        Some(prisma_models::Field::Relation { .. }) => self.references += 1,
                        // Without a schema.prisma, a key that is not a column may be a relation.
                        None if !self.models.from_schema => {}
                        None => {
                            self.references += 1;
                            let closest = closest(&field, m.fields.keys().map(String::as_str));
                            let name = format!("{}.{field}", m.name);
                            let table = self.catalog.table(None, &plain(&m.table)).map(|f| f.name);
                            self.miss((file, at), Missing::PrismaField, name, closest, table, Via::Prisma);
                        }
                    }
                }
            }
        }
    }
}

/// Scans the source files under `paths` against `db`, with the Prisma client's names from
/// `prisma` (a `schema.prisma`) when given.
pub fn scan(paths: &[PathBuf], db: &Database, against: &str, prisma: Option<&Path>, unused: bool) -> Result<Report> {
    let models = match prisma {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| crate::source::file_error(path, e))?;
            let schema =
                plumb_engine::prisma::parse(&text).map_err(|source| Error::Prisma { path: path.to_owned(), source })?;
            Models::from_prisma(&schema)
        }
        None => Models::from_database(db),
    };
    let mut checker = Checker {
        catalog: Catalog { db },
        models: &models,
        dialect: db.flavor.dialect(),
        used: BTreeSet::new(),
        references: 0,
        unread: 0,
        missing: Vec::new(),
    };
    let sources = files::sources(paths)?;
    for path in &sources {
        let text = std::fs::read_to_string(path).map_err(|e| crate::source::file_error(path, e))?;
        let found = match path.extension().and_then(|e| e.to_str()) {
            Some("py") => python::read(&text),
            _ => typescript::read(path, &text, &models),
        };
        let Some(found) = found else { continue };
        let _span = tracing::debug_span!("scan file", file = %path.display(), references = found.len()).entered();
        checker.code(&path.display().to_string(), found);
    }
    let unused = unused.then(|| {
        db.schemas
            .iter()
            .flat_map(|s| &s.tables)
            .flat_map(|t| t.columns.iter().map(move |c| (t.name.clone(), c.name.clone())))
            .filter(|key| !checker.used.contains(key))
            .map(|(t, c)| format!("{t}.{c}"))
            .collect()
    });
    let mut missing = checker.missing;
    missing.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    Ok(Report {
        against: against.to_owned(),
        files: sources.len(),
        references: checker.references,
        unread: checker.unread,
        missing,
        unused,
    })
}

/// Loads `against` and scans the code under `paths` (see [`scan`]).
pub async fn run(paths: &[PathBuf], against: &Source, prisma: Option<&Path>, unused: bool) -> Result<Report> {
    let db = against.load().await?;
    scan(paths, &db, &against.to_string(), prisma, unused)
}
