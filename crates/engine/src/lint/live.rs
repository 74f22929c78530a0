//! Checks against live data: what a migration would find in the rows it touches (values a
//! dropped column holds, NULLs before SET NOT NULL, duplicates before UNIQUE, values a narrower
//! type cannot hold, orphans before a foreign key, rows a new CHECK rejects). The engine says which
//! probes a migration needs and writes their SQL; `plumb-db` runs them; the rules read the
//! numbers back from [`LiveFacts`] and say them.

use std::collections::BTreeMap;

use super::context::Context;
use super::op::{ObjectRef, Op, OpKind};
use super::LintOptions;
use crate::dialect::{quote_ident, Dialect};
use crate::model::Database;

/// What a probe counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProbeKind {
    /// Rows in the table (from the schema's statistics: exact on SQLite, estimated elsewhere).
    Rows,
    /// Rows where the column holds a value.
    NonNull {
        /// The column.
        column: String,
    },
    /// Rows where any of the columns is NULL.
    Nulls {
        /// The columns.
        columns: Vec<String>,
    },
    /// Values of the columns that appear more than once (NULLs aside).
    Duplicates {
        /// The columns.
        columns: Vec<String>,
    },
    /// Values a type change would alter or refuse (rounded, cut, out of range, a time of day
    /// dropped): rows where any of `checks` holds.
    ValuesChange {
        /// The column.
        column: String,
        /// What about a value makes it change.
        checks: Vec<ValueCheck>,
    },
    /// Rows whose columns point at no row of the referenced table.
    Orphans {
        /// The referencing columns.
        columns: Vec<String>,
        /// The referenced table.
        referenced: ObjectRef,
        /// The referenced columns.
        referenced_columns: Vec<String>,
    },
    /// Rows the condition rejects.
    CheckViolations {
        /// The condition.
        expression: String,
    },
}

/// One way a value can fail to survive a type change unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueCheck {
    /// More digits after the point than `scale` (rounded by the new type).
    Fraction {
        /// Digits the new type keeps after the point.
        scale: u32,
    },
    /// `digits` or more digits before the point (the new precision overflows).
    Magnitude {
        /// Digits the new type keeps before the point.
        digits: u32,
    },
    /// Outside `min..=max`.
    Range {
        /// The smallest value the new type holds.
        min: i64,
        /// The largest value the new type holds.
        max: i64,
    },
    /// Longer than `length` characters (cut, or refused).
    Length {
        /// The new limit.
        length: u32,
    },
    /// A time of day other than midnight (a date keeps only the day).
    TimeOfDay,
}

impl ValueCheck {
    /// The condition on `column` (quoted) under which the value changes.
    fn condition(self, dialect: Dialect, column: &str) -> String {
        match self {
            ValueCheck::Fraction { scale } => match dialect {
                // round(numeric, int) exists for numeric only; a float compares with it as numeric.
                Dialect::Postgres => format!("{column} <> round(CAST({column} AS numeric), {scale})"),
                Dialect::Mysql | Dialect::Sqlite => format!("{column} <> round({column}, {scale})"),
            },
            ValueCheck::Magnitude { digits } => format!("abs({column}) >= 1e{digits}"),
            ValueCheck::Range { min, max } => format!("{column} < {min} OR {column} > {max}"),
            ValueCheck::Length { length } => {
                let function = if dialect == Dialect::Sqlite { "length" } else { "char_length" };
                format!("{function}({column}) > {length}")
            }
            ValueCheck::TimeOfDay => match dialect {
                Dialect::Postgres => format!("CAST({column} AS time) <> '00:00:00'"),
                Dialect::Mysql => format!("TIME({column}) <> '00:00:00'"),
                Dialect::Sqlite => format!("time({column}) <> '00:00:00'"),
            },
        }
    }

    /// What a value failing this check would suffer, for messages.
    pub fn describe(self) -> String {
        match self {
            ValueCheck::Fraction { scale: 0 } => "a fraction rounded away".into(),
            ValueCheck::Fraction { scale } => format!("more than {scale} decimal(s) rounded"),
            ValueCheck::Magnitude { digits } => format!("{digits} or more digits before the point"),
            ValueCheck::Range { .. } => "out of the new type's range".into(),
            ValueCheck::Length { length } => format!("longer than {length} characters"),
            ValueCheck::TimeOfDay => "a time of day dropped".into(),
        }
    }
}

/// One count to take from the data.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Probe {
    /// The table it reads.
    pub table: ObjectRef,
    /// What it counts.
    pub kind: ProbeKind,
}

/// The numbers the probes found, by probe.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LiveFacts {
    counts: BTreeMap<Probe, u64>,
    strict_mode: Option<bool>,
}

/// No counts at all: what is judged without a database.
pub static NO_FACTS: LiveFacts = LiveFacts::none();

impl LiveFacts {
    /// No counts.
    pub const fn none() -> Self {
        Self { counts: BTreeMap::new(), strict_mode: None }
    }

    /// Records a count.
    pub fn insert(&mut self, probe: Probe, count: u64) {
        self.counts.insert(probe, count);
    }

    /// The count of a probe, when it was taken.
    pub fn get(&self, table: &ObjectRef, kind: &ProbeKind) -> Option<u64> {
        self.counts.get(&Probe { table: table.clone(), kind: kind.clone() }).copied()
    }

    /// How many counts were taken.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// Whether nothing was measured.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty() && self.strict_mode.is_none()
    }

    /// Records whether the MySQL/MariaDB session runs in a strict `sql_mode`.
    pub fn set_strict_mode(&mut self, strict: bool) {
        self.strict_mode = Some(strict);
    }

    /// Whether the MySQL/MariaDB session runs in a strict `sql_mode`, when known.
    pub fn strict_mode(&self) -> Option<bool> {
        self.strict_mode
    }

    /// Row counts from a schema's statistics, so that size gates need no query.
    pub fn with_row_counts(mut self, db: &Database) -> Self {
        for schema in &db.schemas {
            for table in &schema.tables {
                if let Some(stats) = &table.stats {
                    let target = ObjectRef::new(Some(&schema.name), &table.name);
                    self.insert(Probe { table: target, kind: ProbeKind::Rows }, stats.row_count);
                }
            }
        }
        self
    }
}

/// The probes a migration's operations need, on tables that exist before it.
pub fn probes(ops: &[Op], options: &LintOptions) -> Vec<Probe> {
    let mut cx = Context::new(options);
    let mut out: Vec<Probe> = Vec::new();
    // Columns added by the migration hold nothing yet: nothing about them can be counted.
    let mut added: Vec<(ObjectRef, String)> = Vec::new();
    for op in ops {
        if let (Some(table), OpKind::AddColumn(column)) = (&op.target, &op.kind) {
            added.push((table.clone(), column.name.to_lowercase()));
        }
        if let (Some(table), false) = (&op.target, cx.is_new(op.target.as_ref())) {
            let probe = |kind| Probe { table: table.clone(), kind };
            match &op.kind {
                OpKind::DropColumn { column, .. } => out.push(probe(ProbeKind::NonNull { column: column.clone() })),
                OpKind::SetNotNull { column, .. } => {
                    out.push(probe(ProbeKind::Nulls { columns: vec![column.clone()] }))
                }
                OpKind::AddPrimaryKey { columns, .. } if !columns.is_empty() => {
                    out.push(probe(ProbeKind::Nulls { columns: columns.clone() }));
                    out.push(probe(ProbeKind::Duplicates { columns: columns.clone() }));
                }
                OpKind::AddUnique { columns, .. } | OpKind::CreateIndex { unique: true, columns, .. }
                    if !columns.is_empty() =>
                {
                    out.push(probe(ProbeKind::Duplicates { columns: columns.clone() }));
                }
                OpKind::AlterColumnType { column, from, to: Some(to), .. } => {
                    if let Some((_, from)) = cx.column_type(op.target.as_ref(), column, from) {
                        if super::rules::narrows(&from, to) {
                            out.extend(super::rules::narrowing_probe(column, &from, to).map(probe));
                        }
                    }
                }
                OpKind::AddForeignKey { referenced, columns, referenced_columns, .. }
                    if !columns.is_empty() && columns.len() == referenced_columns.len() =>
                {
                    out.push(probe(ProbeKind::Orphans {
                        columns: columns.clone(),
                        referenced: referenced.clone(),
                        referenced_columns: referenced_columns.clone(),
                    }));
                }
                OpKind::AddCheck { expression: Some(expression), .. } => {
                    out.push(probe(ProbeKind::CheckViolations { expression: expression.clone() }));
                }
                _ => {}
            }
        }
        cx.advance(op, false);
    }
    out.retain(|p| !p.reads(&added));
    out.sort();
    out.dedup();
    out
}

impl Probe {
    /// Whether it reads one of `columns` (of its own table, or of the referenced one): for a
    /// condition, whether one of them appears in it as a word.
    fn reads(&self, columns: &[(ObjectRef, String)]) -> bool {
        let of =
            |table: &ObjectRef, name: &str| columns.iter().any(|(t, c)| t == table && c.eq_ignore_ascii_case(name));
        match &self.kind {
            ProbeKind::Rows => false,
            ProbeKind::NonNull { column } | ProbeKind::ValuesChange { column, .. } => of(&self.table, column),
            ProbeKind::Nulls { columns: probed } | ProbeKind::Duplicates { columns: probed } => {
                probed.iter().any(|c| of(&self.table, c))
            }
            ProbeKind::Orphans { columns: probed, referenced, referenced_columns } => {
                probed.iter().any(|c| of(&self.table, c)) || referenced_columns.iter().any(|c| of(referenced, c))
            }
            ProbeKind::CheckViolations { expression } => {
                columns.iter().any(|(t, c)| *t == self.table && super::mentions(expression, c))
            }
        }
    }

    /// The query that takes the count: `SELECT count(*) …`, every identifier quoted for the
    /// dialect; `qualify` names the schema (PostgreSQL). `None` for counts the schema already
    /// has (rows).
    pub fn sql(&self, dialect: Dialect, qualify: bool) -> Option<String> {
        let q = |name: &str| quote_ident(dialect, name);
        let table = |t: &ObjectRef| match (&t.schema, qualify) {
            (Some(schema), true) => format!("{}.{}", q(schema), q(&t.name)),
            _ => q(&t.name),
        };
        let from = table(&self.table);
        let not_null = |columns: &[String], alias: &str| {
            columns.iter().map(|c| format!("{alias}{} IS NOT NULL", q(c))).collect::<Vec<_>>().join(" AND ")
        };
        Some(match &self.kind {
            ProbeKind::Rows => return None,
            ProbeKind::NonNull { column } => format!("SELECT count(*) FROM {from} WHERE {} IS NOT NULL", q(column)),
            ProbeKind::Nulls { columns } => format!(
                "SELECT count(*) FROM {from} WHERE {}",
                columns.iter().map(|c| format!("{} IS NULL", q(c))).collect::<Vec<_>>().join(" OR ")
            ),
            ProbeKind::Duplicates { columns } => {
                let list = columns.iter().map(|c| q(c)).collect::<Vec<_>>().join(", ");
                format!(
                    "SELECT count(*) FROM (SELECT 1 AS one FROM {from} WHERE {} GROUP BY {list} HAVING count(*) > 1) AS duplicates",
                    not_null(columns, "")
                )
            }
            ProbeKind::ValuesChange { column, checks } => {
                if checks.is_empty() {
                    return None;
                }
                let c = q(column);
                let any = checks.iter().map(|k| format!("({})", k.condition(dialect, &c))).collect::<Vec<_>>();
                format!("SELECT count(*) FROM {from} WHERE {}", any.join(" OR "))
            }
            ProbeKind::Orphans { columns, referenced, referenced_columns } => {
                let joined = columns
                    .iter()
                    .zip(referenced_columns)
                    .map(|(c, r)| format!("p.{} = c.{}", q(r), q(c)))
                    .collect::<Vec<_>>()
                    .join(" AND ");
                format!(
                    "SELECT count(*) FROM {from} c WHERE {} AND NOT EXISTS (SELECT 1 FROM {} p WHERE {joined})",
                    not_null(columns, "c."),
                    table(referenced)
                )
            }
            // The condition is the database's own text (from its catalog) or the migration's.
            ProbeKind::CheckViolations { expression } => {
                format!("SELECT count(*) FROM {from} WHERE NOT ({expression})")
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_queries_quote_every_identifier() {
        let probe = |kind| Probe { table: ObjectRef::new(Some("app"), "us\"ers"), kind };
        let dup = probe(ProbeKind::Duplicates { columns: vec!["e`mail".into()] });
        assert_eq!(
            dup.sql(Dialect::Postgres, true).unwrap(),
            r#"SELECT count(*) FROM (SELECT 1 AS one FROM "app"."us""ers" WHERE "e`mail" IS NOT NULL GROUP BY "e`mail" HAVING count(*) > 1) AS duplicates"#
        );
        assert_eq!(
            dup.sql(Dialect::Mysql, false).unwrap(),
            "SELECT count(*) FROM (SELECT 1 AS one FROM `us\"ers` WHERE `e``mail` IS NOT NULL GROUP BY `e``mail` HAVING count(*) > 1) AS duplicates"
        );
        let orphans = probe(ProbeKind::Orphans {
            columns: vec!["user_id".into()],
            referenced: ObjectRef::new(Some("app"), "people"),
            referenced_columns: vec!["id".into()],
        });
        assert_eq!(
            orphans.sql(Dialect::Sqlite, false).unwrap(),
            r#"SELECT count(*) FROM "us""ers" c WHERE c."user_id" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "people" p WHERE p."id" = c."user_id")"#
        );
        assert!(probe(ProbeKind::Rows).sql(Dialect::Postgres, true).is_none(), "rows come from the statistics");
    }
}
