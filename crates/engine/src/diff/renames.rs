//! Renames: the ones the user confirmed are applied to the current schema before matching, so the
//! rest of the diff sees the new names; the ones that only look likely are reported.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::change::{PossibleRename, RenameKind, SchemaChange, TableChange};
use super::Rename;
use crate::model::{Database, IndexKey, Schema};
use crate::{Error, Result};

/// Applies the confirmed renames to `from`: returns it renamed, and the rename changes (table
/// renames first, then column renames inside a `ModifyTable` each).
pub(super) fn apply<'a>(
    from: Cow<'a, Database>,
    to: &Database,
    renames: &[Rename],
) -> Result<(Cow<'a, Database>, Vec<SchemaChange>)> {
    // Without renames the current schema is read as it is: no copy of a 2,000-table model.
    if renames.is_empty() {
        return Ok((from, Vec::new()));
    }
    let mut from = from.into_owned();
    let mut tables = Vec::new();
    let mut columns: BTreeMap<(String, String), Vec<TableChange>> = BTreeMap::new();
    // Table renames first, so that a column rename may name its table by the new name.
    let (table_renames, column_renames): (Vec<&Rename>, Vec<&Rename>) =
        renames.iter().partition(|r| resolve_table(&from, to, r).is_some());
    for rename in table_renames {
        let (schema, old, new) = resolve_table(&from, to, rename).expect("partitioned as a table rename");
        rename_table(&mut from, &schema, &old, &new);
        tables.push(SchemaChange::RenameTable { schema, from: old, to: new });
    }
    for rename in column_renames {
        let (schema, table, old, new) = resolve_column(&from, to, rename).ok_or_else(|| Error::UnknownRename {
            rename: format!("{}={}", rename.from.join("."), rename.to.join(".")),
            reason:
                "no table or column by that name exists on the current side and by the new name on the desired side"
                    .into(),
        })?;
        rename_column(&mut from, &schema, &table, &old, &new);
        columns.entry((schema, table)).or_default().push(TableChange::RenameColumn { from: old, to: new });
    }
    let mut changes = tables;
    changes.extend(columns.into_iter().map(|((schema, table), changes)| SchemaChange::ModifyTable {
        schema,
        table,
        changes,
    }));
    Ok((Cow::Owned(from), changes))
}

/// Folds the rename changes into the diff's own `ModifyTable` changes, renames first.
pub(super) fn merge(renames: Vec<SchemaChange>, changes: Vec<SchemaChange>) -> Vec<SchemaChange> {
    let mut out: Vec<SchemaChange> = Vec::with_capacity(renames.len() + changes.len());
    let mut pending: Vec<SchemaChange> = Vec::new();
    for change in renames {
        match change {
            SchemaChange::ModifyTable { .. } => pending.push(change),
            other => out.push(other),
        }
    }
    for change in changes {
        match change {
            SchemaChange::ModifyTable { schema, table, changes } => {
                let mut merged = Vec::new();
                pending.retain_mut(|p| match p {
                    SchemaChange::ModifyTable { schema: s, table: t, changes: renamed }
                        if *s == schema && *t == table =>
                    {
                        merged.append(renamed);
                        false
                    }
                    _ => true,
                });
                merged.extend(changes);
                out.push(SchemaChange::ModifyTable { schema, table, changes: merged });
            }
            other => out.push(other),
        }
    }
    out.extend(pending);
    out
}

fn schema<'a>(db: &'a Database, name: &str) -> Option<&'a Schema> {
    db.schemas.iter().find(|s| s.name == name)
}

/// The schemas a path may mean: the named one, or every schema when the path has none.
fn schemas_for<'a>(db: &'a Database, named: Option<&str>) -> Vec<&'a Schema> {
    match named {
        Some(name) => schema(db, name).into_iter().collect(),
        None => db.schemas.iter().collect(),
    }
}

/// `table=new` or `schema.table=schema.new`, when `table` exists only in `from` and `new` only in
/// `to`, in the same schema.
fn resolve_table(from: &Database, to: &Database, rename: &Rename) -> Option<(String, String, String)> {
    let (schema_name, old, new) = match (rename.from.as_slice(), rename.to.as_slice()) {
        ([old], [new]) => (None, old, new),
        ([s, old], [t, new]) if s == t => (Some(s.as_str()), old, new),
        _ => return None,
    };
    let mut found = schemas_for(from, schema_name).into_iter().filter(|s| {
        s.table(old).is_some()
            && s.table(new).is_none()
            && schema(to, &s.name).is_some_and(|t| t.table(new).is_some() && t.table(old).is_none())
    });
    let schema = found.next()?;
    found.next().is_none().then(|| (schema.name.clone(), old.clone(), new.clone()))
}

/// `table.column=table.new` (the table by its current or desired name), optionally schema-qualified.
fn resolve_column(from: &Database, to: &Database, rename: &Rename) -> Option<(String, String, String, String)> {
    let (schema_name, table, old, new) = match (rename.from.as_slice(), rename.to.as_slice()) {
        ([t1, old], [t2, new]) if t1 == t2 => (None, t1, old, new),
        ([s1, t1, old], [s2, t2, new]) if s1 == s2 && t1 == t2 => (Some(s1.as_str()), t1, old, new),
        _ => return None,
    };
    let mut found = schemas_for(from, schema_name).into_iter().filter(|s| {
        s.table(table).is_some_and(|t| t.column(old).is_some() && t.column(new).is_none())
            && schema(to, &s.name)
                .and_then(|t| t.table(table))
                .is_some_and(|t| t.column(new).is_some() && t.column(old).is_none())
    });
    let schema = found.next()?;
    found.next().is_none().then(|| (schema.name.clone(), table.clone(), old.clone(), new.clone()))
}

/// Renames a table and everything that names it: foreign keys pointing at it, its triggers.
fn rename_table(db: &mut Database, schema_name: &str, old: &str, new: &str) {
    for schema in &mut db.schemas {
        let here = schema.name == schema_name;
        for table in &mut schema.tables {
            if here && table.name == old {
                table.name = new.to_owned();
            }
            for fk in &mut table.foreign_keys {
                let target_schema = fk.target_schema(&schema.name);
                if target_schema == schema_name && fk.referenced_table == old {
                    fk.referenced_table = new.to_owned();
                }
            }
        }
        if here {
            for trigger in schema.triggers.iter_mut().filter(|t| t.table == old) {
                trigger.table = new.to_owned();
            }
        }
    }
    db.canonicalize();
}

/// Renames a column and everything that names it: keys, indexes, foreign keys pointing at it,
/// triggers' `UPDATE OF` lists. Expressions (checks, index expressions) are text and stay as they
/// are; if they name the column, they show up as modified.
fn rename_column(db: &mut Database, schema_name: &str, table_name: &str, old: &str, new: &str) {
    let rename = |names: &mut Vec<String>| names.iter_mut().filter(|n| *n == old).for_each(|n| *n = new.to_owned());
    for schema in &mut db.schemas {
        let here = schema.name == schema_name;
        for table in &mut schema.tables {
            if here && table.name == table_name {
                table.columns.iter_mut().filter(|c| c.name == old).for_each(|c| c.name = new.to_owned());
                if let Some(pk) = &mut table.primary_key {
                    rename(&mut pk.columns);
                }
                table.unique_constraints.iter_mut().for_each(|u| rename(&mut u.columns));
                table.foreign_keys.iter_mut().for_each(|fk| rename(&mut fk.columns));
                for index in &mut table.indexes {
                    rename(&mut index.include);
                    for part in &mut index.parts {
                        if let IndexKey::Column(name) = &mut part.key {
                            if name == old {
                                *name = new.to_owned();
                            }
                        }
                    }
                }
            }
            for fk in &mut table.foreign_keys {
                let target_schema = fk.target_schema(&schema.name);
                if target_schema == schema_name && fk.referenced_table == table_name {
                    rename(&mut fk.referenced_columns);
                }
            }
        }
        if here {
            schema.triggers.iter_mut().filter(|t| t.table == table_name).for_each(|t| rename(&mut t.update_columns));
        }
    }
}

/// How alike two names are, from 0 (nothing shared) to 1 (equal): 1 minus the edit distance over
/// the longer length, case-insensitive.
fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.to_lowercase().chars().collect(), b.to_lowercase().chars().collect());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    1.0 - previous[b.len()] as f64 / longest as f64
}

/// Names this alike (or more) make a dropped and an added object of the same shape a likely rename.
const SIMILAR: f64 = 0.5;

/// Dropped and added tables with the same columns, and dropped and added columns of the same type
/// and nullability, whose names are alike (or that are the only such pair in their table).
pub(super) fn possible(changes: &[SchemaChange]) -> Vec<PossibleRename> {
    let mut out = Vec::new();
    for dropped in changes {
        let SchemaChange::DropTable { schema, table: old } = dropped else { continue };
        for added in changes {
            let SchemaChange::AddTable { schema: s, table: new } = added else { continue };
            let shape = |t: &crate::model::Table| {
                t.columns.iter().map(|c| (c.name.clone(), c.column_type.raw.clone())).collect::<Vec<_>>()
            };
            if s == schema && shape(old) == shape(new) {
                out.push(PossibleRename {
                    kind: RenameKind::Table,
                    schema: schema.clone(),
                    table: None,
                    from: old.name.clone(),
                    to: new.name.clone(),
                    confirm: format!("--rename {}.{}={}.{}", schema, old.name, schema, new.name),
                });
            }
        }
    }
    for change in changes {
        let SchemaChange::ModifyTable { schema, table, changes } = change else { continue };
        let dropped: Vec<_> = changes
            .iter()
            .filter_map(|c| match c {
                TableChange::DropColumn { column } => Some(column),
                _ => None,
            })
            .collect();
        let added: Vec<_> = changes
            .iter()
            .filter_map(|c| match c {
                TableChange::AddColumn { column } => Some(column),
                _ => None,
            })
            .collect();
        for old in &dropped {
            let same_shape: Vec<_> =
                added.iter().filter(|new| new.column_type == old.column_type && new.nullable == old.nullable).collect();
            for new in &same_shape {
                if same_shape.len() == 1 && dropped.len() == 1 || similarity(&old.name, &new.name) >= SIMILAR {
                    out.push(PossibleRename {
                        kind: RenameKind::Column,
                        schema: schema.clone(),
                        table: Some(table.clone()),
                        from: old.name.clone(),
                        to: new.name.clone(),
                        confirm: format!("--rename {table}.{}={table}.{}", old.name, new.name),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_is_one_minus_relative_edit_distance() {
        assert_eq!(similarity("name", "name"), 1.0);
        assert!((similarity("full_name", "fullname") - 8.0 / 9.0).abs() < 1e-9);
        assert!(similarity("email", "address") < SIMILAR);
        assert!(similarity("Users", "users") == 1.0, "case does not count");
    }
}
