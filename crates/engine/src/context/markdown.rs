//! The export as Markdown: one section per table with its columns as a table, its keys and its
//! relations both ways; then views and enums. Same content, same order as the JSON.

use std::fmt::Write;

use super::{Context, TableContext};

/// Table cells hold text with `|` and newlines escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn table(out: &mut String, t: &TableContext) {
    let _ = writeln!(out, "### {}\n", t.qualified_name);
    if let Some(comment) = &t.comment {
        let _ = writeln!(out, "{}\n", cell(comment));
    }
    if let Some(rows) = t.row_estimate {
        let _ = writeln!(out, "About {rows} rows.\n");
    }
    out.push_str("| Column | Type | Null | Default | Notes |\n|---|---|---|---|---|\n");
    for c in &t.columns {
        let mut notes: Vec<String> = Vec::new();
        if c.primary_key {
            notes.push("primary key".into());
        }
        if let Some(identity) = &c.identity {
            notes.push(format!("identity: {}", identity.replace('_', " ")));
        }
        if let Some(generated) = &c.generated {
            notes.push(format!("generated: `{}`", cell(generated)));
        }
        if let Some(comment) = &c.comment {
            notes.push(cell(comment));
        }
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            cell(&c.name),
            cell(&c.column_type),
            if c.nullable { "yes" } else { "no" },
            c.default.as_deref().map(|d| format!("`{}`", cell(d))).unwrap_or_default(),
            notes.join("; ")
        );
    }
    out.push('\n');
    for u in &t.unique {
        let _ = writeln!(out, "- unique ({})", u.columns.join(", "));
    }
    for i in &t.indexes {
        let unique = if i.unique { "unique " } else { "" };
        let partial = i.predicate.as_deref().map(|p| format!(" where `{p}`")).unwrap_or_default();
        let _ = writeln!(out, "- {unique}index {} ({}){partial}", i.name, i.columns.join(", "));
    }
    for check in &t.checks {
        let _ = writeln!(out, "- check `{check}`");
    }
    for fk in &t.foreign_keys {
        let _ = writeln!(
            out,
            "- ({}) → {} ({}), on delete {}, on update {}",
            fk.columns.join(", "),
            fk.references,
            fk.referenced_columns.join(", "),
            fk.on_delete,
            fk.on_update
        );
    }
    for r in &t.referenced_by {
        let _ = writeln!(
            out,
            "- ← {} ({}) references ({})",
            r.table,
            r.columns.join(", "),
            r.referenced_columns.join(", ")
        );
    }
    out.push('\n');
}

/// The export as Markdown.
pub fn markdown(context: &Context) -> String {
    let flavor = serde_json::from_value::<crate::dialect::Flavor>(context.flavor.clone().into())
        .map_or(context.flavor.as_str(), |f| f.display_name());
    let mut out = format!(
        "# Database schema\n\n{flavor} {}, exported by Plumb (format {} version {}).\n\n",
        context.server_version.as_deref().unwrap_or(""),
        context.format,
        context.version
    );
    for schema in &context.schemas {
        let _ = writeln!(out, "## Schema {}\n", schema.name);
        if let Some(comment) = &schema.comment {
            let _ = writeln!(out, "{}\n", cell(comment));
        }
        for t in &schema.tables {
            table(&mut out, t);
        }
        for v in &schema.views {
            let kind = if v.materialized { "Materialized view" } else { "View" };
            let _ = writeln!(out, "### {kind} {}.{}\n\n```sql\n{}\n```\n", schema.name, v.name, v.definition.trim());
        }
        for e in &schema.enums {
            let _ = writeln!(out, "### Enum {}.{}\n\n{}\n", schema.name, e.name, e.values.join(", "));
        }
    }
    out
}
