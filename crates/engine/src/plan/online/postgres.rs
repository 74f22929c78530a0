//! PostgreSQL's online statements (<https://www.postgresql.org/docs/current/sql-altertable.html>):
//! which lock each takes is in the notes of `ALTER TABLE`, `CREATE INDEX CONCURRENTLY` and
//! `VALIDATE CONSTRAINT`.

use super::{helper_name, mentions, new_column_name, Backfill, Cx, Planned, Run};
use crate::diff::{ColumnAspect, TableChange};
use crate::lint::locks::pg_binary_coercible;
use crate::lint::rules::narrows;
use crate::model::{CheckConstraint, Column, ForeignKey, Index, IndexKey, IndexPart, Table, TypeKind};
use crate::plan::order::Phase;
use crate::plan::sql::postgres::{
    check_clause, comment, deferrable, foreign_key_statement, index_statement, no_cast, q, qualified,
};
use crate::plan::sql::{for_dialect, SqlGen};
use crate::Result;

// The ordering phases these statements go in.
const DROP_FOREIGN_KEYS: Phase = Phase::DropForeignKeys;
const DROP_KEYS: Phase = Phase::DropKeys;
const COLUMNS: Phase = Phase::Tables;
const ADD_KEYS: Phase = Phase::AddKeys;
const ADD_FOREIGN_KEYS: Phase = Phase::AddForeignKeys;

fn gen() -> &'static dyn SqlGen {
    for_dialect(crate::dialect::Flavor::Postgres)
}

/// Enum labels added outside a transaction commit at once, before a later step uses them.
pub(super) fn enum_labels_run() -> Run {
    Run::Alone { cleanup: None }
}

pub(super) fn table_change(
    cx: &Cx<'_>,
    schema: &str,
    current: &Table,
    desired: &Table,
    change: &TableChange,
) -> Option<Result<Vec<Planned>>> {
    let t = desired.name.as_str();
    // Partitioned tables build their partitions' indexes themselves, never concurrently.
    let partitioned = |table: &Table| {
        matches!(&table.extras, Some(crate::model::TableExtras::Postgres { partition_key: Some(_), .. }))
    };
    if partitioned(current) || partitioned(desired) {
        return None;
    }
    // A constraint that only becomes validated needs no new definition: it is checked, in a
    // transaction of its own, without blocking writes.
    if let Some(name) = crate::plan::order::tables::only_validated(change) {
        let phase = if matches!(change, TableChange::ModifyForeignKey { .. }) { ADD_FOREIGN_KEYS } else { ADD_KEYS };
        return Some(Ok(vec![validate(phase, schema, t, name)]));
    }
    let out = match change {
        TableChange::AddIndex { index } => add_index(schema, t, index, "create index"),
        TableChange::DropIndex { index } => vec![drop_index(schema, index, "drop index")],
        TableChange::ModifyIndex { from, to } => {
            let mut out = vec![drop_index(schema, from, "drop index to re-create it")];
            out.extend(add_index(schema, t, to, "re-create index"));
            out
        }
        TableChange::AddUnique { constraint } => {
            let name = constraint.name.as_deref()?;
            let clause = format!("UNIQUE USING INDEX {}{}", q(name), deferrable(constraint.deferrable));
            key_on_index(
                schema,
                t,
                name,
                &constraint.columns,
                constraint.nulls_not_distinct,
                &clause,
                constraint.comment.as_deref(),
            )
        }
        TableChange::ModifyUnique { from, to } => replace(
            DROP_KEYS,
            gen().drop_unique(schema, t, from),
            format!("drop unique constraint of {t} to re-create it"),
            table_change(cx, schema, current, desired, &TableChange::AddUnique { constraint: to.clone() })?.ok(),
        )?,
        TableChange::AddPrimaryKey { key } => {
            let name = key.name.clone().unwrap_or_else(|| format!("{t}_pkey"));
            if key.deferrable != crate::model::Deferrable::NotDeferrable {
                return None;
            }
            let clause = format!("PRIMARY KEY USING INDEX {}", q(&name));
            key_on_index(schema, t, &name, &key.columns, false, &clause, key.comment.as_deref())
        }
        TableChange::ModifyPrimaryKey { from, to } => replace(
            DROP_KEYS,
            gen().drop_primary_key(schema, t, from),
            format!("drop primary key of {t} to re-create it"),
            table_change(cx, schema, current, desired, &TableChange::AddPrimaryKey { key: to.clone() })?.ok(),
        )?,
        TableChange::AddForeignKey { key } => add_foreign_key(schema, t, key, "add foreign key to")?,
        TableChange::ModifyForeignKey { from, to } => replace(
            DROP_FOREIGN_KEYS,
            gen().drop_foreign_key(schema, t, from),
            format!("drop foreign key of {t} to re-create it"),
            add_foreign_key(schema, t, to, "re-create foreign key of"),
        )?,
        TableChange::AddCheck { check } => add_check(schema, t, check, "add check constraint to")?,
        TableChange::ModifyCheck { from, to } => replace(
            DROP_KEYS,
            gen().drop_check(schema, t, from),
            format!("drop check constraint of {t} to re-create it"),
            add_check(schema, t, to, "re-create check constraint of"),
        )?,
        TableChange::ModifyColumn { from, to, aspects } => {
            return modify_column(cx, schema, current, desired, from, to, aspects)
        }
        _ => return None,
    };
    Some(Ok(out))
}

/// A constraint dropped (quickly, in the first phase of drops) before its new form is added
/// online.
fn replace(phase: Phase, drop: Result<String>, description: String, add: Option<Vec<Planned>>) -> Option<Vec<Planned>> {
    let mut out = vec![Planned::new(phase, drop.ok()?, description, Run::Transaction)];
    out.extend(add?);
    Some(out)
}

/// A unique or primary key built as a unique index concurrently, then attached to it
/// (`ADD CONSTRAINT name {clause}`, quick) in a transaction of its own.
fn key_on_index(
    schema: &str,
    table: &str,
    name: &str,
    key: &[String],
    nulls_not_distinct: bool,
    clause: &str,
    text: Option<&str>,
) -> Vec<Planned> {
    let index = unique_index(name, key, nulls_not_distinct);
    let mut out = add_index(schema, table, &index, "build the index of key");
    out.push(Planned::new(
        ADD_KEYS,
        format!("ALTER TABLE {} ADD CONSTRAINT {} {clause}", qualified(schema, table), q(name)),
        format!("attach key {name} to its index"),
        Run::NewTransaction,
    ));
    out.extend(constraint_comment(schema, table, name, text));
    out
}

/// A plain unique B-tree index on `columns`, as a unique or primary key builds it.
fn unique_index(name: &str, key: &[String], nulls_not_distinct: bool) -> Index {
    Index {
        name: name.to_owned(),
        unique: true,
        parts: key.iter().map(IndexPart::column).collect(),
        predicate: None,
        method: None,
        include: Vec::new(),
        nulls_not_distinct,
        comment: None,
    }
}

/// `CREATE INDEX CONCURRENTLY`, alone: a failed build leaves an INVALID index, dropped before the
/// next attempt.
fn add_index(schema: &str, table: &str, index: &Index, what: &str) -> Vec<Planned> {
    let mut out = vec![Planned::new(
        ADD_KEYS,
        index_statement(schema, table, index, true),
        format!("{what} {} without blocking writes", index.name),
        Run::Alone { cleanup: Some(format!("DROP INDEX CONCURRENTLY IF EXISTS {}", qualified(schema, &index.name))) },
    )];
    if index.comment.is_some() {
        out.push(Planned::new(
            ADD_KEYS,
            comment("INDEX", &qualified(schema, &index.name), index.comment.as_deref()),
            format!("comment on index {}", index.name),
            Run::Transaction,
        ));
    }
    out
}

fn drop_index(schema: &str, index: &Index, what: &str) -> Planned {
    Planned::new(
        DROP_KEYS,
        format!("DROP INDEX CONCURRENTLY IF EXISTS {}", qualified(schema, &index.name)),
        format!("{what} {} without blocking writes", index.name),
        Run::Alone { cleanup: None },
    )
}

fn constraint_comment(schema: &str, table: &str, name: &str, text: Option<&str>) -> Option<Planned> {
    text.map(|_| {
        Planned::new(
            ADD_KEYS,
            comment("CONSTRAINT", &format!("{} ON {}", q(name), qualified(schema, table)), text),
            format!("comment on constraint {name}"),
            Run::Transaction,
        )
    })
}

/// `VALIDATE CONSTRAINT` in a transaction of its own: it scans under a lock that lets reads and
/// writes through, which the `NOT VALID` add before it (committed) no longer holds.
fn validate(phase: Phase, schema: &str, table: &str, name: &str) -> Planned {
    Planned::new(
        phase,
        format!("ALTER TABLE {} VALIDATE CONSTRAINT {}", qualified(schema, table), q(name)),
        format!("validate {name} while reads and writes go on"),
        Run::NewTransaction,
    )
}

fn add_foreign_key(schema: &str, table: &str, key: &ForeignKey, what: &str) -> Option<Vec<Planned>> {
    let name = key.name.as_deref()?;
    let mut out = vec![Planned::new(
        ADD_FOREIGN_KEYS,
        foreign_key_statement(schema, table, key, true),
        format!("{what} {table} NOT VALID"),
        Run::NewTransaction,
    )];
    if !key.not_valid {
        out.push(validate(ADD_FOREIGN_KEYS, schema, table, name));
    }
    Some(out)
}

fn add_check(schema: &str, table: &str, check: &CheckConstraint, what: &str) -> Option<Vec<Planned>> {
    let name = check.name.as_deref()?;
    let mut out = vec![Planned::new(
        ADD_KEYS,
        format!("ALTER TABLE {} ADD {} NOT VALID", qualified(schema, table), check_clause(check)),
        format!("{what} {table} NOT VALID"),
        Run::NewTransaction,
    )];
    if !check.not_valid {
        out.push(validate(ADD_KEYS, schema, table, name));
    }
    if check.comment.is_some() {
        out.extend(constraint_comment(schema, table, name, check.comment.as_deref()));
    }
    Some(out)
}

/// `SET NOT NULL` without its scan under ACCESS EXCLUSIVE (PostgreSQL 12+ skips the scan when a
/// validated check proves it): a `CHECK (col IS NOT NULL) NOT VALID`, validated apart, then the
/// quick `SET NOT NULL` and the check dropped.
fn set_not_null(schema: &str, table: &str, column: &str, into: &mut Vec<Planned>) {
    let check = helper_name("nn", &[schema, table, column]);
    let t = qualified(schema, table);
    into.push(Planned::new(
        COLUMNS,
        format!("ALTER TABLE {t} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID", q(&check), q(column)),
        format!("check {table}.{column} for NULLs without blocking (NOT VALID)"),
        Run::NewTransaction,
    ));
    into.push(validate(COLUMNS, schema, table, &check));
    into.push(Planned::new(
        COLUMNS,
        format!("ALTER TABLE {t} ALTER COLUMN {} SET NOT NULL", q(column)),
        format!("make {table}.{column} NOT NULL (proved by the validated check, no scan)"),
        Run::NewTransaction,
    ));
    into.push(Planned::new(
        COLUMNS,
        format!("ALTER TABLE {t} DROP CONSTRAINT {}", q(&check)),
        format!("drop the check that proved {table}.{column} NOT NULL"),
        Run::Transaction,
    ));
}

fn modify_column(
    cx: &Cx<'_>,
    schema: &str,
    current: &Table,
    desired: &Table,
    from: &Column,
    to: &Column,
    aspects: &[ColumnAspect],
) -> Option<Result<Vec<Planned>>> {
    let t = desired.name.as_str();
    // An identity needs the column NOT NULL in the same breath, and a type PostgreSQL has no
    // cast to needs the user's USING expression: the ordinary statements.
    if aspects.contains(&ColumnAspect::Identity) || no_cast(&from.column_type.kind, &to.column_type.kind) {
        return None;
    }
    let retyped = aspects.contains(&ColumnAspect::Type) || aspects.contains(&ColumnAspect::Collation);
    let coercible = !aspects.contains(&ColumnAspect::Collation)
        && pg_binary_coercible(Some(&from.column_type.kind), Some(&to.column_type.kind));
    if retyped && !coercible {
        return expand_contract(cx, schema, current, desired, from, to, aspects).map(Ok);
    }
    let not_null = aspects.contains(&ColumnAspect::Nullability) && !to.nullable && cx.at_least(12, 0);
    if !(not_null || retyped && coercible) {
        return None;
    }
    let mut out = Vec::new();
    // The other aspects as the ordinary statements make them, the type without USING (which
    // the server treats as a rewrite) and NOT NULL the online way.
    let rest: Vec<ColumnAspect> = aspects
        .iter()
        .copied()
        .filter(|a| !(not_null && *a == ColumnAspect::Nullability || retyped && *a == ColumnAspect::Type))
        .collect();
    if retyped {
        out.push(Planned::new(
            COLUMNS,
            format!("ALTER TABLE {} ALTER COLUMN {} TYPE {}", qualified(schema, t), q(&to.name), to.column_type.raw),
            format!(
                "change column {t}.{} to {} (no rewrite: the stored values stay valid)",
                to.name, to.column_type.raw
            ),
            Run::Transaction,
        ));
    }
    if !rest.is_empty() {
        let sqls = match gen().modify_column(schema, desired, from, to, &rest, None) {
            Ok(sqls) => sqls,
            Err(e) => return Some(Err(e)),
        };
        out.extend(
            sqls.into_iter()
                .map(|sql| Planned::new(COLUMNS, sql, format!("change column {t}.{}", to.name), Run::Transaction)),
        );
    }
    if not_null {
        set_not_null(schema, t, &to.name, &mut out);
    }
    Some(Ok(out))
}

/// Changes a column's type without rewriting the table under ACCESS EXCLUSIVE: a new column of
/// the new type, kept equal to the old one by a trigger, filled in batches, then swapped in by a
/// short transaction. Only where nothing else depends on the column (indexes, keys, checks,
/// views, generated columns), the table has an integer key to walk, and the new type holds every
/// value (a narrowing change keeps its blocking statement and its finding).
fn expand_contract(
    cx: &Cx<'_>,
    schema: &str,
    current: &Table,
    desired: &Table,
    from: &Column,
    to: &Column,
    aspects: &[ColumnAspect],
) -> Option<Vec<Planned>> {
    let key = walkable_key(current)?;
    let c = from.name.as_str();
    let allowed = [
        ColumnAspect::Type,
        ColumnAspect::Collation,
        ColumnAspect::Nullability,
        ColumnAspect::Default,
        ColumnAspect::Comment,
    ];
    let depended_on = current.indexes.iter().any(|i| {
        i.parts.iter().any(|p| match &p.key {
            IndexKey::Column(name) => name == c,
            IndexKey::Expression(e) => mentions(e, c),
        }) || i.include.iter().any(|n| n == c)
            || i.predicate.as_deref().is_some_and(|e| mentions(e, c))
    }) || current.primary_key.as_ref().is_some_and(|k| k.columns.iter().any(|n| n == c))
        || current.unique_constraints.iter().any(|u| u.columns.iter().any(|n| n == c))
        || current.foreign_keys.iter().any(|f| f.columns.iter().any(|n| n == c))
        || current.checks.iter().any(|k| mentions(&k.expression, c))
        || current.columns.iter().any(|o| o.generated.as_ref().is_some_and(|g| mentions(&g.expression, c)))
        || referenced_by_others(cx, schema, &current.name, c)
        || cx.from.schemas.iter().flat_map(|s| &s.views).any(|v| mentions(&v.definition, c))
        || cx.to.schemas.iter().flat_map(|s| &s.views).any(|v| mentions(&v.definition, c));
    let plain = |col: &Column| {
        col.identity.is_none()
            && col.generated.is_none()
            && col.default.as_deref().is_none_or(|d| !mentions(d, "nextval"))
    };
    let comparable = |k: &TypeKind| !matches!(k, TypeKind::Json | TypeKind::Other);
    if depended_on
        || !aspects.iter().all(|a| allowed.contains(a))
        || !plain(from)
        || !plain(to)
        || !comparable(&from.column_type.kind)
        || !comparable(&to.column_type.kind)
        || narrows(&from.column_type.kind, &to.column_type.kind)
        || !cx.at_least(11, 0)
        || to.column_type.raw.contains('$')
    {
        return None;
    }
    let t = desired.name.as_str();
    let table = qualified(schema, t);
    let new = new_column_name(t, c);
    let function = qualified(schema, &helper_name("sync", &[schema, t, c]));
    let trigger = helper_name("sync", &[schema, t, c]);
    let collation = to.collation.as_ref().map(|n| format!(" COLLATE {}", q(n))).unwrap_or_default();
    let cast = |column: &str| format!("{column}::{}", to.column_type.raw);
    let mut out = vec![
        Planned::new(
            COLUMNS,
            format!("ALTER TABLE {table} ADD COLUMN {} {}{collation}", q(&new), to.column_type.raw),
            format!("expand: add {t}.{new}, the new {} column that replaces {c}", to.column_type.raw),
            Run::NewTransaction,
        ),
        Planned::new(
            COLUMNS,
            format!(
                "CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $plumb$BEGIN NEW.{} := {}; RETURN NEW; END$plumb$",
                q(&new),
                cast(&format!("NEW.{}", q(c)))
            ),
            format!("expand: the function that keeps {t}.{new} equal to {c}"),
            Run::Transaction,
        ),
        Planned::new(
            COLUMNS,
            format!("CREATE TRIGGER {} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()", q(&trigger)),
            format!("expand: keep {t}.{new} equal to {c} on every write"),
            Run::Transaction,
        ),
        Planned::new(
            COLUMNS,
            format!(
                "UPDATE {table} SET {} = {} WHERE {} >= $1::bigint AND {} < $2::bigint",
                q(&new),
                cast(&q(c)),
                q(&key),
                q(&key)
            ),
            format!("backfill {t}.{new} from {c} in batches"),
            Run::Backfill(Backfill {
                table: format!("{schema}.{t}"),
                column: c.to_owned(),
                into: new.clone(),
                key: key.clone(),
                pending: format!(
                    "SELECT min({k})::bigint, max({k})::bigint FROM {table} WHERE {} IS DISTINCT FROM {}",
                    q(&new),
                    cast(&q(c)),
                    k = q(&key)
                ),
            }),
        ),
    ];
    let check = helper_name("nn", &[schema, t, &new]);
    if !to.nullable {
        out.push(Planned::new(
            COLUMNS,
            format!("ALTER TABLE {table} ADD CONSTRAINT {} CHECK ({} IS NOT NULL) NOT VALID", q(&check), q(&new)),
            format!("check {t}.{new} for NULLs without blocking (NOT VALID)"),
            Run::NewTransaction,
        ));
        out.push(validate(COLUMNS, schema, t, &check));
    }
    let mut swap = vec![
        format!("DROP TRIGGER {} ON {table}", q(&trigger)),
        format!("DROP FUNCTION {function}()"),
        format!("ALTER TABLE {table} DROP COLUMN {}", q(c)),
        format!("ALTER TABLE {table} RENAME COLUMN {} TO {}", q(&new), q(&to.name)),
    ];
    if !to.nullable {
        swap.push(format!("ALTER TABLE {table} ALTER COLUMN {} SET NOT NULL", q(&to.name)));
        swap.push(format!("ALTER TABLE {table} DROP CONSTRAINT {}", q(&check)));
    }
    if let Some(default) = &to.default {
        swap.push(format!("ALTER TABLE {table} ALTER COLUMN {} SET DEFAULT {default}", q(&to.name)));
    }
    if to.comment.is_some() {
        swap.push(comment("COLUMN", &format!("{table}.{}", q(&to.name)), to.comment.as_deref()));
    }
    for (i, sql) in swap.into_iter().enumerate() {
        out.push(Planned::new(
            COLUMNS,
            sql,
            format!("contract: swap {t}.{new} in for {c}"),
            if i == 0 { Run::NewTransaction } else { Run::Transaction },
        ));
    }
    Some(out)
}

/// The single integer column of the table's primary key, which batches walk by range.
fn walkable_key(table: &Table) -> Option<String> {
    let key = table.primary_key.as_ref()?;
    let [column] = key.columns.as_slice() else { return None };
    let kind = &table.column(column)?.column_type.kind;
    matches!(kind, TypeKind::SmallInt | TypeKind::Integer | TypeKind::BigInt).then(|| column.clone())
}

/// Whether a foreign key of another table points at `schema.table.column`.
fn referenced_by_others(cx: &Cx<'_>, schema: &str, table: &str, column: &str) -> bool {
    cx.from.schemas.iter().any(|s| {
        s.tables.iter().any(|t| {
            t.foreign_keys.iter().any(|f| {
                f.referenced_table == table
                    && f.target_schema(&s.name) == schema
                    && f.referenced_columns.iter().any(|n| n == column)
            })
        })
    })
}
