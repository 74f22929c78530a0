//! The `generator` and `datasource` blocks, written back as the file had them.

use super::*;

/// A `generator` or `datasource` block, its `=` aligned.
pub(super) fn block(kind: &str, block: &KeyValueBlock) -> String {
    let width = block.entries.iter().map(|(key, _)| key.len()).max().unwrap_or(0);
    let mut out = format!("{kind} {} {{\n", block.name);
    for (key, value) in &block.entries {
        let _ = writeln!(out, "  {key:width$} = {}", expr(value));
    }
    out.push_str("}\n");
    out
}

/// Sets (or, with `None`, removes) a block's entry; a new one goes first or last.
pub(super) fn set_entry(block: &mut KeyValueBlock, key: &str, value: Option<Expr>, first: bool) {
    let at = block.entries.iter().position(|(k, _)| k == key);
    match (at, value) {
        (Some(i), Some(value)) => block.entries[i].1 = value,
        (Some(i), None) => {
            block.entries.remove(i);
        }
        (None, Some(value)) if first => block.entries.insert(0, (key.to_owned(), value)),
        (None, Some(value)) => block.entries.push((key.to_owned(), value)),
        (None, None) => {}
    }
}

/// A value as Prisma writes it.
pub(super) fn expr(value: &Expr) -> String {
    let args = |args: &[Arg]| {
        args.iter()
            .map(|a| match &a.name {
                Some(name) => format!("{name}: {}", expr(&a.value)),
                None => expr(&a.value),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match value {
        Expr::String(text) => string(text),
        Expr::Number(n) => n.clone(),
        Expr::Bool(b) => b.to_string(),
        Expr::Path(p) => p.clone(),
        Expr::Call(name, call_args) => format!("{name}({})", args(call_args)),
        Expr::Array(items) => format!("[{}]", items.iter().map(expr).collect::<Vec<_>>().join(", ")),
    }
}

/// Ends a model or enum: its `@@` lines after a blank line, then `}`.
pub(super) fn close_block(out: &mut String, block: &[String]) {
    if !block.is_empty() {
        out.push('\n');
        for line in block {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push_str("}\n");
}
