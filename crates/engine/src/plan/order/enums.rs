//! Enum types whose labels change: added in place, committed before a later statement uses a
//! new label; removed or reordered by a new type that takes the old one's name.

use super::super::online;
use super::super::online::Run;
use super::super::sql::SqlGen;
use super::phase::{Phase, Phases};
use crate::dialect::{quote_ident, quote_literal, Dialect};
use crate::diff::ColumnAspect;
use crate::model::{Column, Database, EnumType, Table};
use crate::{Error, Result};

/// Places the statements that turn enum `from` into `to`; returns the tables (`schema`, `name`)
/// whose columns of the type change under the views reading them.
pub(super) fn modify_enum(
    p: &mut Phases,
    gen: &dyn SqlGen,
    schema: &str,
    (from, to): (&EnumType, &EnumType),
    (current, desired): (&Database, &Database),
) -> Result<Vec<(String, String)>> {
    if to.only_adds_to(from) {
        let description = format!("add labels to enum {schema}.{}", to.name);
        // PostgreSQL refuses a label added in the same transaction that uses it: committed
        // apart when the desired schema uses one (always in an online plan, where nothing waits).
        let used = to
            .labels
            .iter()
            .filter(|l| !from.labels.contains(l))
            .any(|l| uses_text(desired, &quote_literal(p.dialect(), l)));
        let run = match p.online.is_some() || used {
            true => online::enum_labels_run(p.dialect()),
            false => Run::Transaction,
        };
        for sql in gen.modify_enum(schema, from, to)? {
            p.push_run(Phase::Prepare, sql, description.clone(), run.clone());
        }
        return Ok(Vec::new());
    }
    if let Some(user) = signature_user((current, desired), (schema, &to.name), p.dialect()) {
        return Err(Error::UnsupportedChange {
            what: format!(
                "removing or reordering labels of enum {schema}.{}, which {user} uses (drop it, change the enum, re-create it)",
                to.name
            ),
        });
    }
    let swap = gen.swap_enum(schema, from, to)?;
    p.push(Phase::SwapTypes, swap.set_aside, format!("set enum {schema}.{} aside to replace it", from.name));
    p.push(Phase::SwapTypes, swap.create, format!("create enum {schema}.{} with its new labels", to.name));
    let mut tables = Vec::new();
    for (table_schema, table, column) in columns_of(desired, (schema, &to.name), p.dialect()) {
        let Some(old) = super::schema(current, table_schema).and_then(|s| s.table(&table.name)) else {
            continue; // A new table is created with the new type.
        };
        let Some(old_column) = old.columns.iter().find(|c| c.name == column.name) else { continue };
        let sqls = gen.modify_column(
            table_schema,
            table,
            old_column,
            column,
            &[ColumnAspect::Type, ColumnAspect::Default],
            None,
        )?;
        let ops: Vec<_> = sqls.iter().flat_map(|sql| crate::lint::sql_file::operations(sql, p.dialect())).collect();
        p.on(Some(format!("{table_schema}.{}", table.name)), &ops);
        p.push_all(
            Phase::Tables,
            sqls,
            &format!("cast column {}.{} to the new enum {}", table.name, column.name, to.name),
        );
        tables.push((table_schema.to_owned(), table.name.clone()));
    }
    p.on(Some(format!("{schema}.{}", to.name)), &[]);
    // After the routines and domains that go, which may name it.
    p.push(Phase::DropSequencesAndExtensions, swap.drop, format!("drop the old enum {schema}.{}", from.name));
    Ok(tables)
}

/// The names a column's type may give an enum `schema.name`, with or without its schema.
fn is_type(raw: &str, (schema, name): (&str, &str), dialect: Dialect) -> bool {
    let base = raw.trim_end_matches("[]");
    let quoted = quote_ident(dialect, name);
    [
        name.to_owned(),
        quoted.clone(),
        format!("{schema}.{name}"),
        format!("{schema}.{quoted}"),
        format!("{}.{quoted}", quote_ident(dialect, schema)),
    ]
    .iter()
    .any(|candidate| candidate == base)
}

/// The columns of the desired schema whose type is the enum (or an array of it).
fn columns_of<'a>(
    db: &'a Database,
    (schema, name): (&'a str, &'a str),
    dialect: Dialect,
) -> impl Iterator<Item = (&'a str, &'a Table, &'a Column)> {
    db.schemas.iter().flat_map(move |s| {
        s.tables.iter().flat_map(move |t| {
            t.columns
                .iter()
                .filter(move |c| is_type(&c.column_type.raw, (schema, name), dialect))
                .map(move |c| (s.name.as_str(), t, c))
        })
    })
}

/// A domain or routine of `current` that stays in `desired` and whose definition names the enum:
/// the old type cannot be dropped under it. (Those that go are dropped before the old type; those
/// that come are created with the new one.)
fn signature_user(
    (current, desired): (&Database, &Database),
    (schema, name): (&str, &str),
    dialect: Dialect,
) -> Option<String> {
    let kept =
        |s: &str, find: &dyn Fn(&crate::model::Schema) -> bool| desired.schemas.iter().any(|d| d.name == s && find(d));
    current.schemas.iter().find_map(|s| {
        let domain = s
            .domains
            .iter()
            .filter(|d| kept(&s.name, &|other| other.domains.iter().any(|o| o.name == d.name)))
            .find(|d| is_type(&d.data_type, (schema, name), dialect))
            .map(|d| format!("domain {}.{}", s.name, d.name));
        domain.or_else(|| {
            s.routines
                .iter()
                .filter(|r| {
                    kept(&s.name, &|other| {
                        other.routines.iter().any(|o| o.name == r.name && o.arguments == r.arguments)
                    })
                })
                .find(|r| {
                    let signature = format!("{},{}", r.arguments, r.returns.as_deref().unwrap_or_default());
                    signature.split([',', ' ', '(', ')']).any(|word| is_type(word, (schema, name), dialect))
                })
                .map(|r| format!("routine {}.{}", s.name, r.name))
        })
    })
}

/// Whether a default, check, view or routine of `db` holds `text`.
fn uses_text(db: &Database, text: &str) -> bool {
    db.schemas.iter().any(|s| {
        s.tables.iter().any(|t| {
            t.columns.iter().any(|c| c.default.as_deref().is_some_and(|d| d.contains(text)))
                || t.checks.iter().any(|c| c.expression.contains(text))
        }) || s.views.iter().any(|v| v.definition.contains(text))
            || s.routines.iter().any(|r| r.definition.contains(text))
    })
}
