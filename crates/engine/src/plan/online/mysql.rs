//! MySQL's and MariaDB's online DDL (<https://mariadb.com/kb/en/innodb-online-ddl-overview/>,
//! <https://dev.mysql.com/doc/refman/8.0/en/innodb-online-ddl-operations.html>): every `ALTER`
//! the server can make without blocking writes states so (`ALGORITHM=INPLACE, LOCK=NONE`, which
//! MariaDB also runs instantly where it can), so that the server refuses it rather than quietly
//! copying the table. What only a copy can make (a column's type, a primary key, a check, the
//! engine) is grouped into one statement per table, handed to `pt-online-schema-change` when the
//! plan was made with it.

use super::{Cx, Planned, Run, TableCopy};
use crate::dialect::{quote_ident, Dialect, Flavor};
use crate::diff::TableChange;
use crate::lint::locks::{Algorithm, Blocks, Impact, Work};
use crate::model::{ForeignKey, Table};
use crate::plan::order::Phase;
use crate::plan::sql::{for_dialect, SqlGen};
use crate::plan::Step;
use crate::Result;

const ONLINE: &str = ", ALGORITHM=INPLACE, LOCK=NONE";
/// MySQL 8 makes an instant change in place (a rebuild) when asked for INPLACE, and takes no
/// `LOCK=` beside INSTANT; MariaDB runs INPLACE instantly where it can.
const INSTANT: &str = ", ALGORITHM=INSTANT";

fn gen() -> &'static dyn SqlGen {
    for_dialect(Flavor::Mysql)
}

fn q(name: &str) -> String {
    quote_ident(Dialect::Mysql, name)
}

fn online(phase: Phase, sql: String, description: String) -> Planned {
    Planned::new(
        phase,
        format!("{sql}{ONLINE}"),
        format!("{description} (online: in place, writes go on)"),
        Run::Transaction,
    )
}

fn instant(phase: Phase, sql: String, description: String) -> Planned {
    Planned::new(phase, format!("{sql}{INSTANT}"), format!("{description} (online: instant)"), Run::Transaction)
}

pub(super) fn table_change(
    cx: &Cx<'_>,
    schema: &str,
    current: &Table,
    desired: &Table,
    change: &TableChange,
) -> Option<Result<Vec<Planned>>> {
    let g = gen();
    let t = desired.name.as_str();
    // A key or an AUTO_INCREMENT changing: MySQL checks them only after a whole ALTER TABLE, so
    // the table's changes stay one statement.
    let numbered = |table: &Table| {
        table.columns.iter().filter(|c| c.identity.is_some()).map(|c| c.name.clone()).collect::<Vec<String>>()
    };
    if current.primary_key != desired.primary_key || numbered(current) != numbered(desired) {
        return None;
    }
    match change {
        TableChange::AddForeignKey { key } if cx.flavor == Flavor::Mariadb => {
            return Some(add_foreign_key(schema, t, key, "add foreign key to"));
        }
        TableChange::ModifyForeignKey { from, to } if cx.flavor == Flavor::Mariadb => {
            return Some((|| {
                let drop = g.drop_foreign_key(schema, t, from)?;
                let mut out =
                    vec![online(Phase::DropForeignKeys, drop, format!("drop foreign key of {t} to re-create it"))];
                out.extend(add_foreign_key(schema, t, to, "re-create foreign key of")?);
                Ok(out)
            })());
        }
        _ => {}
    }
    // What the server can do in place, as the linter judges it: one judgement for both.
    let ops = crate::lint::table_change_ops(schema, t, change, &[]);
    let algorithm = crate::lint::locks::strongest(&ops, cx.lint).and_then(|i| i.algorithm);
    // A table's comment is only metadata, whatever the linter has to say about it.
    let metadata = matches!(change, TableChange::ModifyComment { .. });
    if !metadata && (ops.is_empty() || algorithm == Some(Algorithm::Copy)) {
        return None;
    }
    let (phase, sqls, description) = match change {
        TableChange::AddColumn { column } => {
            (Phase::Tables, g.add_column(schema, t, column).map(|s| vec![s]), format!("add column {t}.{}", column.name))
        }
        TableChange::DropColumn { column } => (
            Phase::Tables,
            Ok(vec![g.drop_column(schema, t, &column.name)]),
            format!("drop column {t}.{}", column.name),
        ),
        TableChange::RenameColumn { from, to } => {
            (Phase::Tables, Ok(vec![g.rename_column(schema, t, from, to)]), format!("rename column {t}.{from} to {to}"))
        }
        TableChange::ModifyColumn { from, to, aspects } => (
            Phase::Tables,
            g.modify_column(schema, desired, from, to, aspects, None),
            format!("change column {t}.{}", to.name),
        ),
        TableChange::AddIndex { index } => {
            (Phase::AddKeys, g.create_index(schema, t, index).map(|s| vec![s]), format!("create index {}", index.name))
        }
        TableChange::DropIndex { index } => {
            (Phase::DropKeys, Ok(vec![g.drop_index(schema, t, index)]), format!("drop index {}", index.name))
        }
        TableChange::RenameIndex { from, to } => {
            (Phase::AddKeys, g.rename_index(schema, t, from, to), format!("rename index {from} to {}", to.name))
        }
        TableChange::AddUnique { constraint } => (
            Phase::AddKeys,
            g.add_unique(schema, t, constraint).map(|s| vec![s]),
            format!("add unique constraint to {t}"),
        ),
        TableChange::DropUnique { constraint } => (
            Phase::DropKeys,
            g.drop_unique(schema, t, constraint).map(|s| vec![s]),
            format!("drop unique constraint of {t}"),
        ),
        TableChange::DropForeignKey { key } => (
            Phase::DropForeignKeys,
            g.drop_foreign_key(schema, t, key).map(|s| vec![s]),
            format!("drop foreign key of {t}"),
        ),
        TableChange::ModifyComment { to, .. } => {
            (Phase::Tables, g.table_comment(schema, t, to.as_deref()).map(|s| vec![s]), format!("comment on table {t}"))
        }
        _ => return None,
    };
    let how = match (cx.flavor, algorithm) {
        (Flavor::Mysql, Some(Algorithm::Instant)) => instant,
        _ => online,
    };
    Some(sqls.map(|sqls| sqls.into_iter().map(|sql| how(phase, sql, description.clone())).collect()))
}

/// MariaDB adds a foreign key in place only without checking the rows already there
/// (`foreign_key_checks=0` for that statement alone, MariaDB's `SET STATEMENT … FOR`); the step
/// after it counts the rows that break it, and the run fails if any does.
fn add_foreign_key(schema: &str, table: &str, key: &ForeignKey, what: &str) -> Result<Vec<Planned>> {
    let add = gen().add_foreign_key(schema, table, key)?;
    let parent = match &key.referenced_schema {
        Some(other) if other != schema => format!("{}.{}", q(other), q(&key.referenced_table)),
        _ => q(&key.referenced_table),
    };
    let not_null: Vec<String> = key.columns.iter().map(|c| format!("c.{} IS NOT NULL", q(c))).collect();
    let matches: Vec<String> =
        key.columns.iter().zip(&key.referenced_columns).map(|(c, p)| format!("p.{} = c.{}", q(p), q(c))).collect();
    let orphans = format!(
        "SELECT COUNT(*) FROM {} AS c WHERE {} AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {})",
        q(table),
        not_null.join(" AND "),
        matches.join(" AND ")
    );
    Ok(vec![
        Planned::new(
            Phase::AddForeignKeys,
            format!("SET STATEMENT foreign_key_checks=0 FOR {add}{ONLINE}"),
            format!("{what} {table} (online: in place, the existing rows are checked next)"),
            Run::Transaction,
        ),
        Planned::new(
            Phase::AddForeignKeys,
            orphans,
            format!("check that every row of {table} has its {} row", key.referenced_table),
            Run::Verify {
                failure: format!(
                    "rows of {table} whose {} has no row in {}",
                    key.columns.join(", "),
                    key.referenced_table
                ),
            },
        ),
    ])
}

/// The table's changes that need a copy, run by `pt-online-schema-change` when the plan was made
/// with it and the tool can copy this table: a primary key to walk, no triggers (it adds its
/// own), no foreign keys (it renames them on the copy).
pub(super) fn table_copy(cx: &Cx<'_>, schema: &str, current: &Table, step: &Step) -> Option<Step> {
    if !cx.online.pt_online_schema_change {
        return None;
    }
    let prefix = format!("ALTER TABLE {} ", q(&current.name));
    let clauses = step.sql.strip_prefix(&prefix)?;
    let referenced = cx.from.schemas.iter().flat_map(|s| &s.tables).any(|t| {
        t.foreign_keys
            .iter()
            .any(|f| f.referenced_table == current.name && f.referenced_schema.as_deref().is_none_or(|s| s == schema))
    });
    let triggers =
        cx.from.schemas.iter().filter(|s| s.name == schema).flat_map(|s| &s.triggers).any(|t| t.table == current.name);
    // pt-online-schema-change 3.2 refuses to change a primary key (`--check-alter`) and does not
    // carry CHECK constraints over to its copy.
    let checks = !current.checks.is_empty() || clauses.contains("CHECK");
    if current.primary_key.is_none()
        || !current.foreign_keys.is_empty()
        || referenced
        || triggers
        || checks
        || clauses.contains("PRIMARY KEY")
        || clauses.contains("FOREIGN KEY")
        || step.sql.contains(";\n")
    {
        return None;
    }
    Some(Step {
        description: format!(
            "{} (online: pt-online-schema-change copies the table in chunks beside the application)",
            step.description
        ),
        run: Run::TableCopy(TableCopy { table: current.name.clone(), alter: clauses.to_owned() }),
        // The copy takes row locks chunk by chunk; the swap, a metadata lock for a moment.
        impact: Some(Impact {
            lock: Some("metadata lock, for a moment at the swap".into()),
            blocks: Blocks::Nothing,
            work: Work::Rewrite,
            algorithm: None,
        }),
        ..step.clone()
    })
}
