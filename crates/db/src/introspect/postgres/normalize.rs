//! Canonical forms of PostgreSQL facts: type kinds, and expressions without the outer parentheses
//! the server's deparser adds.

use plumb_engine::model::TypeKind;

/// Maps a column's type onto a kind, from the type's internal name (`int4`, `varchar`) and its
/// printed form (`character varying(255)`), which carries the modifiers.
pub(crate) fn type_kind(type_name: &str, printed: &str) -> TypeKind {
    let args: Vec<Option<u32>> = printed
        .split_once('(')
        .map(|(_, rest)| {
            rest.split(')')
                .next()
                .unwrap_or("")
                .split(',')
                .map(|a| a.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let arg = |i: usize| args.get(i).copied().flatten();
    match type_name {
        "bool" => TypeKind::Boolean,
        "int2" => TypeKind::SmallInt,
        "int4" => TypeKind::Integer,
        "int8" => TypeKind::BigInt,
        "numeric" => TypeKind::Decimal {
            precision: arg(0),
            scale: arg(1),
        },
        "float4" => TypeKind::Real,
        "float8" => TypeKind::Double,
        "bpchar" => TypeKind::Char { length: arg(0) },
        "varchar" => TypeKind::Varchar { length: arg(0) },
        "text" => TypeKind::Text,
        "bytea" => TypeKind::Blob,
        "date" => TypeKind::Date,
        "time" => TypeKind::Time { with_time_zone: false },
        "timetz" => TypeKind::Time { with_time_zone: true },
        "timestamp" => TypeKind::Timestamp { with_time_zone: false },
        "timestamptz" => TypeKind::Timestamp { with_time_zone: true },
        "json" | "jsonb" => TypeKind::Json,
        "uuid" => TypeKind::Uuid,
        _ => TypeKind::Other,
    }
}

/// Removes parentheses that wrap the whole expression: `((a > 0))` → `a > 0`, but `(a) + (b)`
/// stays as it is. The deparser (`pg_get_expr`) always adds one pair.
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
            (None, '\'' | '"') => quote = Some(c),
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

/// Reads an identifier as `pg_get_indexdef` prints it: bare, or double-quoted with `""` escapes.
pub(crate) fn unquote_ident(text: &str) -> String {
    match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(inner) => inner.replace("\"\"", "\""),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_types_with_their_modifiers() {
        assert_eq!(
            type_kind("varchar", "character varying(255)"),
            TypeKind::Varchar { length: Some(255) }
        );
        assert_eq!(
            type_kind("numeric", "numeric(10,2)"),
            TypeKind::Decimal {
                precision: Some(10),
                scale: Some(2)
            }
        );
        assert_eq!(
            type_kind("numeric", "numeric"),
            TypeKind::Decimal {
                precision: None,
                scale: None
            }
        );
        assert_eq!(type_kind("bpchar", "character(4)"), TypeKind::Char { length: Some(4) });
        assert_eq!(
            type_kind("timestamptz", "timestamp with time zone"),
            TypeKind::Timestamp { with_time_zone: true }
        );
        assert_eq!(type_kind("_int4", "integer[]"), TypeKind::Other);
        assert_eq!(type_kind("user_status", "app.user_status"), TypeKind::Other);
    }

    #[test]
    fn strips_only_parentheses_around_the_whole_expression() {
        assert_eq!(strip_outer_parens("((score >= (0)::numeric))"), "score >= (0)::numeric");
        assert_eq!(strip_outer_parens("(a > 0) AND (b > 0)"), "(a > 0) AND (b > 0)");
        assert_eq!(strip_outer_parens("(x = ')(')"), "x = ')('");
        assert_eq!(strip_outer_parens("a"), "a");
    }

    #[test]
    fn unquotes_printed_identifiers() {
        assert_eq!(unquote_ident("name"), "name");
        assert_eq!(unquote_ident("\"Mixed Case\""), "Mixed Case");
        assert_eq!(unquote_ident("\"say \"\"hi\"\"\""), "say \"hi\"");
    }
}
