//! Alembic's own offline mode, the only way Plumb gets SQL out of revisions written in Python:
//! `alembic upgrade heads --sql` (and `downgrade REV:DOWN --sql`) run by the project's Python
//! with the dialect Plumb needs. Plumb never imports a revision itself; when Alembic is not
//! installed, it says what to install.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use plumb_engine::dialect::Dialect;
use serde::Deserialize;

use crate::{Error, Result};

/// The SQL Alembic wrote: the whole upgrade to every head, and each downgrade asked for.
#[derive(Debug, Deserialize)]
pub struct Offline {
    /// `upgrade heads --sql` from an empty database.
    pub upgrade: String,
    /// Each `downgrade FROM:TO --sql`, in the order asked.
    pub downgrades: Vec<String>,
}

/// One revision's part of an offline script: what follows Alembic's `-- Running upgrade A -> B`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The revisions it goes to (`B`; several when a downgrade undoes a merge).
    pub to: Vec<String>,
    /// The revisions it comes from.
    pub from: Vec<String>,
    /// Its statements, without Alembic's own bookkeeping (`alembic_version`, `BEGIN`, `COMMIT`),
    /// each ended by `;`.
    pub sql: String,
}

fn unavailable(versions: &Path, why: String) -> Error {
    Error::ToolMissing {
        what: format!("reading the SQL of the Alembic history {} (alembic upgrade heads --sql)", versions.display()),
        tool: format!("Alembic ({why})"),
        install: "install it for the project's Python (pip install alembic, in the project's virtualenv), \
            or point PLUMB_PYTHON at a python that has it"
            .into(),
    }
}

/// The folder holding `alembic.ini`: the versions folder's parent (`script_location`, when the
/// ini sits in it) or the one above, as `alembic init` lays a project out.
fn ini_of(versions: &Path) -> Option<PathBuf> {
    versions.ancestors().skip(1).take(2).map(|dir| dir.join("alembic.ini")).find(|ini| ini.is_file())
}

/// The dialect `alembic.ini` names in `sqlalchemy.url` (`postgresql+psycopg://…`), if it names one.
pub fn dialect_of_ini(versions: &Path) -> Option<Dialect> {
    let text = std::fs::read_to_string(ini_of(versions)?).ok()?;
    let url =
        text.lines().find_map(|l| l.trim().strip_prefix("sqlalchemy.url"))?.trim_start().strip_prefix('=')?.trim();
    let scheme = url.split([':', '+']).next()?.to_ascii_lowercase();
    match scheme.as_str() {
        "postgresql" | "postgres" => Some(Dialect::Postgres),
        "mysql" | "mariadb" => Some(Dialect::Mysql),
        "sqlite" => Some(Dialect::Sqlite),
        _ => None,
    }
}

/// The Python to run: `PLUMB_PYTHON`, else the project's virtualenv, else `python3`.
fn python(project: &Path) -> PathBuf {
    if let Some(chosen) = std::env::var_os("PLUMB_PYTHON").filter(|p| !p.is_empty()) {
        return chosen.into();
    }
    [".venv", "venv"]
        .iter()
        .map(|venv| project.join(venv).join("bin/python"))
        .find(|p| p.is_file())
        .unwrap_or_else(|| "python3".into())
}

/// A URL Alembic takes the dialect from (offline mode opens no connection).
fn dialect_url(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "postgresql://plumb@offline/plumb",
        Dialect::Mysql => "mysql://plumb@offline/plumb",
        Dialect::Sqlite => "sqlite://",
    }
}

/// Runs Alembic offline on the history in `versions` for `dialect`: the upgrade to `upgrade`
/// (`heads`) and each of `downgrades` (`c3:a1`).
pub fn run(versions: &Path, dialect: Dialect, upgrade: &str, downgrades: &[String]) -> Result<Offline> {
    let versions = &std::path::absolute(versions).map_err(|e| crate::source::file_error(versions, e))?;
    let script_location = versions.parent().unwrap_or(versions);
    let ini = ini_of(versions);
    let project = ini.as_deref().and_then(Path::parent).unwrap_or(script_location);
    let request = serde_json::json!({
        "ini": ini,
        "script_location": script_location,
        "url": dialect_url(dialect),
        "upgrade": upgrade,
        "downgrades": downgrades,
    });
    let python = python(project);
    let _span =
        tracing::info_span!("alembic offline", python = %python.display(), upgrade, downgrades = downgrades.len())
            .entered();
    let mut child = Command::new(&python)
        .arg("-c")
        .arg(include_str!("offline.py"))
        .current_dir(project)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| unavailable(versions, format!("{} did not start: {e}", python.display())))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(request.to_string().as_bytes())
            .map_err(|e| unavailable(versions, format!("{} did not read its request: {e}", python.display())))?;
    }
    let output = child.wait_with_output().map_err(|e| unavailable(versions, e.to_string()))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if output.status.code() == Some(3) && stderr.starts_with("NO-ALEMBIC") {
        return Err(unavailable(versions, format!("{} cannot import alembic", python.display())));
    }
    if !output.status.success() {
        // Alembic's own words: a revision that fails to import, a bad env.py.
        let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim();
        return Err(Error::Definition {
            object: format!("Alembic history {}", versions.display()),
            reason: format!("alembic upgrade {upgrade} --sql failed: {last}"),
        });
    }
    serde_json::from_slice(&output.stdout).map_err(|e| Error::Definition {
        object: format!("Alembic history {}", versions.display()),
        reason: format!("Alembic's offline output was not read: {e}"),
    })
}

/// The revisions of one side of `A, B -> C`.
fn ids(side: &str) -> Vec<String> {
    side.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Whether a statement is Alembic's bookkeeping rather than the revision's own.
fn bookkeeping(statement: &str) -> bool {
    let upper = statement.trim().to_ascii_uppercase();
    upper == "BEGIN" || upper == "COMMIT" || upper.contains("ALEMBIC_VERSION")
}

/// The sections of an offline script, each revision's statements apart.
pub fn sections(script: &str, dialect: Dialect) -> Result<Vec<Section>> {
    let mut sections: Vec<(Vec<String>, Vec<String>, String)> = Vec::new();
    for line in script.lines() {
        let marker = line.strip_prefix("-- Running upgrade ").or_else(|| line.strip_prefix("-- Running downgrade "));
        match (marker.and_then(|m| m.split_once("->")), sections.last_mut()) {
            (Some((from, to)), _) => sections.push((ids(from), ids(to), String::new())),
            (None, Some((_, _, text))) => {
                text.push_str(line);
                text.push('\n');
            }
            // Before the first revision: the version table's creation.
            (None, None) => {}
        }
    }
    sections
        .into_iter()
        .map(|(from, to, text)| {
            let statements =
                plumb_engine::lint::sql_file::statements(&text, dialect).map_err(|e| Error::Definition {
                    object: format!("Alembic's SQL for revision {}", to.join(", ")),
                    reason: e.to_string(),
                })?;
            let sql =
                statements.into_iter().map(|(_, s)| s).filter(|s| !bookkeeping(s)).map(|s| format!("{s};\n")).collect();
            Ok(Section { from, to, sql })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offline_script_splits_into_each_revisions_own_statements() {
        let script = "BEGIN;\n\nCREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL);\n\n-- Running upgrade  -> a1\n\nCREATE TABLE users (id INTEGER);\n\nINSERT INTO alembic_version (version_num) VALUES ('a1');\n\n-- Running upgrade b2, c3 -> d4\n\nDELETE FROM alembic_version WHERE alembic_version.version_num = 'b2';\n\nCOMMIT;\n";
        let found = sections(script, Dialect::Postgres).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].from.len(), found[0].to.as_slice()), (0, ["a1".to_owned()].as_slice()));
        assert_eq!(found[0].sql, "CREATE TABLE users (id INTEGER);\n");
        assert_eq!(found[1].from, ["b2", "c3"]);
        assert_eq!(found[1].sql, "", "a merge does nothing of its own");
    }
}
