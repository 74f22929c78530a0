//! Which dialect a SQL file is written for, from the tokens only its dialect uses.

use sqlparser::dialect::GenericDialect;
use sqlparser::tokenizer::{Token, Tokenizer};

use crate::dialect::Dialect;

/// The dialect the text's tokens point to, or `None` when nothing tells (plain ANSI DDL) or the
/// clues disagree evenly.
pub fn infer_dialect(text: &str) -> Option<Dialect> {
    let tokens = Tokenizer::new(&GenericDialect {}, text).tokenize().ok()?;
    let (mut postgres, mut mysql, mut sqlite) = (0u32, 0u32, 0u32);
    for token in &tokens {
        match token {
            Token::DollarQuotedString(_) | Token::DoubleColon => postgres += 1,
            Token::Word(w) if w.quote_style == Some('`') => mysql += 1,
            Token::Word(w) if w.quote_style.is_none() => match w.value.to_ascii_uppercase().as_str() {
                "SERIAL" | "BIGSERIAL" | "SMALLSERIAL" | "JSONB" | "TIMESTAMPTZ" | "CONCURRENTLY" | "PLPGSQL"
                | "BYTEA" | "TSVECTOR" => postgres += 1,
                "AUTO_INCREMENT" | "ENGINE" | "UNSIGNED" | "DELIMITER" | "TINYINT" | "MEDIUMTEXT" | "LONGTEXT" => {
                    mysql += 1
                }
                "AUTOINCREMENT" | "PRAGMA" | "ROWID" => sqlite += 1,
                _ => {}
            },
            _ => {}
        }
    }
    let best = postgres.max(mysql).max(sqlite);
    let winners = [(postgres, Dialect::Postgres), (mysql, Dialect::Mysql), (sqlite, Dialect::Sqlite)]
        .into_iter()
        .filter(|(score, _)| *score == best)
        .collect::<Vec<_>>();
    match winners.as_slice() {
        [(score, dialect)] if *score > 0 => Some(*dialect),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_dialects_by_their_own_tokens() {
        assert_eq!(infer_dialect("CREATE TABLE t (id bigserial, doc jsonb);"), Some(Dialect::Postgres));
        assert_eq!(infer_dialect("SELECT '1'::int;"), Some(Dialect::Postgres));
        assert_eq!(infer_dialect("CREATE TABLE `t` (id int AUTO_INCREMENT) ENGINE=InnoDB;"), Some(Dialect::Mysql));
        assert_eq!(infer_dialect("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);"), Some(Dialect::Sqlite));
        assert_eq!(infer_dialect("CREATE TABLE t (id int);"), None, "plain DDL tells nothing");
        assert_eq!(infer_dialect("-- `serial` in a comment is not a clue\nCREATE TABLE t (id int);"), None);
    }
}
