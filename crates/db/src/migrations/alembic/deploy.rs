//! The pending revisions of an Alembic history as one plan (`plumb migrate deploy --dir
//! alembic/versions`): each revision's SQL as Alembic's offline mode writes it for the target's
//! dialect, then `alembic_version` moved as Alembic moves it (the revisions it follows out,
//! itself in), through the same gate, lint, backups and post-verification as any plan.

use std::collections::BTreeSet;
use std::path::Path;

use plumb_engine::dialect::{quote_literal, Dialect};
use plumb_engine::plan::{Plan, Script};

use super::offline::{self, Section};
use super::History;
use crate::migrations::deploy::plan_scripts;
use crate::{Error, Result, Source};

/// `alembic_version` as Alembic creates it.
const CREATE_VERSION_TABLE: &str =
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))";

fn insert(dialect: Dialect, id: &str) -> String {
    format!("INSERT INTO alembic_version (version_num) VALUES ({})", quote_literal(dialect, id))
}

fn delete(dialect: Dialect, id: &str) -> String {
    format!("DELETE FROM alembic_version WHERE version_num = {}", quote_literal(dialect, id))
}

/// The section of `sections` that leads to `id` alone.
fn section_to<'a>(sections: &'a [Section], id: &str, versions: &Path) -> Result<&'a Section> {
    sections.iter().find(|s| s.to.len() == 1 && s.to[0] == id).ok_or_else(|| Error::Definition {
        object: format!("Alembic history {}", versions.display()),
        reason: format!("Alembic's offline SQL has no part for revision {id}"),
    })
}

/// The plan that applies the history's pending revisions to `target`, or `None` when it has them
/// all. Refused while the database records a revision the folder does not have.
pub(in crate::migrations) async fn deploy_plan(
    history: &History,
    versions: &Path,
    target: &Source,
    shadow: Option<&url::Url>,
) -> Result<Option<Plan>> {
    // alembic_version read once: what is applied, and the heads the records below move.
    let rows = super::current(target).await?;
    let recorded = rows.as_deref().unwrap_or_default();
    let (applied, unknown) = history.applied(recorded);
    if let Some(unknown) = unknown.first() {
        return Err(Error::Unsupported {
            what: format!(
                "deploying while the database records revision {unknown}, which {} does not have",
                versions.display()
            ),
            hint:
                "bring the revision file back (git log -- alembic/versions), or stamp the database with alembic stamp"
                    .into(),
        });
    }
    let mut heads: BTreeSet<String> = recorded.iter().cloned().collect();
    let pending: Vec<_> = history.revisions.iter().filter(|r| !applied.contains(&r.id)).collect();
    if pending.is_empty() {
        return Ok(None);
    }
    let current = target.load().await?;
    let dialect = current.flavor.dialect();
    let downgrades: Vec<String> =
        pending.iter().map(|r| format!("{}:{}", r.id, r.down.first().map_or("base", String::as_str))).collect();
    let sql = offline::run(versions, dialect, "heads", &downgrades)?;
    let ups = offline::sections(&sql.upgrade, dialect)?;
    let desired = Source::Sql { path: versions.to_owned(), shadow: shadow.cloned() }.load().await?;
    let prologue = if rows.is_none() { vec![CREATE_VERSION_TABLE.to_owned()] } else { Vec::new() };
    let mut scripts = Vec::new();
    for (revision, downgrade) in pending.iter().zip(&sql.downgrades) {
        let up = section_to(&ups, &revision.id, versions)?;
        let down = offline::sections(downgrade, dialect)?;
        let down = down.iter().find(|s| s.from.len() == 1 && s.from[0] == revision.id).map(|s| s.sql.clone());
        // alembic_version holds the heads: the revisions this one follows leave it (those that
        // are there), it comes in; the way back puts back exactly what left.
        let left: Vec<String> = revision.down.iter().filter(|d| heads.remove(*d)).cloned().collect();
        heads.insert(revision.id.clone());
        let mut record: Vec<String> = left.iter().map(|d| delete(dialect, d)).collect();
        record.push(insert(dialect, &revision.id));
        let mut unrecord = vec![delete(dialect, &revision.id)];
        unrecord.extend(left.iter().map(|d| insert(dialect, d)));
        let name = revision.file.file_stem().map_or_else(|| revision.id.clone(), |s| s.to_string_lossy().into_owned());
        scripts.push(Script { name, up: up.sql.clone(), down: Some(down.unwrap_or_default()), record, unrecord });
    }
    plan_scripts(&current, &desired, &prologue, &scripts, target).await.map(Some)
}
