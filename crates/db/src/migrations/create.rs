//! A new migration from code, like `prisma migrate dev --create-only`: the folder replayed on a
//! scratch database, the desired schema (a `schema.prisma`, or any source) built beside it, and
//! the plan between them written as the folder's next migration, with the way back beside it.

use std::path::{Path, PathBuf};

use plumb_engine::diff::DiffOptions;
use plumb_engine::model::Database;
use plumb_engine::plan::Plan;

use super::{Folder, Layout};
use crate::{Error, Result, Source};

/// A migration written to a folder.
#[derive(Debug)]
pub struct Created {
    /// The plan whose steps it holds (its findings are the migration's).
    pub plan: Plan,
    /// The files written, the forward one first.
    pub files: Vec<PathBuf>,
}

/// A migration ready to be written: what it does and the files it would write, before anything
/// is written (the window shows its findings first).
#[derive(Debug)]
pub struct Prepared {
    /// The plan whose steps it holds (its findings are the migration's).
    pub plan: Plan,
    /// Each file and its text, the forward one first.
    pub files: Vec<(PathBuf, String)>,
    /// Prisma's `migration_lock.toml` when the folder has none yet.
    pub(super) lock: Option<(PathBuf, String)>,
}

impl Prepared {
    /// Writes the files; none is written over (the version is the time: a second later, or
    /// another name).
    pub fn write(self) -> Result<Created> {
        let io = |path: &Path, source| Error::Io { path: path.to_owned(), source };
        if let Some((path, _)) = self.files.iter().find(|(path, _)| path.exists()) {
            return Err(Error::Unsupported {
                what: format!("overwriting {}", path.display()),
                hint: "wait a second (the version is the time) or pick another name".into(),
            });
        }
        for (path, text) in self.lock.iter().chain(&self.files) {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
            }
            std::fs::write(path, text).map_err(|e| io(path, e))?;
        }
        Ok(Created { plan: self.plan, files: self.files.into_iter().map(|(p, _)| p).collect() })
    }
}

/// What Prisma's `migration_lock.toml` calls the provider of `db`.
fn provider(db: &Database) -> &'static str {
    match db.flavor.dialect() {
        plumb_engine::dialect::Dialect::Postgres => "postgresql",
        plumb_engine::dialect::Dialect::Mysql => "mysql",
        plumb_engine::dialect::Dialect::Sqlite => "sqlite",
    }
}

/// The next version in `folder`: a UTC timestamp where versions are timestamps (Prisma, and
/// any folder that uses them), else the last number plus one, as wide as the others. Always
/// after the last one, so that two migrations written within a second still apply in order.
fn next_version(folder: Option<&Folder>, now: jiff::Timestamp) -> String {
    let stamp = now.strftime("%Y%m%d%H%M%S").to_string();
    let Some(last) = folder.and_then(|f| f.migrations.last()) else { return stamp };
    let Ok(last_number) = last.version.parse::<u64>() else { return stamp };
    if last.version.len() >= 12 || folder.is_some_and(|f| f.layout == Layout::Prisma) {
        let stamp_number = stamp.parse::<u64>().unwrap_or(0);
        return if stamp_number > last_number { stamp } else { (last_number + 1).to_string() };
    }
    format!("{:0width$}", last_number + 1, width = last.version.len())
}

/// Writes the migration that takes the folder at `dir` to `desired` (nothing when there is no
/// difference). The folder replays on `shadow` (SQLite when none), like any SQL source.
pub async fn create(dir: &Path, name: &str, desired: &Source, shadow: Option<&url::Url>) -> Result<Option<Created>> {
    prepare(dir, name, desired, shadow).await?.map(Prepared::write).transpose()
}

/// The migration [`create`] would write, without writing anything: `None` when the folder
/// already builds `desired`.
pub async fn prepare(dir: &Path, name: &str, desired: &Source, shadow: Option<&url::Url>) -> Result<Option<Prepared>> {
    let slug = crate::file_name::slug(name, '_');
    if slug.is_empty() {
        return Err(Error::Unsupported {
            what: format!("a migration named {name:?}"),
            hint: "name it with letters or digits: plumb migrate new add_users".into(),
        });
    }
    let folder = if dir.is_dir() { Some(Folder::read(dir)?) } else { None };
    // An Alembic history is Python: replayed through Alembic's offline mode, and the new
    // migration written as a revision following its head.
    let alembic = folder.as_ref().and_then(|f| f.alembic.as_ref());
    let head = match alembic {
        Some(history) => match history.heads().as_slice() {
            [] => None,
            [head] => Some((*head).to_owned()),
            several => {
                return Err(Error::Unsupported {
                    what: format!("a revision after the heads {} of {}", several.join(", "), dir.display()),
                    hint: "merge them first: alembic merge heads -m merge".into(),
                })
            }
        },
        None => None,
    };
    if folder.as_ref().is_some_and(|f| f.layout == Layout::Drizzle) {
        return Err(Error::Unsupported {
            what: format!("writing into drizzle's folder {}", dir.display()),
            hint: "drizzle-kit generate writes it, with its journal".into(),
        });
    }
    let replays = folder.as_ref().is_some_and(|f| !f.migrations.is_empty());
    let (current, wanted) = match replays {
        true => {
            let replayed = Source::Sql { path: dir.to_owned(), shadow: shadow.cloned() };
            crate::pair::read(&replayed, desired, &|_| {}, &|_| {}).await?
        }
        // No migration yet: the folder builds an empty database of the schema's own kind.
        false => {
            let wanted = desired.load().await?;
            (crate::replay::empty_database(wanted.flavor), wanted)
        }
    };
    if current.flavor.dialect() != wanted.flavor.dialect() {
        return Err(Error::Unsupported {
            what: format!(
                "comparing {} (replayed on {}) with {desired} ({})",
                dir.display(),
                current.flavor,
                wanted.flavor
            ),
            hint: format!("replay the folder on {} with --shadow URL", wanted.flavor),
        });
    }
    let plan =
        plumb_engine::plan::plan(&current, &wanted, &DiffOptions::default()).map_err(|e| Error::Unsupported {
            what: format!("planning {} → {desired}: {e}", dir.display()),
            hint: "write this migration by hand".into(),
        })?;
    if plan.is_empty() {
        return Ok(None);
    }
    if alembic.is_some() {
        let files = vec![super::alembic::revision::file(dir, &slug, name, head.as_deref(), &plan, desired)];
        return Ok(Some(Prepared { plan, files, lock: None }));
    }
    let version = next_version(folder.as_ref(), jiff::Timestamp::now());
    let forward = plumb_engine::plan::script(plan.flavor, &plan.steps);
    let back = match &plan.rollback_unavailable {
        Some(reason) => format!("-- No way back: {}.\n", plumb_engine::dialect::comment_text(reason)),
        None => plumb_engine::plan::script(plan.flavor, &plan.rollback),
    };
    let layout = folder.as_ref().filter(|f| !f.migrations.is_empty()).map_or(Layout::Prisma, |f| f.layout);
    let mut lock = None;
    let files = match layout {
        Layout::Prisma => {
            let path = dir.join("migration_lock.toml");
            if !path.exists() {
                let text = format!(
                    "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = \"{}\"\n",
                    provider(&wanted)
                );
                lock = Some((path, text));
            }
            let folder = dir.join(format!("{version}_{slug}"));
            vec![(folder.join("migration.sql"), forward), (folder.join("down.sql"), back)]
        }
        Layout::UpDown => vec![
            (dir.join(format!("{version}_{slug}.up.sql")), forward),
            (dir.join(format!("{version}_{slug}.down.sql")), back),
        ],
        // Plain folders have no place for the way back; it is in the plan (`plumb plan`). An
        // Alembic folder never gets here: its revision is written above.
        Layout::Plain | Layout::Drizzle | Layout::Alembic => vec![(dir.join(format!("{version}_{slug}.sql")), forward)],
    };
    Ok(Some(Prepared { plan, files, lock }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_versions_follow_the_folder() {
        assert_eq!(crate::file_name::slug(" Add users & roles!", '_'), "add_users_roles");
        let now: jiff::Timestamp = "2026-11-22T06:01:02Z".parse().unwrap();
        assert_eq!(next_version(None, now), "20261122060102");
        let dir = tempfile::tempdir().unwrap();
        for name in ["0001_init.up.sql", "0009_more.up.sql"] {
            std::fs::write(dir.path().join(name), "").unwrap();
        }
        let folder = Folder::read(dir.path()).unwrap();
        assert_eq!(next_version(Some(&folder), now), "0010");
        let prisma = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(prisma.path().join("20261122060102_init")).unwrap();
        std::fs::write(prisma.path().join("20261122060102_init/migration.sql"), "").unwrap();
        let folder = Folder::read(prisma.path()).unwrap();
        assert_eq!(next_version(Some(&folder), now), "20261122060103", "after the last, even within a second");
    }
}
