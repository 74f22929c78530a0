//! Whether a step's effect is already on a database: the question an interrupted MySQL or
//! MariaDB run leaves behind, where the server may finish the statement the client was killed in
//! (DDL commits by itself) although the journal never recorded it. Resuming from the journal
//! alone would run it again ("Duplicate column name"); resuming from what the database holds
//! does not.
//!
//! The step's statements are read like any migration's (`lint::sql_file`), and each operation is
//! checked against the live schema and the plan's desired one. A statement Plumb cannot judge
//! (data changes, settings, anything unrecognized) counts as not done, so that it runs again.

use super::Step;
use crate::lint::op::{ObjectRef, Op, OpKind};
use crate::lint::sql_file::operations;
use crate::model::{Database, Table};

/// Whether every operation of `step` is already in effect on `live`, given the plan leads to
/// `desired`. False when the step changes nothing Plumb can check.
pub fn already_done(step: &Step, live: &Database, desired: &Database) -> bool {
    let ops: Vec<Op> = operations(&step.sql, live.flavor.dialect())
        .into_iter()
        .filter(|op| !matches!(op.kind, OpKind::EndOfMigration | OpKind::AlterOptions { .. }))
        .collect();
    !ops.is_empty() && ops.iter().all(|op| in_effect(op, live, desired))
}

fn in_effect(op: &Op, live: &Database, desired: &Database) -> bool {
    let Some(target) = op.target.as_ref() else { return false };
    let now = table(live, target);
    let column = |name: &str| now.and_then(|t| t.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)));
    let has_index = |name: &str| {
        live.tables().any(|(_, t)| {
            t.indexes.iter().any(|i| i.name.eq_ignore_ascii_case(name))
                || t.unique_constraints.iter().any(|u| u.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
        })
    };
    let has_constraint = |name: &str| {
        now.is_some_and(|t| {
            let named = |n: &Option<String>| n.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name));
            t.foreign_keys.iter().any(|fk| named(&fk.name))
                || t.checks.iter().any(|c| named(&c.name))
                || t.unique_constraints.iter().any(|u| named(&u.name))
                || t.primary_key.as_ref().is_some_and(|pk| named(&pk.name) || name.eq_ignore_ascii_case("PRIMARY"))
                || t.indexes.iter().any(|i| i.name.eq_ignore_ascii_case(name))
        })
    };
    match &op.kind {
        OpKind::CreateTable { .. } => now.is_some(),
        OpKind::DropTable { .. } => now.is_none(),
        OpKind::RenameTable { to } => {
            now.is_none() && table(live, &ObjectRef { schema: target.schema.clone(), name: to.clone() }).is_some()
        }
        OpKind::AddColumn(spec) => column(&spec.name).is_some(),
        OpKind::DropColumn { column: name, .. } => now.is_some() && column(name).is_none(),
        OpKind::RenameColumn { from, to } => column(from).is_none() && column(to).is_some(),
        OpKind::AlterColumnType { column: name, .. } => {
            let wanted =
                table(desired, target).and_then(|t| t.columns.iter().find(|c| c.name.eq_ignore_ascii_case(name)));
            match (column(name), wanted) {
                (Some(have), Some(want)) => {
                    have.column_type.kind == want.column_type.kind
                        && have.column_type.raw.eq_ignore_ascii_case(&want.column_type.raw)
                        && have.nullable == want.nullable
                }
                _ => false,
            }
        }
        OpKind::SetNotNull { column: name, .. } => column(name).is_some_and(|c| !c.nullable),
        OpKind::DropNotNull { column: name } => column(name).is_some_and(|c| c.nullable),
        OpKind::CreateIndex { name: Some(name), .. } => has_index(name),
        OpKind::DropIndex { name, .. } => !has_index(name),
        OpKind::AddPrimaryKey { .. } => now.is_some_and(|t| t.primary_key.is_some()),
        OpKind::AddForeignKey { .. } | OpKind::AddCheck { .. } | OpKind::AddUnique { .. } => {
            !op.declared_names.is_empty() && op.declared_names.iter().all(|n| has_constraint(n))
        }
        OpKind::DropConstraint { name, .. } if name.eq_ignore_ascii_case("PRIMARY") => {
            now.is_some_and(|t| t.primary_key.is_none())
        }
        OpKind::DropConstraint { name, .. } => now.is_some() && !has_constraint(name),
        _ => false,
    }
}

/// The table a statement names (a MySQL database's name differs between the plan's two sides,
/// so an unqualified name is looked for in any schema).
fn table<'a>(db: &'a Database, target: &ObjectRef) -> Option<&'a Table> {
    db.find_table(target.schema.as_deref(), &target.name).map(|(_, t)| t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Flavor;
    use crate::model::{Column, ColumnType, Schema, TypeKind};

    fn db(columns: &[(&str, &str, TypeKind)]) -> Database {
        let mut db = Database::new(Flavor::Mariadb, None);
        let mut users = Table::new("users");
        users.columns = columns.iter().map(|(n, raw, k)| Column::new(*n, ColumnType::new(*raw, k.clone()))).collect();
        let mut schema = Schema::new("shop");
        schema.tables = vec![users];
        db.schemas = vec![schema];
        db
    }

    fn step(sql: &str) -> Step {
        Step::new(sql, "")
    }

    #[test]
    fn a_statement_the_server_finished_reads_as_done_and_one_it_did_not_as_pending() {
        let before = db(&[("id", "int", TypeKind::Integer)]);
        let after = db(&[("id", "int", TypeKind::Integer), ("note", "text", TypeKind::Text)]);
        let add = step("ALTER TABLE `users` ADD COLUMN `note` text");
        assert!(already_done(&add, &after, &after), "the column is there: the statement ran");
        assert!(!already_done(&add, &before, &after), "the column is missing: it must run");

        let widened = db(&[("id", "bigint", TypeKind::BigInt), ("note", "text", TypeKind::Text)]);
        let modify = step("ALTER TABLE `users` MODIFY `id` bigint NOT NULL, ADD COLUMN `note` text");
        assert!(!already_done(&modify, &after, &widened), "one clause of two is not in effect");
        assert!(!already_done(&step("UPDATE users SET id = id + 1"), &after, &after), "data changes cannot be told");
        let drop = step("ALTER TABLE `users` DROP COLUMN `note`");
        assert!(already_done(&drop, &before, &before) && !already_done(&drop, &after, &before));
    }
}
