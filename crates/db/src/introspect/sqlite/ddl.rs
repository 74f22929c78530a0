//! Facts only SQLite's stored `CREATE` text holds: constraint names, CHECK expressions, column
//! collations, AUTOINCREMENT, generated expressions, deferrable foreign keys, index expressions and
//! predicates, view queries and trigger headers. Read with sqlparser, never with regexes.
//!
//! Pure: text in, facts out. Expressions are rendered by sqlparser, so their spelling is canonical
//! (keywords upper case, one space after commas) whatever the original layout.

use plumb_engine::dialect::{plain_columns, LineIndex};
use plumb_engine::model::{Deferrable, TriggerEvent, TriggerTiming};
use sqlparser::ast::{
    self, ColumnOption, ConstraintCharacteristics, DeferrableInitial, Expr, ObjectName, OrderBySort, Statement,
    TableConstraint,
};
use sqlparser::dialect::SQLiteDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::{Token, Tokenizer};

/// What a `CREATE TABLE` says beyond the pragmas.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct TableDdl {
    pub columns: Vec<ColumnDdl>,
    pub primary_key_name: Option<String>,
    pub uniques: Vec<NamedColumns>,
    pub checks: Vec<(Option<String>, String)>,
    pub foreign_keys: Vec<ForeignKeyDdl>,
}

/// What a column definition says beyond `pragma_table_xinfo`.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ColumnDdl {
    pub name: String,
    pub collation: Option<String>,
    pub autoincrement: bool,
    pub generated: Option<String>,
}

/// A constraint name with the columns it covers.
#[derive(Debug, PartialEq)]
pub(crate) struct NamedColumns {
    pub name: Option<String>,
    pub columns: Vec<String>,
}

/// What a foreign key clause says beyond `pragma_foreign_key_list`.
#[derive(Debug, PartialEq)]
pub(crate) struct ForeignKeyDdl {
    pub name: Option<String>,
    pub columns: Vec<String>,
    pub referenced_table: String,
    pub deferrable: Deferrable,
}

/// What a `CREATE INDEX` says beyond the pragmas.
#[derive(Debug, PartialEq)]
pub(crate) struct IndexDdl {
    pub parts: Vec<IndexPartDdl>,
    pub predicate: Option<String>,
}

/// One key part of a `CREATE INDEX`.
#[derive(Debug, PartialEq)]
pub(crate) struct IndexPartDdl {
    pub expression: String,
    pub collation: Option<String>,
    pub descending: bool,
}

/// The header of a `CREATE TRIGGER`.
#[derive(Debug, PartialEq)]
pub(crate) struct TriggerDdl {
    pub timing: TriggerTiming,
    pub events: Vec<TriggerEvent>,
    pub update_columns: Vec<String>,
    pub for_each_row: bool,
    pub condition: Option<String>,
}

fn parse_one(sql: &str) -> Result<Statement, String> {
    let mut statements = Parser::parse_sql(&SQLiteDialect {}, sql).map_err(|e| e.to_string())?;
    match statements.len() {
        1 => Ok(statements.remove(0)),
        n => Err(format!("expected one statement, found {n}")),
    }
}

fn last_name(name: &ObjectName) -> String {
    name.0.last().and_then(|part| part.as_ident()).map(|ident| ident.value.clone()).unwrap_or_else(|| name.to_string())
}

fn ident_names(idents: &[ast::Ident]) -> Vec<String> {
    idents.iter().map(|i| i.value.clone()).collect()
}

fn index_column_names(columns: &[ast::IndexColumn]) -> Vec<String> {
    columns
        .iter()
        .map(|c| match &c.column.expr {
            Expr::Identifier(ident) => ident.value.clone(),
            Expr::Collate { expr, .. } => match expr.as_ref() {
                Expr::Identifier(ident) => ident.value.clone(),
                other => other.to_string(),
            },
            other => other.to_string(),
        })
        .collect()
}

/// SQLite's `DEFERRABLE INITIALLY DEFERRED` is the only deferred form; a plain `DEFERRABLE` or
/// `INITIALLY IMMEDIATE` is checked immediately (<https://www.sqlite.org/foreignkeys.html#fk_deferred>).
fn deferrable(characteristics: Option<&ConstraintCharacteristics>) -> Deferrable {
    match characteristics {
        Some(c) if c.deferrable == Some(true) => match c.initially {
            Some(DeferrableInitial::Deferred) => Deferrable::InitiallyDeferred,
            _ => Deferrable::InitiallyImmediate,
        },
        _ => Deferrable::NotDeferrable,
    }
}

/// Cuts the table options (`WITHOUT ROWID`, `STRICT`) after the column list: `pragma_table_list`
/// reports them, and sqlparser does not read `STRICT`.
fn without_table_options(sql: &str) -> Result<String, String> {
    let tokens = Tokenizer::new(&SQLiteDialect {}, sql).tokenize_with_location().map_err(|e| e.to_string())?;
    let mut depth = 0usize;
    for token in &tokens {
        match token.token {
            Token::LParen => depth += 1,
            Token::RParen => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    // Cut the original text, not tokens printed again: a token prints a string
                    // literal without doubling its quotes (`'it''s'` would come out `'it's'`).
                    let end = LineIndex::new(sql).offset(token.span.end.line, token.span.end.column);
                    return Ok(sql[..end].to_owned());
                }
            }
            _ => {}
        }
    }
    Err("no column list".into())
}

/// Reads a stored `CREATE TABLE`.
pub(crate) fn parse_table(sql: &str) -> Result<TableDdl, String> {
    let cut = without_table_options(sql)?;
    // What sqlparser reads as written is read so; what it cannot, once made plain.
    let statement = parse_one(&cut).or_else(|error| parse_one(&plain_columns(&cut)?).map_err(|_| error))?;
    let Statement::CreateTable(create) = statement else {
        return Err("not a CREATE TABLE statement".into());
    };
    let mut ddl = TableDdl::default();
    for column in &create.columns {
        let mut col = ColumnDdl { name: column.name.value.clone(), ..ColumnDdl::default() };
        for def in &column.options {
            let constraint_name = def.name.as_ref().map(|n| n.value.clone());
            match &def.option {
                ColumnOption::Collation(name) => col.collation = Some(last_name(name)),
                ColumnOption::DialectSpecific(tokens)
                    if tokens.iter().any(|t| t.to_string().eq_ignore_ascii_case("AUTOINCREMENT")) =>
                {
                    col.autoincrement = true;
                }
                ColumnOption::Generated { generation_expr: Some(expr), .. } => col.generated = Some(expr.to_string()),
                ColumnOption::PrimaryKey(pk) => {
                    ddl.primary_key_name = constraint_name.or_else(|| pk.name.as_ref().map(|n| n.value.clone()));
                }
                ColumnOption::Unique(unique) => ddl.uniques.push(NamedColumns {
                    name: constraint_name.or_else(|| unique.name.as_ref().map(|n| n.value.clone())),
                    columns: vec![col.name.clone()],
                }),
                ColumnOption::Check(check) => ddl.checks.push((
                    constraint_name.or_else(|| check.name.as_ref().map(|n| n.value.clone())),
                    check.expr.to_string(),
                )),
                ColumnOption::ForeignKey(fk) => ddl.foreign_keys.push(ForeignKeyDdl {
                    name: constraint_name.or_else(|| fk.name.as_ref().map(|n| n.value.clone())),
                    columns: vec![col.name.clone()],
                    referenced_table: last_name(&fk.foreign_table),
                    deferrable: deferrable(fk.characteristics.as_ref()),
                }),
                _ => {}
            }
        }
        ddl.columns.push(col);
    }
    for constraint in &create.constraints {
        match constraint {
            TableConstraint::PrimaryKey(pk) => ddl.primary_key_name = pk.name.as_ref().map(|n| n.value.clone()),
            TableConstraint::Unique(unique) => ddl.uniques.push(NamedColumns {
                name: unique.name.as_ref().map(|n| n.value.clone()),
                columns: index_column_names(&unique.columns),
            }),
            TableConstraint::Check(check) => {
                ddl.checks.push((check.name.as_ref().map(|n| n.value.clone()), check.expr.to_string()));
            }
            TableConstraint::ForeignKey(fk) => ddl.foreign_keys.push(ForeignKeyDdl {
                name: fk.name.as_ref().map(|n| n.value.clone()),
                columns: ident_names(&fk.columns),
                referenced_table: last_name(&fk.foreign_table),
                deferrable: deferrable(fk.characteristics.as_ref()),
            }),
            _ => {}
        }
    }
    Ok(ddl)
}

/// Reads a stored `CREATE INDEX`.
pub(crate) fn parse_index(sql: &str) -> Result<IndexDdl, String> {
    let Statement::CreateIndex(create) = parse_one(sql)? else {
        return Err("not a CREATE INDEX statement".into());
    };
    let parts = create
        .columns
        .iter()
        .map(|part| {
            let descending = matches!(part.column.options.sort, Some(OrderBySort::Desc));
            let (expr, collation) = match &part.column.expr {
                Expr::Collate { expr, collation } => (expr.as_ref(), Some(last_name(collation))),
                other => (other, None),
            };
            IndexPartDdl { expression: expr.to_string(), collation, descending }
        })
        .collect();
    Ok(IndexDdl { parts, predicate: create.predicate.as_ref().map(ToString::to_string) })
}

/// Reads a stored `CREATE VIEW` and returns its query.
pub(crate) fn parse_view(sql: &str) -> Result<String, String> {
    match parse_one(sql)? {
        Statement::CreateView(view) => Ok(view.query.to_string()),
        _ => Err("not a CREATE VIEW statement".into()),
    }
}

/// Reads the header of a stored `CREATE TRIGGER`.
pub(crate) fn parse_trigger(sql: &str) -> Result<TriggerDdl, String> {
    let Statement::CreateTrigger(trigger) = parse_one(sql)? else {
        return Err("not a CREATE TRIGGER statement".into());
    };
    // SQLite's default timing is BEFORE (https://www.sqlite.org/lang_createtrigger.html).
    let timing = match trigger.period {
        Some(ast::TriggerPeriod::After) => TriggerTiming::After,
        Some(ast::TriggerPeriod::InsteadOf) => TriggerTiming::InsteadOf,
        _ => TriggerTiming::Before,
    };
    let mut update_columns = Vec::new();
    let events = trigger
        .events
        .iter()
        .map(|event| match event {
            ast::TriggerEvent::Insert => TriggerEvent::Insert,
            ast::TriggerEvent::Update(columns) => {
                update_columns.extend(ident_names(columns));
                TriggerEvent::Update
            }
            ast::TriggerEvent::Delete => TriggerEvent::Delete,
            ast::TriggerEvent::Truncate => TriggerEvent::Truncate,
        })
        .collect();
    // SQLite only has row triggers, whether or not FOR EACH ROW is written.
    Ok(TriggerDdl {
        timing,
        events,
        update_columns,
        for_each_row: true,
        condition: trigger.condition.as_ref().map(ToString::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_column_and_table_constraints_with_their_names() {
        let ddl = parse_table(
            "CREATE TABLE t (
               id INTEGER CONSTRAINT t_pk PRIMARY KEY AUTOINCREMENT,
               email TEXT NOT NULL COLLATE NOCASE CONSTRAINT t_email_key UNIQUE,
               n INT CHECK (n > 0),
               owner INT CONSTRAINT t_owner_fk REFERENCES users(id) DEFERRABLE INITIALLY DEFERRED,
               total AS (n * 2) STORED,
               a INT, b INT,
               UNIQUE (a, b),
               CONSTRAINT t_ab CHECK (a < b),
               FOREIGN KEY (a, b) REFERENCES pairs (x, y) ON DELETE CASCADE
             ) WITHOUT ROWID, STRICT",
        )
        .unwrap();
        assert_eq!(ddl.primary_key_name.as_deref(), Some("t_pk"));
        assert!(ddl.columns[0].autoincrement && !ddl.columns[1].autoincrement);
        assert_eq!(ddl.columns[1].collation.as_deref(), Some("NOCASE"));
        assert_eq!(ddl.columns[4].generated.as_deref(), Some("n * 2"));
        assert_eq!(
            ddl.uniques,
            [
                NamedColumns { name: Some("t_email_key".into()), columns: vec!["email".into()] },
                NamedColumns { name: None, columns: vec!["a".into(), "b".into()] },
            ]
        );
        assert_eq!(ddl.checks, [(None, "n > 0".into()), (Some("t_ab".into()), "a < b".into())]);
        assert_eq!(
            ddl.foreign_keys,
            [
                ForeignKeyDdl {
                    name: Some("t_owner_fk".into()),
                    columns: vec!["owner".into()],
                    referenced_table: "users".into(),
                    deferrable: Deferrable::InitiallyDeferred,
                },
                ForeignKeyDdl {
                    name: None,
                    columns: vec!["a".into(), "b".into()],
                    referenced_table: "pairs".into(),
                    deferrable: Deferrable::NotDeferrable,
                },
            ]
        );
    }

    #[test]
    fn table_options_are_cut_whatever_their_case_and_order() {
        for tail in ["", " STRICT", " without rowid", " STRICT, WITHOUT ROWID"] {
            let ddl = parse_table(&format!("CREATE TABLE \"odd (name)\" (\"a)\" INT PRIMARY KEY){tail}")).unwrap();
            assert_eq!(ddl.columns[0].name, "a)", "{tail}");
        }
        // Quotes doubled inside a literal, and text past the first line, survive the cut.
        let ddl = parse_table("CREATE TABLE t (\n  a TEXT DEFAULT 'it''s',\n  \"é\" INT CHECK (\"é\" > 0)\n) STRICT")
            .unwrap();
        assert_eq!(ddl.columns[1].name, "é");
        assert_eq!(ddl.checks, [(None, "\"é\" > 0".into())]);
    }

    #[test]
    fn reads_index_expressions_collations_order_and_predicate() {
        let ddl = parse_index(
            "CREATE UNIQUE INDEX i ON t (lower(email), name COLLATE NOCASE DESC, id) WHERE deleted_at IS NULL",
        )
        .unwrap();
        assert_eq!(ddl.predicate.as_deref(), Some("deleted_at IS NULL"));
        assert_eq!(
            ddl.parts,
            [
                IndexPartDdl { expression: "lower(email)".into(), collation: None, descending: false },
                IndexPartDdl { expression: "name".into(), collation: Some("NOCASE".into()), descending: true },
                IndexPartDdl { expression: "id".into(), collation: None, descending: false },
            ]
        );
    }

    #[test]
    fn reads_view_queries_and_trigger_headers() {
        assert_eq!(
            parse_view("CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1").unwrap(),
            "SELECT a, b FROM t WHERE a > 1"
        );
        let trigger = parse_trigger(
            "CREATE TRIGGER tr AFTER UPDATE OF a, b ON t FOR EACH ROW WHEN NEW.a <> OLD.a BEGIN UPDATE t SET b = 1; END",
        )
        .unwrap();
        assert_eq!(
            trigger,
            TriggerDdl {
                timing: TriggerTiming::After,
                events: vec![TriggerEvent::Update],
                update_columns: vec!["a".into(), "b".into()],
                for_each_row: true,
                condition: Some("NEW.a <> OLD.a".into()),
            }
        );
        let before = parse_trigger("CREATE TRIGGER tr DELETE ON t BEGIN SELECT 1; END").unwrap();
        assert_eq!((before.timing, before.events), (TriggerTiming::Before, vec![TriggerEvent::Delete]));
    }

    #[test]
    fn reads_names_written_as_strings_and_types_of_several_words() {
        let ddl = parse_table(
            "CREATE TABLE 'film' ('film id' INTEGER NOT NULL, description BLOB SUB_TYPE TEXT DEFAULT NULL, \
             rate DECIMAL(4,2) CHECK (rate > 0), PRIMARY KEY ('film id'))",
        )
        .unwrap();
        let names: Vec<&str> = ddl.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["film id", "description", "rate"]);
        assert_eq!(ddl.checks, [(None, "rate > 0".to_owned())]);
    }

    #[test]
    fn reports_what_it_cannot_read() {
        assert!(parse_table("CREATE TABLE t (a INT").is_err());
        assert!(parse_view("CREATE TABLE t (a INT)").is_err());
    }
}
