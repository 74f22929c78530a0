//! Which migrations of a folder a database has: read from the migration tool's own table
//! (`_prisma_migrations`), compared with the folder by name and checksum.

use super::folder::{Folder, Layout};
use crate::table_rows::text_rows;
use crate::{Error, Result, Source};
use serde::Serialize;

/// Where one migration stands on a database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    /// The table the records came from (`_prisma_migrations`), or none when it does not exist yet.
    pub table: Option<String>,
    /// Every migration.
    pub entries: Vec<Entry>,
}

impl Status {
    /// Whether the database has every migration of the folder, unchanged, and nothing else.
    pub fn up_to_date(&self) -> bool {
        self.entries.iter().all(|e| e.state == State::Applied)
    }
}

/// A record of the tool's table.
struct Record {
    name: String,
    checksum: String,
    finished: bool,
    rolled_back: bool,
}

const PRISMA_TABLE: &str = "_prisma_migrations";
const PRISMA_RECORDS: &str = "SELECT migration_name, checksum, \
     CASE WHEN finished_at IS NULL THEN 'no' ELSE 'yes' END, \
     CASE WHEN rolled_back_at IS NULL THEN 'no' ELSE 'yes' END \
     FROM _prisma_migrations ORDER BY started_at, migration_name";

/// The tool's records; `None` when its table does not exist yet.
async fn records(source: &Source) -> Result<Option<Vec<Record>>> {
    let rows = text_rows(source, PRISMA_TABLE, PRISMA_RECORDS, 4).await?;
    Ok(rows.map(|rows| {
        rows.into_iter()
            .map(|row| {
                let text = |i: usize| row[i].clone().unwrap_or_default();
                Record { name: text(0), checksum: text(1), finished: text(2) == "yes", rolled_back: text(3) == "yes" }
            })
            .collect()
    }))
}

/// Compares `folder` with what `target` recorded.
pub async fn status(folder: &Folder, target: &Source) -> Result<Status> {
    if folder.layout != Layout::Prisma {
        return Err(Error::Unsupported {
            what: format!("reading the applied migrations of a {:?} folder", folder.layout),
            hint: "Plumb reads Prisma's _prisma_migrations so far".into(),
        });
    }
    let Some(records) = records(target).await? else {
        let entries = folder.migrations.iter().map(|m| Entry { name: m.name.clone(), state: State::Pending }).collect();
        return Ok(Status { table: None, entries });
    };
    let mut entries: Vec<Entry> = folder
        .migrations
        .iter()
        .map(|m| {
            // A migration rolled back and applied again has several rows: the last one counts.
            let last = records.iter().rfind(|r| r.name == m.name);
            let state = match last {
                None => State::Pending,
                Some(r) if r.rolled_back => State::Pending,
                Some(r) if !r.finished => State::Failed,
                Some(r) if r.checksum != m.sha256 => State::Modified,
                Some(_) => State::Applied,
            };
            Entry { name: m.name.clone(), state }
        })
        .collect();
    let mut missing: Vec<&str> = records
        .iter()
        .filter(|r| r.finished && !r.rolled_back && !folder.migrations.iter().any(|m| m.name == r.name))
        .map(|r| r.name.as_str())
        .collect();
    missing.dedup();
    entries.extend(missing.into_iter().map(|name| Entry { name: name.to_owned(), state: State::MissingLocally }));
    Ok(Status { table: Some(PRISMA_TABLE.to_owned()), entries })
}
