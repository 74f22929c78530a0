//! The pending migrations of a folder as one plan (`plumb migrate deploy`): their statements as
//! its steps, each migration recorded in the tool's table right after it, the folder replayed as
//! the schema it leads to. It then goes through the same gate, lint, backups, evidence and
//! post-verification as any plan.

use plumb_engine::dialect::{quote_literal, Dialect};
use plumb_engine::model::Database;
use plumb_engine::plan::{from_scripts, script_probes, Plan, Script};

use super::{status, Folder, Layout, State};
use crate::{Error, Result, Source};

/// Prisma's table, as Prisma creates it, per dialect.
fn prisma_table(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => include_str!("prisma_table/postgres.sql"),
        Dialect::Mysql => include_str!("prisma_table/mysql.sql"),
        Dialect::Sqlite => include_str!("prisma_table/sqlite.sql"),
    }
}

fn now(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "now()",
        Dialect::Mysql => "CURRENT_TIMESTAMP(3)",
        Dialect::Sqlite => "CURRENT_TIMESTAMP",
    }
}

/// The plan that applies the folder's pending migrations to `target`, or `None` when it has
/// them all. Refused while a migration is failed, modified since it was applied, or applied but
/// gone from the folder: those need a person first.
pub async fn deploy_plan(folder: &Folder, target: &Source, shadow: Option<&url::Url>) -> Result<Option<Plan>> {
    if let Some(history) = &folder.alembic {
        return super::alembic::deploy_plan(history, &folder.path, target, shadow).await;
    }
    if folder.layout != Layout::Prisma {
        return Err(Error::Unsupported {
            what: format!("deploying a {:?} folder", folder.layout),
            hint: "Plumb records deployed migrations in Prisma's _prisma_migrations and Alembic's alembic_version; run the folder's own tool, or plan the change with plumb plan".into(),
        });
    }
    let found = status(folder, target).await?;
    if let Some(stuck) = found.entries.iter().find(|e| e.state != State::Applied && e.state != State::Pending) {
        let why = match stuck.state {
            State::Failed => "failed part-way: look at what it left, then mark it rolled back or applied",
            State::Modified => "was changed after it was applied: restore the file as it was applied",
            _ => "is recorded as applied but is not in the folder: bring the file back",
        };
        return Err(Error::Unsupported {
            what: format!("deploying while migration {} {why}", stuck.name),
            hint: "plumb migrate status shows every migration's state".into(),
        });
    }
    let pending: Vec<&str> =
        found.entries.iter().filter(|e| e.state == State::Pending).map(|e| e.name.as_str()).collect();
    if pending.is_empty() {
        return Ok(None);
    }
    let current = target.load().await?;
    let desired = Source::Sql { path: folder.path.clone(), shadow: shadow.cloned() }.load().await?;
    let dialect = current.flavor.dialect();
    let table = plumb_engine::dialect::quote_ident(dialect, "_prisma_migrations");
    let prologue = if found.table.is_none() { vec![prisma_table(dialect).trim().to_owned()] } else { Vec::new() };
    let mut scripts = Vec::new();
    for migration in folder.migrations.iter().filter(|m| pending.contains(&m.name.as_str())) {
        let read = |path: &std::path::Path| {
            std::fs::read_to_string(path).map_err(|source| Error::Io { path: path.to_owned(), source })
        };
        let id = uuid::Uuid::new_v4().to_string();
        let literal = |text: &str| quote_literal(dialect, text);
        scripts.push(Script {
            name: migration.name.clone(),
            up: read(&migration.up)?,
            down: migration.down.as_deref().map(read).transpose()?,
            record: vec![format!(
                "INSERT INTO {table} (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ({}, {}, {now}, {}, NULL, NULL, {now}, 1)",
                literal(&id),
                literal(&migration.sha256),
                literal(&migration.name),
                now = now(dialect),
            )],
            unrecord: vec![format!("DELETE FROM {table} WHERE id = {}", literal(&id))],
        });
    }
    plan_scripts(&current, &desired, &prologue, &scripts, target).await.map(Some)
}

/// The plan that runs `scripts` after `prologue` on `target` (now `current`), leading to
/// `desired`.
pub(super) async fn plan_scripts(
    current: &Database,
    desired: &Database,
    prologue: &[String],
    scripts: &[Script],
    target: &Source,
) -> Result<Plan> {
    // Counts from the target's data, as a diff plan's: what the files' drops and type changes
    // would destroy, and the row counts that tell a lock on an empty table from one on a busy one.
    let facts = crate::live::live_facts(target, &script_probes(current, scripts)).await?.facts;
    from_scripts(current, desired, prologue, scripts, &facts).map_err(|e| Error::Unsupported {
        what: e.to_string(),
        hint: "fix the migration file, or apply it with the tool that wrote it".into(),
    })
}
