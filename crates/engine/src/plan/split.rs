//! Expand now, contract later: one change split into two plans around a deploy of the
//! application (`plumb plan --split`). The expand plan only adds and relaxes, so the version of
//! the application still running keeps working; the contract plan removes and tightens, to be
//! applied once the new version runs everywhere.
//!
//! The schema between the two is the desired one with what the old version may still use put
//! back: tables, columns, views, routines, triggers, types and sequences the change drops, and
//! the NULLs it writes (a column the change makes NOT NULL, a new NOT NULL column without a
//! default, and a dropped column, stay nullable until the contract).

use crate::diff::{diff, DiffOptions, SchemaChange, TableChange};
use crate::model::{Column, Database, Schema, Table};
use crate::{Error, Result};

/// The schema between the expand and the contract plan of `from` → `to`: `to` when the change
/// neither removes nor tightens anything.
pub fn expanded(from: &Database, to: &Database, options: &DiffOptions) -> Result<Database> {
    if !options.renames.is_empty() {
        // The old version reads the old name, the new version the new one: no schema serves both
        // without writing to both, which Plumb does not do yet.
        return Err(Error::UnsupportedChange {
            what: "splitting a plan with renames into expand and contract (plan the renames on their own)".into(),
        });
    }
    let changes = diff(from, to, options)?;
    let mut mid = to.clone();
    for change in &changes.changes {
        match change {
            SchemaChange::DropSchema { name } => {
                if let Some(schema) = from.schemas.iter().find(|s| s.name == *name) {
                    mid.schemas.push(schema.clone());
                }
            }
            SchemaChange::DropTable { schema, table } => schema_of(&mut mid, schema).tables.push(table.clone()),
            SchemaChange::DropView { schema, view } => schema_of(&mut mid, schema).views.push(view.clone()),
            SchemaChange::DropTrigger { schema, trigger } => schema_of(&mut mid, schema).triggers.push(trigger.clone()),
            SchemaChange::DropRoutine { schema, routine } => schema_of(&mut mid, schema).routines.push(routine.clone()),
            SchemaChange::DropEnum { schema, enum_type } => schema_of(&mut mid, schema).enums.push(enum_type.clone()),
            SchemaChange::DropDomain { schema, domain } => schema_of(&mut mid, schema).domains.push(domain.clone()),
            SchemaChange::DropSequence { schema, sequence } => {
                schema_of(&mut mid, schema).sequences.push(sequence.clone());
            }
            SchemaChange::DropExtension { extension } => mid.extensions.push(extension.clone()),
            SchemaChange::ModifyTable { schema, table, changes } => {
                let Some(kept) = schema_of(&mut mid, schema).tables.iter_mut().find(|t| t.name == *table) else {
                    continue;
                };
                for change in changes {
                    relax(kept, change);
                }
            }
            _ => {}
        }
    }
    mid.canonicalize();
    Ok(mid)
}

/// The table between expand and contract for one of its changes.
fn relax(table: &mut Table, change: &TableChange) {
    let primary: Vec<String> = table.primary_key.iter().flat_map(|k| k.columns.clone()).collect();
    let nullable = |column: &mut Column| {
        // The old version does not write it: it must accept rows without it.
        if !column.nullable && column.default.is_none() && !primary.contains(&column.name) {
            column.nullable = true;
        }
    };
    match change {
        TableChange::DropColumn { column } => {
            let mut kept = column.clone();
            nullable(&mut kept);
            table.columns.push(kept);
        }
        TableChange::AddColumn { column } => {
            if let Some(added) = table.columns.iter_mut().find(|c| c.name == column.name) {
                nullable(added);
            }
        }
        TableChange::ModifyColumn { from, to, .. } if from.nullable && !to.nullable => {
            if let Some(kept) = table.columns.iter_mut().find(|c| c.name == to.name) {
                kept.nullable = true;
            }
        }
        _ => {}
    }
}

/// The schema `name` of `db`, added empty if the change created it.
fn schema_of<'a>(db: &'a mut Database, name: &str) -> &'a mut Schema {
    match db.schemas.iter().position(|s| s.name == name) {
        Some(i) => &mut db.schemas[i],
        None => {
            db.schemas.push(Schema::new(name));
            db.schemas.last_mut().expect("just pushed")
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model::test_support::sample_database;

    #[test]
    fn the_schema_between_keeps_what_the_old_version_uses_and_accepts_its_rows() {
        let from = sample_database();
        let mut to = from.clone();
        let users = to.schemas[0].tables.iter_mut().find(|t| t.name == "users").unwrap();
        let dropped = users.columns.iter().find(|c| c.name == "status").unwrap().clone();
        users.columns.retain(|c| c.name != "status");
        users.indexes.retain(|i| i.name != "users_status_idx");
        let mut required = users.columns[1].clone();
        required.name = "required_note".into();
        required.nullable = false;
        required.default = None;
        required.comment = None;
        users.columns.push(required);
        let mid = super::expanded(&from, &to, &Default::default()).unwrap();
        let users = mid.schemas[0].tables.iter().find(|t| t.name == "users").unwrap();
        assert_eq!(
            users.column("status").map(|c| &c.column_type),
            Some(&dropped.column_type),
            "the dropped column stays"
        );
        assert!(users.column("required_note").unwrap().nullable, "the old version does not write the new column");
        assert!(users.index("users_status_idx").is_none(), "an index is not the old version's to keep");
        let expand = crate::plan::plan(&from, &mid, &Default::default()).unwrap();
        assert!(expand.steps.iter().all(|s| s.data_loss.is_none()), "expanding loses nothing");
        let contract = crate::plan::plan(&mid, &to, &Default::default()).unwrap();
        assert!(contract.steps.iter().any(|s| s.sql.contains("DROP COLUMN \"status\"")), "{:#?}", contract.steps);
        assert!(contract.steps.iter().any(|s| s.sql.contains("SET NOT NULL")), "the contract tightens");
        // Nothing removed or tightened: nothing to contract.
        assert_eq!(super::expanded(&from, &from, &Default::default()).unwrap().fingerprint(), from.fingerprint());
    }
}
