//! Identifier quoting: the one place per dialect where user-controlled names enter SQL.

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
}
