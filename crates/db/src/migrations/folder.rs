//! Migrations folders as the tools of the field lay them out, read into one list ordered as the
//! tool applies them:
//!
//! - Prisma: `prisma/migrations/<timestamp>_<name>/migration.sql`;
//! - golang-migrate, sqlx-cli, dbmate-style pairs: `<version>_<name>.up.sql` / `.down.sql`;
//! - plain files ordered by their version prefix: `migrations/0001_init.sql`,
//!   `supabase/migrations/20240101000000_init.sql`, Flyway's `V1__init.sql`;
//! - drizzle: `drizzle/0000_name.sql` with `meta/_journal.json`;
//! - Alembic: `alembic/versions/<id>_<name>.py`, read without running Python (see [`super::alembic`]).

use std::path::{Path, PathBuf};

use plumb_engine::dialect::Dialect;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// Which tool's layout a folder follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "MigrationsLayout"))]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// `<timestamp>_<name>/migration.sql`.
    Prisma,
    /// `<version>_<name>.up.sql` with an optional `.down.sql`.
    UpDown,
    /// `<version>_<name>.sql` (Supabase, Flyway `V<n>__`, plain folders).
    Plain,
    /// drizzle-kit: `<nnnn>_<name>.sql` and `meta/_journal.json`.
    Drizzle,
    /// Alembic: `versions/<id>_<name>.py`, ordered by their `down_revision`s.
    Alembic,
}

/// One migration of a folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Migration {
    /// The name the tool records (`20240101120000_init` for Prisma, the version elsewhere).
    pub name: String,
    /// The version prefix, for ordering (`20240101120000`, `0001`, `1`).
    pub version: String,
    /// The file that migrates up.
    pub up: PathBuf,
    /// The file that migrates down, when the layout has one.
    pub down: Option<PathBuf>,
    /// SHA-256 of the up file, hex (Prisma's checksum).
    pub sha256: String,
}

/// A migrations folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Folder {
    /// The folder.
    pub path: PathBuf,
    /// Its layout.
    pub layout: Layout,
    /// Its migrations, in the order they apply.
    pub migrations: Vec<Migration>,
    /// An Alembic folder's revision graph, read once with the folder: its heads, and what a
    /// database's `alembic_version` means.
    #[serde(skip)]
    pub alembic: Option<super::alembic::History>,
}

/// Where projects keep migrations, searched in this order when no folder is named.
pub const KNOWN_FOLDERS: &[&str] =
    &["prisma/migrations", "supabase/migrations", "drizzle", "alembic/versions", "migrations", "db/migrations"];

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io { path: path.to_owned(), source }
}

fn sha256(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| io(path, e))?;
    Ok(Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect())
}

/// The leading version of a file or folder name: digits (`0001_init` → `0001`), or Flyway's
/// `V12__name` → `12`.
fn version_of(name: &str) -> Option<String> {
    let rest = name.strip_prefix('V').filter(|r| r.contains("__")).unwrap_or(name);
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

fn invalid(path: &Path, reason: String) -> Error {
    Error::Definition { object: format!("migrations folder {}", path.display()), reason }
}

impl Folder {
    /// The dialect the folder is written for, where it says so: Prisma's `migration_lock.toml`
    /// names its provider, Alembic's `alembic.ini` its `sqlalchemy.url`.
    pub fn dialect(&self) -> Option<Dialect> {
        #[derive(serde::Deserialize)]
        struct Lock {
            provider: String,
        }
        if self.layout == Layout::Alembic {
            return super::alembic::offline::dialect_of_ini(&self.path);
        }
        let text = std::fs::read_to_string(self.path.join("migration_lock.toml")).ok()?;
        match toml::from_str::<Lock>(&text).ok()?.provider.as_str() {
            "postgresql" | "postgres" | "cockroachdb" => Some(Dialect::Postgres),
            "mysql" => Some(Dialect::Mysql),
            "sqlite" => Some(Dialect::Sqlite),
            _ => None,
        }
    }

    /// Where the first known migrations folder under `root` is, if there is one.
    pub fn locate(root: &Path) -> Option<PathBuf> {
        KNOWN_FOLDERS.iter().map(|f| root.join(f)).find(|p| p.is_dir())
    }

    /// The first known migrations folder under `root`.
    pub fn find(root: &Path) -> Result<Self> {
        match Self::locate(root) {
            Some(path) => Self::read(&path),
            None => {
                Err(invalid(root, format!("none of {} is here: name the folder with --dir", KNOWN_FOLDERS.join(", "))))
            }
        }
    }

    /// Reads a migrations folder, recognizing its layout.
    pub fn read(path: &Path) -> Result<Self> {
        if super::alembic::is_versions_folder(path) {
            // In the order Alembic applies them; their names are the files'.
            let history = super::alembic::History::read(path)?;
            let migrations = history
                .revisions
                .iter()
                .map(|r| {
                    let name = r.file.file_stem().map_or_else(|| r.id.clone(), |s| s.to_string_lossy().into_owned());
                    let (version, up) = (r.id.clone(), r.file.clone());
                    Ok(Migration { sha256: sha256(&r.file)?, name, version, up, down: None })
                })
                .collect::<Result<Vec<_>>>()?;
            return Ok(Self { path: path.to_owned(), layout: Layout::Alembic, migrations, alembic: Some(history) });
        }
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(path).map_err(|e| io(path, e))?.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let prisma: Vec<&PathBuf> = entries.iter().filter(|p| p.join("migration.sql").is_file()).collect();
        let (layout, mut migrations) = if !prisma.is_empty() {
            let migrations = prisma
                .iter()
                .map(|dir| {
                    let up = dir.join("migration.sql");
                    let n = name(dir);
                    let version = version_of(&n).ok_or_else(|| invalid(dir, format!("{n}: no timestamp prefix")))?;
                    let down = Some(dir.join("down.sql")).filter(|d| d.is_file());
                    Ok(Migration { sha256: sha256(&up)?, name: n, version, up, down })
                })
                .collect::<Result<Vec<_>>>()?;
            (Layout::Prisma, migrations)
        } else if entries.iter().any(|p| name(p).ends_with(".up.sql")) {
            let migrations = entries
                .iter()
                .filter(|p| name(p).ends_with(".up.sql"))
                .map(|up| {
                    let n = name(up).trim_end_matches(".up.sql").to_owned();
                    let version = version_of(&n).ok_or_else(|| invalid(up, format!("{n}: no version prefix")))?;
                    let down = Some(up.with_file_name(format!("{n}.down.sql"))).filter(|d| d.is_file());
                    Ok(Migration { sha256: sha256(up)?, name: version.clone(), version, up: up.clone(), down })
                })
                .collect::<Result<Vec<_>>>()?;
            (Layout::UpDown, migrations)
        } else {
            let layout = if path.join("meta/_journal.json").is_file() { Layout::Drizzle } else { Layout::Plain };
            let migrations = entries
                .iter()
                .filter(|p| p.is_file() && name(p).ends_with(".sql"))
                .map(|file| {
                    let n = name(file).trim_end_matches(".sql").to_owned();
                    let version = version_of(&n).ok_or_else(|| {
                        invalid(file, format!("{n}.sql has no version prefix: name it like 0001_{n}.sql"))
                    })?;
                    let recorded = if layout == Layout::Drizzle { n.clone() } else { version.clone() };
                    Ok(Migration { sha256: sha256(file)?, name: recorded, version, up: file.clone(), down: None })
                })
                .collect::<Result<Vec<_>>>()?;
            (layout, migrations)
        };
        // Versions compare as numbers where lengths differ (`2_b` after `10_a` is wrong as text).
        migrations.sort_by(|a, b| (a.version.len(), &a.version, &a.name).cmp(&(b.version.len(), &b.version, &b.name)));
        if let Some(pair) = migrations.windows(2).find(|w| w[0].version == w[1].version && layout != Layout::Prisma) {
            return Err(invalid(
                path,
                format!(
                    "two migrations have version {}: {} and {}",
                    pair[0].version,
                    pair[0].up.display(),
                    pair[1].up.display()
                ),
            ));
        }
        Ok(Self { path: path.to_owned(), layout, migrations, alembic: None })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path, names: &[&str]) {
        for name in names {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, format!("-- {name}\n")).unwrap();
        }
    }

    #[test]
    fn recognizes_each_layout_and_orders_by_version() {
        let dir = tempfile::tempdir().unwrap();
        let prisma = dir.path().join("prisma/migrations");
        files(&prisma, &["20240102000000_b/migration.sql", "20240101000000_a/migration.sql", "migration_lock.toml"]);
        let read = Folder::find(dir.path()).unwrap();
        assert_eq!(read.layout, Layout::Prisma);
        assert_eq!(read.dialect(), None, "a lock file without a provider says nothing");
        std::fs::write(prisma.join("migration_lock.toml"), "provider = \"postgresql\"\n").unwrap();
        assert_eq!(Folder::find(dir.path()).unwrap().dialect(), Some(Dialect::Postgres));
        let names: Vec<&str> = read.migrations.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["20240101000000_a", "20240102000000_b"]);
        assert_eq!(read.migrations[0].sha256, format!("{:x}", Sha256::digest(b"-- 20240101000000_a/migration.sql\n")));

        let updown = dir.path().join("updown");
        files(&updown, &["10_c.up.sql", "10_c.down.sql", "2_b.up.sql", "1_a.up.sql"]);
        let read = Folder::read(&updown).unwrap();
        assert_eq!(read.layout, Layout::UpDown);
        assert_eq!(
            read.migrations.iter().map(|m| m.version.as_str()).collect::<Vec<_>>(),
            ["1", "2", "10"],
            "numeric order"
        );
        assert!(read.migrations[2].down.is_some() && read.migrations[0].down.is_none());

        let plain = dir.path().join("plain");
        files(&plain, &["V2__more.sql", "V1__init.sql", "README.md"]);
        assert_eq!(
            Folder::read(&plain).unwrap().migrations.iter().map(|m| m.version.as_str()).collect::<Vec<_>>(),
            ["1", "2"]
        );

        let drizzle = dir.path().join("drizzle");
        files(&drizzle, &["0000_init.sql", "0001_users.sql", "meta/_journal.json"]);
        let read = Folder::read(&drizzle).unwrap();
        assert_eq!((read.layout, read.migrations[1].name.as_str()), (Layout::Drizzle, "0001_users"));
    }

    #[test]
    fn mistakes_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        files(dir.path(), &["init.sql"]);
        let err = Folder::read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("init.sql has no version prefix"), "{err}");
        let twice = tempfile::tempdir().unwrap();
        files(twice.path(), &["1_a.sql", "1_b.sql"]);
        assert!(Folder::read(twice.path()).unwrap_err().to_string().contains("two migrations have version 1"));
        let none = tempfile::tempdir().unwrap();
        assert!(Folder::find(none.path()).unwrap_err().to_string().contains("name the folder with --dir"));
    }
}
