//! The texts of a schema that reach SQL as written: column types, defaults, generated columns,
//! checks, index expressions and predicates, and view, routine and trigger definitions. A
//! snapshot or a plan file is hostile input, so before any of them reaches a plan each must be
//! one piece of SQL: an expression with no statement break in it, a definition that is a single
//! statement. (Names never need this: they are always quoted.)

use sqlparser::tokenizer::{Token, Tokenizer};

use super::{Database, Index, IndexKey};
use crate::dialect::Dialect;
use crate::lint::sql_file::sql_dialect;

/// The first text of `db` that is not one piece of SQL, named by where it is and what it holds.
pub fn first_unsafe_text(db: &Database) -> Option<String> {
    let dialect = db.flavor.dialect();
    // Where a text is, said only for the one refused: 20,000 columns must not format 60,000 names.
    let expression = |what: &dyn Fn() -> String, text: &str| {
        (!is_expression(text, dialect)).then(|| format!("{}: {text:?}", what()))
    };
    let statement =
        |what: &dyn Fn() -> String, text: &str| (!is_statement(text, dialect)).then(|| format!("{}: {text:?}", what()));
    for schema in &db.schemas {
        for table in &schema.tables {
            let at = |part: &str| format!("{}.{} {part}", schema.name, table.name);
            for column in &table.columns {
                let col = |part: &str| at(&format!("column {} {part}", column.name));
                let found = expression(&|| col("type"), &column.column_type.raw)
                    .or_else(|| column.default.as_deref().and_then(|d| expression(&|| col("default"), d)))
                    .or_else(|| {
                        column.generated.as_ref().and_then(|g| expression(&|| col("expression"), &g.expression))
                    });
                if found.is_some() {
                    return found;
                }
            }
            for check in &table.checks {
                if let Some(found) = expression(&|| at("check"), &check.expression) {
                    return Some(found);
                }
            }
            if let Some(found) = unsafe_index_text(&table.indexes, at, &expression) {
                return Some(found);
            }
        }
        for view in &schema.views {
            let at = |part: &str| format!("{}.{} {part}", schema.name, view.name);
            if let Some(found) = unsafe_index_text(&view.indexes, at, &expression) {
                return Some(found);
            }
        }
        for domain in &schema.domains {
            let at = |part: &str| format!("{}.{} {part}", schema.name, domain.name);
            let texts = std::iter::once(("type", domain.data_type.as_str()))
                .chain(domain.default.as_deref().map(|d| ("default", d)))
                .chain(domain.checks.iter().map(|c| ("check", c.expression.as_str())));
            for (part, text) in texts {
                if let Some(found) = expression(&|| at(part), text) {
                    return Some(found);
                }
            }
        }
        let definitions = schema
            .views
            .iter()
            .map(|v| ("view", v.name.as_str(), v.definition.as_str()))
            .chain(schema.routines.iter().map(|r| ("routine", r.name.as_str(), r.definition.as_str())))
            .chain(schema.triggers.iter().map(|t| ("trigger", t.name.as_str(), t.definition.as_str())));
        for (kind, name, text) in definitions {
            if let Some(found) = statement(&|| format!("{kind} {}.{name}", schema.name), text) {
                return Some(found);
            }
        }
    }
    None
}

/// An expression or a type: tokens with no `;` outside quotes (and no unclosed quote).
/// The first index expression or predicate of `indexes` that is not one piece of SQL.
fn unsafe_index_text(
    indexes: &[Index],
    at: impl Fn(&str) -> String,
    expression: &impl Fn(&dyn Fn() -> String, &str) -> Option<String>,
) -> Option<String> {
    indexes.iter().find_map(|index| {
        let parts = index.parts.iter().filter_map(|p| match &p.key {
            IndexKey::Expression(e) => Some(e.as_str()),
            IndexKey::Column(_) => None,
        });
        parts
            .chain(index.predicate.as_deref())
            .find_map(|text| expression(&|| at(&format!("index {}", index.name)), text))
    })
}

pub(crate) fn is_expression(text: &str, dialect: Dialect) -> bool {
    // Most texts (types, numbers, function calls) have no `;` and nothing that opens a quote or a
    // comment: tokenized, they could hold neither a `;` token nor an unclosed quote, so they need
    // not be (60,000 texts on a 2,000-table schema, on both sides of every plan).
    if !text.contains("/*") && !text.contains([';', '\'', '"', '`', '$', '[', '\\']) {
        return true;
    }
    let sql = sql_dialect(dialect);
    Tokenizer::new(sql.as_ref(), text).tokenize().is_ok_and(|tokens| !tokens.contains(&Token::SemiColon))
}

/// A definition: one statement at most (a trailing `;` is fine).
fn is_statement(text: &str, dialect: Dialect) -> bool {
    crate::lint::sql_file::statements(text, dialect).is_ok_and(|statements| statements.len() <= 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::sample_database;

    #[test]
    fn a_text_that_holds_a_second_statement_is_found() {
        let db = sample_database();
        assert_eq!(first_unsafe_text(&db), None, "a schema read from a database is fine");
        let mut smuggled = db.clone();
        smuggled.schemas[0].tables[0].columns[0].default = Some("0; DELETE FROM canary".into());
        assert!(first_unsafe_text(&smuggled).is_some_and(|f| f.contains("default")));
        let mut quoted = db.clone();
        quoted.schemas[0].tables[0].columns[0].default = Some("'a;b'".into());
        assert_eq!(first_unsafe_text(&quoted), None, "a semicolon inside a literal is data");
        let mut typed = db;
        typed.schemas[0].tables[0].columns[0].column_type.raw = "integer); DROP TABLE canary; --".into();
        assert!(first_unsafe_text(&typed).is_some_and(|f| f.contains("type")));
    }

    #[test]
    fn texts_that_skip_the_tokenizer_are_those_it_would_accept() {
        let tokenized = |text: &str, dialect: Dialect| {
            Tokenizer::new(sql_dialect(dialect).as_ref(), text)
                .tokenize()
                .is_ok_and(|tokens| !tokens.contains(&Token::SemiColon))
        };
        for dialect in [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite] {
            for text in [
                "integer",
                "character varying(200)",
                "now()",
                "a + b * 2",
                "x -- comment",
                "# mysql comment",
                "0",
                "a /* open",
                "'open",
                "\"open",
                "`open",
                "$$ open",
                "[open",
                "a; b",
                "'a;b'",
                "a \\ b",
                "é ü",
            ] {
                assert_eq!(is_expression(text, dialect), tokenized(text, dialect), "{text:?} on {dialect:?}");
            }
        }
    }
}
