//! The human renderer: a schema as an indented tree, one object per line, aligned columns.

use std::fmt::Write;

use plumb_engine::model::{
    Column, Database, Deferrable, ForeignKey, Index, IndexKey, ReferentialAction, Table, TableExtras, Trigger,
    TriggerEvent, TriggerTiming,
};

/// Renders a database as a readable tree.
pub(crate) fn tree(db: &Database) -> String {
    let mut out = String::new();
    let version = db.server_version.map(|v| format!(" {v}")).unwrap_or_default();
    let _ = writeln!(out, "{}{version}", db.flavor);
    for schema in &db.schemas {
        let _ = writeln!(
            out,
            "schema {}: {}, {}, {}",
            schema.name,
            count(schema.tables.len(), "table"),
            count(schema.views.len(), "view"),
            count(schema.triggers.len(), "trigger"),
        );
        for table in &schema.tables {
            out.push('\n');
            render_table(&mut out, table);
        }
        for view in &schema.views {
            let _ = writeln!(out, "\nview {}\n  {}", view.name, view.definition);
        }
        for trigger in &schema.triggers {
            let _ = writeln!(out, "\ntrigger {}\n  {}", trigger.name, trigger_header(trigger));
        }
    }
    out
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn render_table(out: &mut String, table: &Table) {
    let mut notes = Vec::new();
    if let Some(stats) = &table.stats {
        notes.push(count(usize::try_from(stats.row_count).unwrap_or(usize::MAX), "row"));
    }
    if let Some(TableExtras::Sqlite { without_rowid, strict }) = &table.extras {
        if *without_rowid {
            notes.push("WITHOUT ROWID".into());
        }
        if *strict {
            notes.push("STRICT".into());
        }
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!("  ({})", notes.join(", "))
    };
    let _ = writeln!(out, "table {}{notes}", table.name);

    let name_width = table.columns.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let type_width = table.columns.iter().map(|c| c.column_type.raw.len()).max().unwrap_or(0);
    for column in &table.columns {
        let attrs = column_attributes(column);
        let line = format!(
            "  {:name_width$}  {:type_width$}  {attrs}",
            column.name, column.column_type.raw
        );
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(pk) = &table.primary_key {
        let _ = writeln!(
            out,
            "  primary key{} ({})",
            named(pk.name.as_deref()),
            pk.columns.join(", ")
        );
    }
    for unique in &table.unique_constraints {
        let _ = writeln!(
            out,
            "  unique{} ({})",
            named(unique.name.as_deref()),
            unique.columns.join(", ")
        );
    }
    for fk in &table.foreign_keys {
        let _ = writeln!(out, "  {}", foreign_key(fk));
    }
    for check in &table.checks {
        let _ = writeln!(out, "  check{} ({})", named(check.name.as_deref()), check.expression);
    }
    for index in &table.indexes {
        let _ = writeln!(out, "  {}", index_line(index));
    }
}

fn named(name: Option<&str>) -> String {
    name.map(|n| format!(" {n}")).unwrap_or_default()
}

fn column_attributes(column: &Column) -> String {
    let mut attrs = vec![if column.nullable { "null" } else { "not null" }.to_owned()];
    if let Some(default) = &column.default {
        attrs.push(format!("default {default}"));
    }
    if column.identity.is_some() {
        attrs.push("autoincrement".into());
    }
    if let Some(generated) = &column.generated {
        attrs.push(format!("generated ({}) {:?}", generated.expression, generated.storage).to_lowercase());
    }
    if let Some(collation) = &column.collation {
        attrs.push(format!("collate {collation}"));
    }
    attrs.join("  ")
}

fn action(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::NoAction => "NO ACTION",
        ReferentialAction::Restrict => "RESTRICT",
        ReferentialAction::Cascade => "CASCADE",
        ReferentialAction::SetNull => "SET NULL",
        ReferentialAction::SetDefault => "SET DEFAULT",
    }
}

fn foreign_key(fk: &ForeignKey) -> String {
    let mut line = format!(
        "foreign key{} ({}) -> {} ({})",
        named(fk.name.as_deref()),
        fk.columns.join(", "),
        fk.referenced_table,
        fk.referenced_columns.join(", ")
    );
    for (verb, act) in [("DELETE", fk.on_delete), ("UPDATE", fk.on_update)] {
        if act != ReferentialAction::NoAction {
            let _ = write!(line, " ON {verb} {}", action(act));
        }
    }
    match fk.deferrable {
        Deferrable::NotDeferrable => {}
        Deferrable::InitiallyImmediate => line.push_str(" DEFERRABLE"),
        Deferrable::InitiallyDeferred => line.push_str(" DEFERRABLE INITIALLY DEFERRED"),
    }
    line
}

fn index_line(index: &Index) -> String {
    let parts: Vec<String> = index
        .parts
        .iter()
        .map(|part| {
            let mut text = match &part.key {
                IndexKey::Column(name) => name.clone(),
                IndexKey::Expression(expr) => format!("({expr})"),
            };
            if let Some(collation) = &part.collation {
                let _ = write!(text, " COLLATE {collation}");
            }
            if part.descending {
                text.push_str(" DESC");
            }
            text
        })
        .collect();
    let kind = if index.unique { "unique index" } else { "index" };
    let predicate = index
        .predicate
        .as_ref()
        .map(|p| format!(" WHERE {p}"))
        .unwrap_or_default();
    format!("{kind} {} ({}){predicate}", index.name, parts.join(", "))
}

fn trigger_header(trigger: &Trigger) -> String {
    let timing = match trigger.timing {
        TriggerTiming::Before => "BEFORE",
        TriggerTiming::After => "AFTER",
        TriggerTiming::InsteadOf => "INSTEAD OF",
    };
    let events: Vec<String> = trigger
        .events
        .iter()
        .map(|event| match event {
            TriggerEvent::Insert => "INSERT".to_owned(),
            TriggerEvent::Delete => "DELETE".to_owned(),
            TriggerEvent::Truncate => "TRUNCATE".to_owned(),
            TriggerEvent::Update if trigger.update_columns.is_empty() => "UPDATE".to_owned(),
            TriggerEvent::Update => format!("UPDATE OF {}", trigger.update_columns.join(", ")),
        })
        .collect();
    let condition = trigger
        .condition
        .as_ref()
        .map(|c| format!(" WHEN {c}"))
        .unwrap_or_default();
    format!("{timing} {} ON {}{condition}", events.join(" OR "), trigger.table)
}
