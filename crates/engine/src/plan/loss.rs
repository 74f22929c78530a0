//! What a plan's statements destroy, read from each statement and the schema it runs on: the one
//! place that decides it for every kind of plan (a diff's, a migrations folder's, a SQL file's),
//! so that backups, findings, evidence and the app, which all read [`Step::data_loss`], agree.
//!
//! A statement loses data when it drops a table or a column that existed before the plan,
//! empties a table (`TRUNCATE`, `DELETE` without `WHERE`), or changes a column to a type that
//! cannot hold every value it holds. Tables the plan created itself hold nothing worth keeping,
//! and a table whose rows were copied into a new one first (SQLite's rebuild) loses only the
//! columns the copy left out. Numbers come from the live data when they were measured.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::{Run, Step};
use crate::lint::counted;
use crate::lint::live::{LiveFacts, ProbeKind};
use crate::lint::op::{ObjectRef, Op, OpKind, RowCopy};
use crate::lint::rules::{narrowing_probe, narrows};
use crate::lint::sql_file::operations;
use crate::model::{Database, Table, TableExtras};

/// Sets each step's `data_loss` (and, where it loses data, its `object`: the table named as
/// backups name it, `schema.table`) from its statements, run in order on `from`.
pub fn mark(steps: &mut [Step], from: &Database, facts: &LiveFacts) {
    mark_read(steps, from, facts, &ReadSteps::default());
}

/// The operations a plan's steps were read as, where something read them already: all of them
/// in step order, and where each step's are (`None`: that step was not read).
#[derive(Debug, Default)]
pub(crate) struct ReadSteps {
    pub(crate) ops: Vec<Op>,
    pub(crate) by_step: Vec<Option<Range<usize>>>,
}

/// [`mark`], given the operations some steps were already read as (the others are read here).
pub(crate) fn mark_read(steps: &mut [Step], from: &Database, facts: &LiveFacts, read: &ReadSteps) {
    let mut state =
        State { from, facts, created: BTreeSet::new(), copied: BTreeMap::new(), kept: BTreeSet::new(), written: None };
    for (i, step) in steps.iter_mut().enumerate() {
        // An online plan's backfill copies every value of a column into the one replacing it
        // (and a trigger keeps them equal until the swap): dropping it afterwards loses nothing.
        // Only plans Plumb derives have such steps, and the gate checks the derivation.
        if let Run::Backfill(backfill) = &step.run {
            state.kept.insert((backfill.table.to_lowercase(), backfill.column.to_lowercase()));
            step.data_loss = None;
            continue;
        }
        let parsed;
        let ops = match read.by_step.get(i).cloned().flatten().and_then(|range| read.ops.get(range)) {
            Some(ops) => ops,
            None => {
                parsed = operations(&step.sql, from.flavor.dialect());
                &parsed
            }
        };
        let losses: Vec<(String, String)> = ops.iter().filter_map(|op| state.apply(op)).collect();
        step.data_loss =
            (!losses.is_empty()).then(|| losses.iter().map(|(_, l)| l.as_str()).collect::<Vec<_>>().join("; "));
        if let Some((object, _)) = losses.into_iter().next() {
            step.object = Some(object);
        }
    }
}

/// The plan so far: what it created and what it copied.
struct State<'a> {
    from: &'a Database,
    facts: &'a LiveFacts,
    /// Tables the plan created (lowercased): they held nothing before it.
    created: BTreeSet<String>,
    /// Tables whose rows were copied into a table the plan created, with the columns copied
    /// (`None`: all of them).
    copied: BTreeMap<String, Option<Vec<String>>>,
    /// Columns (`schema.table`, column; lowercased) whose values a backfill copied into their
    /// replacement.
    kept: BTreeSet<(String, String)>,
    /// The table as the statement being read names it (a migration file's probes are keyed so).
    written: Option<ObjectRef>,
}

impl<'a> State<'a> {
    /// What `op` loses, as (the table, what), moving the state past it.
    fn apply(&mut self, op: &Op) -> Option<(String, String)> {
        self.written = op.target.clone();
        let key = op.target.as_ref().map(|t| t.name.to_lowercase());
        let existing = key.as_ref().is_some_and(|k| !self.created.contains(k));
        match &op.kind {
            OpKind::CreateTable { .. } => {
                self.created.extend(key);
                None
            }
            OpKind::RenameTable { to } => {
                if key.as_ref().is_some_and(|k| self.created.remove(k)) {
                    self.created.insert(to.to_lowercase());
                }
                None
            }
            OpKind::Backfill { copy: Some(RowCopy { from, columns }) } if !existing => {
                self.copied.insert(from.name.to_lowercase(), columns.clone());
                None
            }
            OpKind::DropTable { .. } if existing => {
                let (object, table) = self.table(op.target.as_ref()?)?;
                let copied = key.and_then(|k| self.copied.remove(&k));
                match copied {
                    Some(columns) => self.columns_left_behind(&object, table, columns.as_deref()),
                    None if self.partitions_copied(&object, table) => None,
                    None => Some((object.to_string(), format!("drops table {object}{}", self.rows(&object, table)))),
                }
            }
            OpKind::DropTable { .. } => {
                if let Some(k) = &key {
                    self.created.remove(k);
                }
                None
            }
            OpKind::DropColumn { column, .. } if existing => {
                let (object, _) = self.table(op.target.as_ref()?)?;
                if self.kept.contains(&(object.to_string().to_lowercase(), column.to_lowercase())) {
                    return None;
                }
                Some((object.to_string(), self.column_values(&object, column)))
            }
            OpKind::Truncate { .. } | OpKind::DeleteAll if existing => {
                let (object, table) = self.table(op.target.as_ref()?)?;
                Some((object.to_string(), format!("deletes every row of {object}{}", self.count_rows(&object, table))))
            }
            OpKind::AlterColumnType { column, to: Some(to), to_text, .. } if existing => {
                let (object, table) = self.table(op.target.as_ref()?)?;
                let current = table.columns.iter().find(|c| c.name.eq_ignore_ascii_case(column))?;
                if !narrows(&current.column_type.kind, to) {
                    return None;
                }
                let changing = narrowing_probe(column, &current.column_type.kind, to)
                    .and_then(|probe| self.fact(&object, &probe))
                    .map(|n| format!("; {} would change", counted(n, "current value")))
                    .unwrap_or_default();
                Some((
                    object.to_string(),
                    format!(
                        "changes column {object}.{} from {} to {to_text}, which cannot hold every value{changing}",
                        current.name, current.column_type.raw
                    ),
                ))
            }
            OpKind::DropSchema { .. } => {
                let name = op.target.as_ref()?.name.as_str();
                let schema = self.from.schemas.iter().find(|s| s.name == name)?;
                (!schema.tables.is_empty()).then(|| {
                    (
                        schema.name.clone(),
                        format!("drops schema {} and its {} table(s)", schema.name, schema.tables.len()),
                    )
                })
            }
            _ => None,
        }
    }

    /// The table a statement names, as it was before the plan, and its name with its schema.
    fn table(&self, target: &ObjectRef) -> Option<(ObjectRef, &'a Table)> {
        let (schema, table) = self.from.find_table(target.schema.as_deref(), &target.name)?;
        Some((ObjectRef::new(Some(&schema.name), &table.name), table))
    }

    /// ` and its 1204 rows` (from a count or the statistics' estimate), and its partitions.
    fn rows(&self, object: &ObjectRef, table: &Table) -> String {
        let count = match self.row_count(object, table) {
            Some(n) => format!(" and its {}", counted(n, "row")),
            None => " and its rows".into(),
        };
        let partitions: Vec<&str> = self
            .from
            .tables()
            .map(|(_, t)| t)
            .filter(|t| {
                t.partition_of().is_some_and(|p| {
                    Some(p.parent_schema.as_str()) == object.schema.as_deref() && p.parent_table == table.name
                })
            })
            .map(|t| t.name.as_str())
            .collect();
        match partitions.is_empty() {
            true => count,
            false => format!("{count}, with its partitions {}", partitions.join(", ")),
        }
    }

    /// Whether `table` is partitioned and the rows of all its partitions (at any depth) were
    /// copied whole before it goes (a table made again under a new way of partitioning).
    fn partitions_copied(&self, object: &ObjectRef, table: &Table) -> bool {
        let partitioned = matches!(&table.extras, Some(TableExtras::Postgres { partition_key: Some(_), .. }));
        let parent = (object.schema.as_deref().unwrap_or_default(), table.name.as_str());
        partitioned
            && self.from.tables().filter(|(_, t)| t.parents() == [parent]).all(|(schema, t)| {
                matches!(self.copied.get(&t.name.to_lowercase()), Some(None))
                    || self.partitions_copied(&ObjectRef::new(Some(&schema.name), &t.name), t)
            })
    }

    fn row_count(&self, object: &ObjectRef, table: &Table) -> Option<u64> {
        self.fact(object, &ProbeKind::Rows).or_else(|| table.stats.as_ref().map(|s| s.row_count))
    }

    /// A count about `object`, taken for it by its full name or as the statement names it.
    fn fact(&self, object: &ObjectRef, kind: &ProbeKind) -> Option<u64> {
        self.facts.get(object, kind).or_else(|| self.facts.get(self.written.as_ref()?, kind))
    }

    /// ` (1,204 rows)` where the number is known.
    fn count_rows(&self, object: &ObjectRef, table: &Table) -> String {
        self.row_count(object, table).map(|n| format!(" ({})", counted(n, "row"))).unwrap_or_default()
    }

    /// What dropping a column loses, with the count of values it holds when measured.
    fn column_values(&self, object: &ObjectRef, column: &str) -> String {
        match self.fact(object, &ProbeKind::NonNull { column: column.to_owned() }) {
            Some(n) => format!("drops column {object}.{column} holding {}", counted(n, "non-null value")),
            None => format!("drops column {object}.{column} and its values"),
        }
    }

    /// What a table rebuilt by copying loses: the columns the copy left out.
    fn columns_left_behind(
        &self,
        object: &ObjectRef,
        table: &Table,
        copied: Option<&[String]>,
    ) -> Option<(String, String)> {
        let copied = copied?;
        let lost: Vec<String> = table
            .columns
            .iter()
            .filter(|c| c.generated.is_none() && !copied.iter().any(|k| k.eq_ignore_ascii_case(&c.name)))
            .map(|c| self.column_values(object, &c.name))
            .collect();
        (!lost.is_empty()).then(|| (object.to_string(), lost.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Flavor;
    use crate::lint::live::Probe;
    use crate::model::{Column, ColumnType, PrimaryKey, Schema, TypeKind};

    fn database(flavor: Flavor, columns: &[(&str, &str, TypeKind)]) -> Database {
        let mut db = Database::new(flavor, None);
        let mut users = Table::new("users");
        users.columns =
            columns.iter().map(|(n, raw, kind)| Column::new(*n, ColumnType::new(*raw, kind.clone()))).collect();
        users.primary_key = Some(PrimaryKey::new(vec!["id".into()]));
        let mut schema = Schema::new(if flavor == Flavor::Postgres { "public" } else { "main" });
        schema.tables = vec![users];
        db.schemas = vec![schema];
        db
    }

    fn step(sql: &str) -> Step {
        Step::new(sql, "")
    }

    fn losses(steps: &[Step]) -> Vec<Option<&str>> {
        steps.iter().map(|s| s.data_loss.as_deref()).collect()
    }

    #[test]
    fn a_rebuild_loses_only_the_columns_it_does_not_copy_and_says_so_on_the_drop() {
        let from = database(
            Flavor::Sqlite,
            &[
                ("id", "INTEGER", TypeKind::Integer),
                ("email", "TEXT", TypeKind::Text),
                ("legacy", "TEXT", TypeKind::Text),
            ],
        );
        let mut facts = LiveFacts::default();
        let users = ObjectRef::new(Some("main"), "users");
        facts.insert(Probe { table: users, kind: ProbeKind::NonNull { column: "legacy".into() } }, 50);
        let rebuild = |copied: &str| {
            vec![
                step(r#"CREATE TABLE "_plumb_new_users" ("id" INTEGER PRIMARY KEY, "email" TEXT)"#),
                step(&format!(r#"INSERT INTO "_plumb_new_users" ({copied}) SELECT {copied} FROM "users""#)),
                step(r#"DROP TABLE "users""#),
                step(r#"ALTER TABLE "_plumb_new_users" RENAME TO "users""#),
            ]
        };
        let mut steps = rebuild(r#""id", "email""#);
        mark(&mut steps, &from, &facts);
        assert_eq!(
            losses(&steps),
            [None, None, Some("drops column main.users.legacy holding 50 non-null values"), None]
        );
        assert_eq!(steps[2].object.as_deref(), Some("main.users"));

        let mut steps = rebuild(r#""id", "email", "legacy""#);
        mark(&mut steps, &from, &facts);
        assert_eq!(losses(&steps), [None; 4], "a rebuild that copies every column loses nothing");
    }

    #[test]
    fn a_table_made_again_loses_nothing_when_its_rows_are_kept_aside_first() {
        let from = database(Flavor::Postgres, &[("id", "integer", TypeKind::Integer)]);
        let mut steps = vec![
            step("LOCK TABLE \"public\".\"users\" IN SHARE MODE;\nCREATE TABLE \"public\".\"_plumb_rows_users\" AS SELECT * FROM \"public\".\"users\""),
            step(r#"DROP TABLE "public"."users""#),
            step(r#"CREATE TABLE "public"."users" ("id" integer) PARTITION BY RANGE ("id")"#),
            step(r#"INSERT INTO "public"."users" ("id") SELECT "id" FROM "public"."_plumb_rows_users""#),
            step(r#"DROP TABLE "public"."_plumb_rows_users""#),
        ];
        mark(&mut steps, &from, &LiveFacts::default());
        assert_eq!(losses(&steps), [None; 5]);
    }

    #[test]
    fn statements_of_a_migration_file_are_read_for_what_they_destroy() {
        let from = database(
            Flavor::Postgres,
            &[
                ("id", "integer", TypeKind::Integer),
                ("price", "numeric(10,2)", TypeKind::Decimal { precision: Some(10), scale: Some(2) }),
                ("legacy", "text", TypeKind::Text),
            ],
        );
        let mut steps = vec![
            step("CREATE TABLE scratch (x int)"),
            step("DROP TABLE scratch"),
            step("ALTER TABLE users ADD COLUMN note text"),
            step("ALTER TABLE users ALTER COLUMN price TYPE integer"),
            step("ALTER TABLE users DROP COLUMN legacy"),
            step("DELETE FROM users WHERE id = 1"),
            step("DELETE FROM users"),
            step("DROP TABLE users"),
        ];
        mark(&mut steps, &from, &LiveFacts::default());
        assert_eq!(
            losses(&steps),
            [
                None,
                None,
                None,
                Some("changes column public.users.price from numeric(10,2) to INTEGER, which cannot hold every value"),
                Some("drops column public.users.legacy and its values"),
                None,
                Some("deletes every row of public.users"),
                Some("drops table public.users and its rows"),
            ]
        );
        assert!(steps
            .iter()
            .skip(3)
            .filter(|s| s.data_loss.is_some())
            .all(|s| s.object.as_deref() == Some("public.users")));
    }
}
