//! Python, read with tree-sitter's Python grammar: SQL in the string argument of
//! `text("…")` (SQLAlchemy), `cursor.execute("…")`, `conn.exec_driver_sql("…")`,
//! `pd.read_sql("…")` and the like, f-strings with each `{…}` as `NULL`.

use tree_sitter::{Node, Parser};

use super::code::{looks_like_sql, At, CodeRef};

const QUERY_CALLS: &[&str] = &[
    "text",
    "execute",
    "executemany",
    "executescript",
    "exec_driver_sql",
    "raw",
    "read_sql",
    "read_sql_query",
    "fetch",
    "fetchrow",
    "fetchval",
    "query",
    "sql",
];

fn string(node: Node<'_>, source: &[u8]) -> Option<(String, At)> {
    if node.kind() != "string" {
        return None;
    }
    let mut out = String::new();
    let mut at = None;
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "string_content" | "escape_sequence" => {
                at.get_or_insert(At::of(child.start_position()));
                out.push_str(child.utf8_text(source).unwrap_or_default());
            }
            "interpolation" => {
                at.get_or_insert(At::of(child.start_position()));
                let hole = child.utf8_text(source).unwrap_or_default();
                out.push_str("NULL");
                out.extend(hole.chars().skip(4).map(|c| if c == '\n' { '\n' } else { ' ' }));
            }
            _ => {}
        }
    }
    Some((out, at?))
}

fn visit(node: Node<'_>, source: &[u8], found: &mut Vec<CodeRef>) {
    if node.kind() == "call" {
        let name = node.child_by_field_name("function").and_then(|f| match f.kind() {
            "identifier" => f.utf8_text(source).ok(),
            "attribute" => f.child_by_field_name("attribute").and_then(|a| a.utf8_text(source).ok()),
            _ => None,
        });
        if name.is_some_and(|n| QUERY_CALLS.contains(&n)) {
            let first = node.child_by_field_name("arguments").and_then(|a| a.named_child(0));
            if let Some((sql, at)) = first.and_then(|f| string(f, source)) {
                if looks_like_sql(&sql) {
                    found.push(CodeRef::Sql { text: sql, at });
                }
            }
        }
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        visit(child, source, found);
    }
}

/// What a Python file names; `None` when the grammar does not load.
pub(super) fn read(text: &str) -> Option<Vec<CodeRef>> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_python::LANGUAGE.into()).ok()?;
    let tree = parser.parse(text, None)?;
    let mut found = Vec::new();
    visit(tree.root_node(), text.as_bytes(), &mut found);
    Some(found)
}
