//! Identifier and literal quoting: the one place per dialect where user-controlled text enters SQL.

use super::Dialect;

/// Quotes an identifier so that any name, including reserved words, mixed case, spaces and quote
/// characters, reaches the server unchanged.
///
/// PostgreSQL and SQLite use double quotes (doubling embedded ones); MySQL uses backticks
/// (doubling embedded ones), see <https://dev.mysql.com/doc/refman/8.0/en/identifiers.html>.
pub fn quote_ident(dialect: Dialect, name: &str) -> String {
    let quote = match dialect {
        Dialect::Postgres | Dialect::Sqlite => '"',
        Dialect::Mysql => '`',
    };
    let mut out = String::with_capacity(name.len() + 2);
    out.push(quote);
    for c in name.chars() {
        if c == quote {
            out.push(quote);
        }
        out.push(c);
    }
    out.push(quote);
    out
}

/// Quotes a string literal. Single quotes are doubled in every dialect; MySQL also treats the
/// backslash as an escape character unless `NO_BACKSLASH_ESCAPES` is set, so it is doubled there
/// (<https://dev.mysql.com/doc/refman/8.0/en/string-literals.html>).
pub fn quote_literal(dialect: Dialect, value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("''"),
            '\\' if dialect == Dialect::Mysql => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_identifiers_per_dialect() {
        assert_eq!(quote_ident(Dialect::Sqlite, "user"), "\"user\"");
        assert_eq!(quote_ident(Dialect::Postgres, "we\"ird"), "\"we\"\"ird\"");
        assert_eq!(quote_ident(Dialect::Mysql, "a`b"), "`a``b`");
        assert_eq!(quote_ident(Dialect::Mysql, "say \"hi\""), "`say \"hi\"`");
    }

    #[test]
    fn quotes_literals_per_dialect() {
        assert_eq!(quote_literal(Dialect::Sqlite, "it's"), "'it''s'");
        assert_eq!(quote_literal(Dialect::Postgres, r"a\b"), r"'a\b'");
        assert_eq!(quote_literal(Dialect::Mysql, r"a\b'"), r"'a\\b'''");
    }
}
