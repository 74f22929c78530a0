//! Text helpers shared by the server dialects' normalizers.

/// Removes parentheses that wrap the whole expression: `((a > 0))` → `a > 0`, but `(a) + (b)`
/// stays as it is. PostgreSQL's deparser and MySQL's CHECK_CLAUSE add such pairs; MariaDB does not.
pub(crate) fn strip_outer_parens(expression: &str) -> String {
    let mut text = expression.trim();
    while text.starts_with('(') && text.ends_with(')') && closes_at_end(text) {
        text = text[1..text.len() - 1].trim();
    }
    text.to_owned()
}

/// Whether the `(` at the start is closed by the `)` at the end (quotes respected).
fn closes_at_end(text: &str) -> bool {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '`') => quote = Some(c),
            (None, '(') => depth += 1,
            (None, ')') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == text.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_parentheses_around_the_whole_expression() {
        assert_eq!(strip_outer_parens("((score >= (0)::numeric))"), "score >= (0)::numeric");
        assert_eq!(strip_outer_parens("(a > 0) AND (b > 0)"), "(a > 0) AND (b > 0)");
        assert_eq!(strip_outer_parens("(x = ')(')"), "x = ')('");
        assert_eq!(strip_outer_parens("(`a)` > 0)"), "`a)` > 0");
        assert_eq!(strip_outer_parens("a"), "a");
    }
}
