//! Which migrations of a folder a database has: read from the migration tool's own table
//! (Prisma's `_prisma_migrations`, sqlx-cli's `_sqlx_migrations`, golang-migrate's and dbmate's
//! `schema_migrations`), compared with the folder by name or version and, where the tool keeps
//! one, checksum.

use plumb_engine::dialect::Dialect;
use serde::Serialize;
use sha2::{Digest, Sha384};

use super::folder::{Folder, Layout, Migration};
use crate::table_rows::{as_text as text, text_rows};
use crate::{Error, Result, Source};

/// Where one migration stands on a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "MigrationState"))]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// Applied, and the file is what was applied.
    Applied,
    /// Not applied yet (or rolled back).
    Pending,
    /// Started and never finished: the database may hold part of it.
    Failed,
    /// Applied, but the file changed since (its checksum differs).
    Modified,
    /// Recorded as applied, but no longer in the folder.
    MissingLocally,
}

/// One migration's state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// The migration's name as the tool records it.
    pub name: String,
    /// Where it stands.
    pub state: State,
}

/// The state of every migration, in folder order, then those only the database knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The table the records came from (`_prisma_migrations`), or none when no tool's exists yet.
    pub table: Option<String>,
    /// Every migration.
    pub entries: Vec<Entry>,
}

impl Status {
    /// Whether the database has every migration of the folder, unchanged, and nothing else.
    pub fn up_to_date(&self) -> bool {
        self.entries.iter().all(|e| e.state == State::Applied)
    }

    /// How many migrations of the folder the database has not applied.
    pub fn pending(&self) -> usize {
        self.entries.iter().filter(|e| e.state == State::Pending).count()
    }
}

/// A record of the tool's table.
struct Record {
    name: String,
    /// The checksum the tool recorded, when it records one (hex).
    checksum: Option<String>,
    finished: bool,
    rolled_back: bool,
}

/// A migration tool whose table Plumb reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tool {
    /// `_prisma_migrations`: a row per attempt, SHA-256 of `migration.sql`.
    Prisma,
    /// `_sqlx_migrations`: a row per version, SHA-384 of the up file, `success`.
    Sqlx,
    /// golang-migrate's `schema_migrations`: one row, the last version and `dirty`.
    GolangMigrate,
    /// dbmate's `schema_migrations`: a row per applied version.
    Dbmate,
    /// drizzle's `__drizzle_migrations` (in the `drizzle` schema on PostgreSQL): a row per
    /// migration, SHA-256 of its file and the journal's `when` as `created_at`.
    Drizzle,
    /// Supabase's `supabase_migrations.schema_migrations`: a row per applied version.
    Supabase,
}

impl Tool {
    fn table(self, dialect: Dialect) -> &'static str {
        match self {
            Tool::Prisma => "_prisma_migrations",
            Tool::Sqlx => "_sqlx_migrations",
            Tool::GolangMigrate | Tool::Dbmate => "schema_migrations",
            Tool::Drizzle if dialect == Dialect::Postgres => "drizzle.__drizzle_migrations",
            Tool::Drizzle => "__drizzle_migrations",
            Tool::Supabase => "supabase_migrations.schema_migrations",
        }
    }

    /// The checksum of a local migration as the tool records it.
    fn checksum(self, migration: &Migration) -> Result<Option<String>> {
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        match self {
            Tool::Prisma | Tool::Drizzle => Ok(Some(migration.sha256.clone())),
            Tool::Sqlx => {
                let text =
                    std::fs::read(&migration.up).map_err(|source| Error::Io { path: migration.up.clone(), source })?;
                Ok(Some(hex(&Sha384::digest(&text))))
            }
            Tool::GolangMigrate | Tool::Dbmate | Tool::Supabase => Ok(None),
        }
    }

    /// Names compare as the tool writes them: Prisma's whole folder name, the others' version
    /// as a number (`0001` is version 1).
    fn key(self, name: &str) -> String {
        match self {
            Tool::Prisma | Tool::Drizzle => name.to_owned(),
            _ => match name.trim_start_matches('0') {
                "" => "0".to_owned(),
                digits => digits.to_owned(),
            },
        }
    }
}

fn dialect_of(target: &Source) -> Result<Dialect> {
    match target {
        Source::Postgres { .. } => Ok(Dialect::Postgres),
        Source::Mysql { .. } => Ok(Dialect::Mysql),
        Source::Sqlite { .. } => Ok(Dialect::Sqlite),
        Source::Snapshot { path } | Source::Sql { path, .. } | Source::Prisma { path, .. } => Err(Error::Unsupported {
            what: format!("reading applied migrations from the file {}", path.display()),
            hint: "name a database".into(),
        }),
    }
}

fn yes_no(condition: &str) -> String {
    format!("CASE WHEN {condition} THEN 'yes' ELSE 'no' END")
}

/// The tool's records, if its table exists.
async fn read(tool: Tool, target: &Source, dialect: Dialect) -> Result<Option<Vec<Record>>> {
    let sql = match tool {
        Tool::Prisma => format!(
            "SELECT migration_name, checksum, {}, {} FROM _prisma_migrations ORDER BY started_at, migration_name",
            yes_no("finished_at IS NOT NULL"),
            yes_no("rolled_back_at IS NOT NULL")
        ),
        Tool::Sqlx => {
            let checksum = match dialect {
                Dialect::Postgres => "encode(checksum, 'hex')".to_owned(),
                Dialect::Mysql => text(dialect, "LOWER(HEX(checksum))"),
                Dialect::Sqlite => "lower(hex(checksum))".to_owned(),
            };
            format!(
                "SELECT {}, {checksum}, {}, 'no' FROM _sqlx_migrations ORDER BY version",
                text(dialect, "version"),
                yes_no("success")
            )
        }
        Tool::GolangMigrate => {
            format!("SELECT {}, NULL, {}, 'no' FROM schema_migrations", text(dialect, "version"), yes_no("NOT dirty"))
        }
        Tool::Dbmate | Tool::Supabase => format!(
            "SELECT {}, NULL, 'yes', 'no' FROM {} ORDER BY version",
            text(dialect, "version"),
            tool.table(dialect)
        ),
        // Named by `created_at` here; `drizzle` gives them the journal's tags.
        Tool::Drizzle => format!(
            "SELECT {}, hash, 'yes', 'no' FROM {} ORDER BY created_at",
            text(dialect, "created_at"),
            tool.table(dialect)
        ),
    };
    let Some(rows) = text_rows(target, tool.table(dialect), &sql, 4).await? else { return Ok(None) };
    Ok(Some(
        rows.into_iter()
            .map(|row| {
                let text = |i: usize| row[i].clone().unwrap_or_default();
                Record {
                    name: text(0),
                    checksum: row[1].clone(),
                    finished: text(2) == "yes",
                    rolled_back: text(3) == "yes",
                }
            })
            .collect(),
    ))
}

/// The tool that recorded `folder`'s migrations on `target`, and its records; `None` when no
/// tool's table exists yet. Prisma folders are Prisma's; other folders may be sqlx-cli's,
/// golang-migrate's or dbmate's (the two share a table name; golang-migrate's has `dirty`).
async fn records(folder: &Folder, target: &Source) -> Result<Option<(Tool, Vec<Record>)>> {
    let dialect = dialect_of(target)?;
    if folder.layout == Layout::Prisma {
        return Ok(read(Tool::Prisma, target, dialect).await?.map(|r| (Tool::Prisma, r)));
    }
    if folder.layout == Layout::Drizzle {
        let Some(rows) = read(Tool::Drizzle, target, dialect).await? else { return Ok(None) };
        return Ok(Some((Tool::Drizzle, drizzle(folder, rows)?)));
    }
    if dialect == Dialect::Postgres {
        if let Some(records) = read(Tool::Supabase, target, dialect).await? {
            return Ok(Some((Tool::Supabase, records)));
        }
    }
    if let Some(records) = read(Tool::Sqlx, target, dialect).await? {
        return Ok(Some((Tool::Sqlx, records)));
    }
    match read(Tool::GolangMigrate, target, dialect).await {
        Ok(None) => Ok(None),
        Ok(Some(rows)) => Ok(Some((Tool::GolangMigrate, golang_migrate(folder, rows)))),
        // No `dirty` column: dbmate's table (the server's error comes back as a query or
        // connection error, depending on the driver's classification).
        Err(Error::Query { .. } | Error::Connect { .. }) => {
            Ok(read(Tool::Dbmate, target, dialect).await?.map(|r| (Tool::Dbmate, r)))
        }
        Err(other) => Err(other),
    }
}

/// drizzle records each migration's journal `when` as `created_at`: the journal says which
/// migration a row is. A row no journal entry matches keeps its `created_at` as its name.
fn drizzle(folder: &Folder, rows: Vec<Record>) -> Result<Vec<Record>> {
    let path = folder.path.join("meta/_journal.json");
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Io { path: path.clone(), source })?;
    let journal: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| Error::Definition { object: path.display().to_string(), reason: e.to_string() })?;
    let entries = journal["entries"].as_array().cloned().unwrap_or_default();
    let tag_of = |created_at: &str| {
        entries
            .iter()
            .find(|e| e["when"].as_u64().is_some_and(|w| w.to_string() == created_at))
            .and_then(|e| e["tag"].as_str().map(str::to_owned))
    };
    Ok(rows.into_iter().map(|r| Record { name: tag_of(&r.name).unwrap_or(r.name.clone()), ..r }).collect())
}

/// golang-migrate keeps one row, the last version applied (dirty: it failed half-way): every
/// local version up to it is applied.
fn golang_migrate(folder: &Folder, rows: Vec<Record>) -> Vec<Record> {
    let Some(last) = rows.into_iter().next() else { return Vec::new() };
    let number = |v: &str| v.parse::<u128>().unwrap_or_default();
    let mut records: Vec<Record> = folder
        .migrations
        .iter()
        .filter(|m| number(&m.version) < number(&last.name))
        .map(|m| Record { name: m.version.clone(), checksum: None, finished: true, rolled_back: false })
        .collect();
    records.push(last);
    records
}

/// Compares `folder` with what `target` recorded.
pub async fn status(folder: &Folder, target: &Source) -> Result<Status> {
    if let Some(history) = &folder.alembic {
        return super::alembic::status(history, target).await;
    }
    let Some((tool, records)) = records(folder, target).await? else {
        let entries = folder.migrations.iter().map(|m| Entry { name: m.name.clone(), state: State::Pending }).collect();
        return Ok(Status { table: None, entries });
    };
    let mut entries = Vec::new();
    for m in &folder.migrations {
        // A migration rolled back and applied again has several rows: the last one counts.
        let last = records.iter().rfind(|r| tool.key(&r.name) == tool.key(&m.name));
        let local = tool.checksum(m)?;
        let state = match last {
            None => State::Pending,
            Some(r) if r.rolled_back => State::Pending,
            Some(r) if !r.finished => State::Failed,
            Some(r) if r.checksum.is_some() && local.is_some() && r.checksum != local => State::Modified,
            Some(_) => State::Applied,
        };
        entries.push(Entry { name: m.name.clone(), state });
    }
    let mut missing: Vec<&str> = records
        .iter()
        .filter(|r| r.finished && !r.rolled_back)
        .filter(|r| !folder.migrations.iter().any(|m| tool.key(&m.name) == tool.key(&r.name)))
        .map(|r| r.name.as_str())
        .collect();
    missing.dedup();
    entries.extend(missing.into_iter().map(|name| Entry { name: name.to_owned(), state: State::MissingLocally }));
    Ok(Status { table: Some(tool.table(dialect_of(target)?).to_owned()), entries })
}
