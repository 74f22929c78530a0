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

/// `name` cut to at most `bytes` bytes, on a character boundary: the names Plumb makes up
/// (`_plumb_old_…`, backups) within what the server keeps (PostgreSQL 63, MySQL 64).
pub fn within_bytes(mut name: String, bytes: usize) -> String {
    let mut cut = bytes.min(name.len());
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    name.truncate(cut);
    name
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

/// `text` made safe for a `--` comment line (and a terminal): every control character and line or
/// paragraph separator is written as its escape (`\n`, `\u{1b}`), so that a name holding a line
/// break cannot end the comment and put the rest of itself on a line of its own as SQL.
pub fn comment_text(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if unsafe_char(c) { c.escape_default().collect::<String>() } else { c.to_string() })
            .collect(),
    )
}

/// `text` in lower case except inside its single-quoted literals, which keep their exact spelling:
/// type names are case-insensitive but enum labels (`enum('Active','Inactive')`) are data.
/// A doubled quote or (MySQL) a backslash-escaped one stays inside its literal.
pub fn lowercase_outside_literals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_literal = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if in_literal && chars.peek() == Some(&'\'') => {
                out.push_str("''");
                chars.next();
            }
            '\'' => {
                in_literal = !in_literal;
                out.push(c);
            }
            '\\' if in_literal => {
                out.push(c);
                out.extend(chars.next());
            }
            _ if in_literal => out.push(c),
            _ => out.extend(c.to_lowercase()),
        }
    }
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
    fn names_are_cut_on_a_character_boundary() {
        assert_eq!(within_bytes("short".into(), 63), "short");
        assert_eq!(within_bytes("abcdef".into(), 4), "abcd");
        // "é" is two bytes: a cut through it keeps the character out.
        assert_eq!(within_bytes("abé".into(), 3), "ab");
    }

    #[test]
    fn quotes_literals_per_dialect() {
        assert_eq!(quote_literal(Dialect::Sqlite, "it's"), "'it''s'");
        assert_eq!(quote_literal(Dialect::Postgres, r"a\b"), r"'a\b'");
        assert_eq!(quote_literal(Dialect::Mysql, r"a\b'"), r"'a\\b'''");
    }

    #[test]
    fn comment_text_keeps_every_line_break_inside_the_comment() {
        assert_eq!(comment_text("drop table t\nDELETE FROM canary;--"), "drop table t\\nDELETE FROM canary;--");
        assert_eq!(comment_text("a\rb\u{1b}[31mc\u{2028}d\te"), "a\\rb\\u{1b}[31mc\\u{2028}d\te");
        assert!(matches!(comment_text("plain users.email"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn lowercases_everything_but_literals() {
        assert_eq!(lowercase_outside_literals("ENUM('Active','In''Active')"), "enum('Active','In''Active')");
        assert_eq!(lowercase_outside_literals(r"SET('A\'B','C') NOT NULL"), r"set('A\'B','C') not null");
        assert_eq!(lowercase_outside_literals("VARCHAR(10)"), "varchar(10)");
    }
}
