//! SQLite's `CREATE TABLE` as sqlparser reads it.

use sqlparser::dialect::SQLiteDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

use super::LineIndex;

/// The column list with what SQLite takes and sqlparser does not read made plain: a name
/// written as a string (`'data' integer`, which SQLite reads as an identifier) double-quoted,
/// and a type of several words (`BLOB SUB_TYPE TEXT`: SQLite keeps any words as the declared
/// type, which `pragma_table_xinfo` reports) cut to its first word. Nothing read from the text
/// depends on the type (its declared type is read from `pragma_table_xinfo`; a linter needs only
/// the statement's shape).
pub fn plain_columns(sql: &str) -> Result<String, String> {
    const AFTER_TYPE: &[&str] = &[
        "CONSTRAINT",
        "PRIMARY",
        "NOT",
        "NULL",
        "UNIQUE",
        "CHECK",
        "DEFAULT",
        "COLLATE",
        "REFERENCES",
        "GENERATED",
        "AS",
        "ON",
        "AUTOINCREMENT",
    ];
    const TABLE_CONSTRAINT: &[&str] = &["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];
    let tokens = Tokenizer::new(&SQLiteDialect {}, sql).tokenize_with_location().map_err(|e| e.to_string())?;
    let lines = LineIndex::new(sql);
    let span = |t: &TokenWithSpan| {
        (lines.offset(t.span.start.line, t.span.start.column), lines.offset(t.span.end.line, t.span.end.column))
    };
    let word = |t: &Token| match t {
        Token::Word(w) if w.quote_style.is_none() => Some(w.value.to_ascii_uppercase()),
        _ => None,
    };
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut depth = 0usize;
    // Where in a column definition the next significant token stands.
    #[derive(PartialEq)]
    enum At {
        Name,
        Type,
        Rest,
    }
    let mut at = At::Rest;
    let mut type_words: Vec<(usize, usize)> = Vec::new();
    for token in tokens.iter().filter(|t| !matches!(t.token, Token::Whitespace(_))) {
        let upper = word(&token.token);
        if at == At::Type && !(depth == 1 && upper.as_deref().is_some_and(|w| !AFTER_TYPE.contains(&w))) {
            if let [(_, first_end), .., (_, last_end)] = type_words[..] {
                edits.push((first_end, last_end, String::new()));
            }
            type_words.clear();
            at = At::Rest;
        }
        match (&token.token, &at) {
            (Token::LParen, _) => {
                depth += 1;
                if depth == 1 {
                    at = At::Name;
                }
            }
            (Token::RParen, _) => depth = depth.saturating_sub(1),
            (Token::Comma, _) if depth == 1 => at = At::Name,
            (_, At::Name) if upper.as_deref().is_some_and(|w| TABLE_CONSTRAINT.contains(&w)) => at = At::Rest,
            (Token::SingleQuotedString(name), At::Name) => {
                let (start, end) = span(token);
                edits.push((start, end, format!("\"{}\"", name.replace('"', "\"\""))));
                at = At::Type;
            }
            (_, At::Name) => at = At::Type,
            (_, At::Type) => type_words.push(span(token)),
            _ => {}
        }
    }
    let mut plain = sql.to_owned();
    for (start, end, text) in edits.into_iter().rev() {
        plain.replace_range(start..end, &text);
    }
    Ok(plain)
}
