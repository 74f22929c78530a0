//! DB-003: an index that another one (or a key) makes useless: the same, or a prefix of it.

use super::{tables, ALL_DIALECTS};
use crate::audit::{qualified, Check, Facts, Fix, Problem, Severity};
use crate::model::{Database, Index, IndexPart, Table};

pub(super) static CHECK: Check = Check {
    id: "DB-003",
    name: "redundant-index",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "An index duplicates another index or key, or is a prefix of one.",
    why: "Every write updates it for nothing: the other index answers the same lookups (a \
          B-tree on (a, b) serves lookups on a). It takes space, memory and write time.",
    run,
};

/// Whether `b` finds rows as `a` does (same predicate and method) and `a` carries no extra
/// columns (`INCLUDE`) that make it worth keeping.
fn same_kind(a: &Index, b: &Index) -> bool {
    // A key's index, and an index of no stated method, are B-trees.
    let method = |i: &Index| i.method.as_deref().unwrap_or("btree").to_ascii_lowercase();
    a.predicate == b.predicate && method(a) == method(b) && a.include.is_empty()
}

/// The keys a table's primary key and unique constraints are indexed on, as indexes.
fn key_indexes(table: &Table) -> Vec<(String, Index)> {
    let as_index = |name: String, columns: &[String]| {
        let mut index = Index::new(name.clone(), columns.iter().map(IndexPart::column).collect());
        index.unique = true;
        (name, index)
    };
    table
        .primary_key
        .iter()
        .map(|pk| as_index(pk.name.clone().unwrap_or_else(|| "the primary key".into()), &pk.columns))
        .chain(table.unique_constraints.iter().map(|u| {
            as_index(u.name.clone().unwrap_or_else(|| format!("unique ({})", u.columns.join(", "))), &u.columns)
        }))
        .collect()
}

fn run(database: &Database, _: &Facts) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (schema, table) in tables(database) {
        let keys = key_indexes(table);
        let others: Vec<(&str, &Index, bool)> = keys
            .iter()
            .map(|(n, i)| (n.as_str(), i, true))
            .chain(table.indexes.iter().map(|i| (i.name.as_str(), i, false)))
            .collect();
        for index in &table.indexes {
            let redundant_by = |(name, other, key): &&(&str, &Index, bool)| {
                let n = index.parts.len();
                if *name == index.name
                    || !same_kind(index, other)
                    || other.parts.len() < n
                    || other.parts[..n] != index.parts[..]
                {
                    return false;
                }
                let equal = other.parts.len() == n;
                // A unique index enforces something only an equal unique one (or key) also does.
                if index.unique && !(equal && other.unique) {
                    return false;
                }
                // Of two interchangeable indexes, the one named later goes.
                if equal && !key && other.unique == index.unique {
                    return index.name.as_str() > *name;
                }
                true
            };
            if let Some((name, other, _)) = others.iter().find(redundant_by) {
                let how = if other.parts.len() == index.parts.len() { "duplicates" } else { "is a prefix of" };
                problems.push(Problem {
                    object: format!("{}.{}", qualified(&schema.name, &table.name), index.name),
                    message: format!("index {} on {} {how} {name}", index.name, qualified(&schema.name, &table.name)),
                    fix: Some(Fix::DropIndex {
                        schema: schema.name.clone(),
                        table: table.name.clone(),
                        index: index.name.clone(),
                    }),
                });
            }
        }
    }
    problems
}
