//! A schema as an indented tree, one object per line, aligned columns.

use std::fmt::Write;

use crate::model::{
    Column, ColumnExtras, Database, Deferrable, ForeignKey, Identity, Index, IndexKey, IndexPart, MatchKind,
    PolicyCommand, ReferentialAction, RoutineKind, Schema, Table, TableExtras, Trigger, TriggerEvent, TriggerTiming,
};

/// Renders a database as a readable tree.
pub fn tree(db: &Database) -> String {
    let mut out = String::new();
    let version = db.server_version.map(|v| format!(" {v}")).unwrap_or_default();
    let _ = writeln!(out, "{}{version}", db.flavor);
    if !db.extensions.is_empty() {
        let names: Vec<String> = db.extensions.iter().map(|e| format!("{} {}", e.name, e.version)).collect();
        let _ = writeln!(out, "extensions: {}", names.join(", "));
    }
    for schema in &db.schemas {
        render_schema(&mut out, schema);
    }
    if !db.unsupported.is_empty() {
        let _ = writeln!(out, "\npresent but not compared (Plumb does not model these yet):");
        for object in &db.unsupported {
            let place = object.schema.as_ref().map(|s| format!("{s}.")).unwrap_or_default();
            let _ = writeln!(out, "  {} {place}{}", object.kind, object.name);
        }
    }
    out
}

fn render_schema(out: &mut String, schema: &Schema) {
    let _ = writeln!(
        out,
        "schema {}: {}, {}, {}",
        schema.name,
        count(schema.tables.len(), "table"),
        count(schema.views.len(), "view"),
        count(schema.triggers.len(), "trigger"),
    );
    if let Some(comment) = &schema.comment {
        let _ = writeln!(out, "  -- {comment}");
    }
    for enum_type in &schema.enums {
        let _ = writeln!(out, "\nenum {} ({})", enum_type.name, enum_type.labels.join(", "));
        comment_line(out, enum_type.comment.as_deref(), "  ");
    }
    for domain in &schema.domains {
        let mut line = format!("\ndomain {} {}", domain.name, domain.data_type);
        if let Some(collation) = &domain.collation {
            let _ = write!(line, " COLLATE {collation}");
        }
        line.push_str(if domain.nullable { "  null" } else { "  not null" });
        if let Some(default) = &domain.default {
            let _ = write!(line, "  default {default}");
        }
        let _ = writeln!(out, "{line}");
        for check in &domain.checks {
            let _ = writeln!(out, "  check{} ({})", named(check.name.as_deref()), check.expression);
        }
        comment_line(out, domain.comment.as_deref(), "  ");
    }
    for sequence in &schema.sequences {
        let owner =
            sequence.owned_by.as_ref().map(|o| format!(" owned by {}.{}", o.table, o.column)).unwrap_or_default();
        let _ = writeln!(
            out,
            "\nsequence {} {} start {} increment {} min {} max {} cache {}{}{owner}",
            sequence.name,
            sequence.data_type,
            sequence.start,
            sequence.increment,
            sequence.min_value,
            sequence.max_value,
            sequence.cache,
            if sequence.cycle { " cycle" } else { "" },
        );
        comment_line(out, sequence.comment.as_deref(), "  ");
    }
    for table in &schema.tables {
        out.push('\n');
        render_table(out, table);
    }
    for view in &schema.views {
        let kind = if view.materialized { "materialized view" } else { "view" };
        let _ = writeln!(out, "\n{kind} {}", view.name);
        comment_line(out, view.comment.as_deref(), "  ");
        for line in view.definition.lines() {
            let _ = writeln!(out, "  {}", line.trim_end());
        }
    }
    for trigger in &schema.triggers {
        let _ = writeln!(out, "\ntrigger {}\n  {}", trigger.name, trigger_header(trigger));
        comment_line(out, trigger.comment.as_deref(), "  ");
    }
    for routine in &schema.routines {
        let kind = match routine.kind {
            RoutineKind::Function => "function",
            RoutineKind::Procedure => "procedure",
            RoutineKind::Aggregate => "aggregate",
        };
        let returns = routine.returns.as_ref().map(|r| format!(" returns {r}")).unwrap_or_default();
        let _ =
            writeln!(out, "\n{kind} {}({}){returns}  language {}", routine.name, routine.arguments, routine.language);
        comment_line(out, routine.comment.as_deref(), "  ");
    }
}

pub(super) fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

fn comment_line(out: &mut String, comment: Option<&str>, indent: &str) {
    if let Some(comment) = comment {
        let _ = writeln!(out, "{indent}-- {comment}");
    }
}

fn render_table(out: &mut String, table: &Table) {
    let mut notes = Vec::new();
    if let Some(stats) = &table.stats {
        let rows = count(usize::try_from(stats.row_count).unwrap_or(usize::MAX), "row");
        notes.push(if stats.estimated { format!("~{rows}") } else { rows });
    }
    match &table.extras {
        Some(TableExtras::Sqlite { without_rowid, strict }) => {
            if *without_rowid {
                notes.push("WITHOUT ROWID".into());
            }
            if *strict {
                notes.push("STRICT".into());
            }
        }
        Some(TableExtras::Postgres {
            unlogged,
            partition_key,
            partition_of,
            row_level_security,
            force_row_level_security,
            ..
        }) => {
            if *unlogged {
                notes.push("UNLOGGED".into());
            }
            if let Some(key) = partition_key {
                notes.push(format!("PARTITION BY {key}"));
            }
            if let Some(part) = partition_of {
                notes.push(format!("partition of {}.{} {}", part.parent_schema, part.parent_table, part.bound));
            }
            let parents: Vec<String> = table.inherits().iter().map(|i| format!("{}.{}", i.schema, i.table)).collect();
            if !parents.is_empty() {
                notes.push(format!("inherits {}", parents.join(", ")));
            }
            if *row_level_security {
                notes.push(
                    if *force_row_level_security { "row level security (forced)" } else { "row level security" }.into(),
                );
            }
        }
        Some(TableExtras::Mysql { engine, .. }) => notes.extend(engine.clone()),
        None => {}
    }
    let notes = if notes.is_empty() { String::new() } else { format!("  ({})", notes.join(", ")) };
    let _ = writeln!(out, "table {}{notes}", table.name);
    comment_line(out, table.comment.as_deref(), "  ");

    let name_width = table.columns.iter().map(|c| c.name.len()).max().unwrap_or(0);
    let type_width = table.columns.iter().map(|c| c.column_type.raw.len()).max().unwrap_or(0);
    for column in &table.columns {
        let attrs = column_attributes(column);
        let line = format!("  {:name_width$}  {:type_width$}  {attrs}", column.name, column.column_type.raw);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if let Some(pk) = &table.primary_key {
        let _ = writeln!(
            out,
            "  primary key{} ({}){}",
            named(pk.name.as_deref()),
            pk.columns.join(", "),
            deferrable(pk.deferrable)
        );
    }
    for unique in &table.unique_constraints {
        let nulls = if unique.nulls_not_distinct { " NULLS NOT DISTINCT" } else { "" };
        let _ = writeln!(
            out,
            "  unique{}{nulls} ({}){}",
            named(unique.name.as_deref()),
            unique.columns.join(", "),
            deferrable(unique.deferrable)
        );
    }
    for fk in &table.foreign_keys {
        let _ = writeln!(out, "  {}", foreign_key(fk));
    }
    for check in &table.checks {
        let not_valid = if check.not_valid { " NOT VALID" } else { "" };
        let _ = writeln!(out, "  check{} ({}){not_valid}", named(check.name.as_deref()), check.expression);
    }
    if let Some(TableExtras::Postgres { exclusion_constraints, policies, .. }) = &table.extras {
        for exclusion in exclusion_constraints {
            let _ = writeln!(
                out,
                "  constraint {} {}{}",
                exclusion.name,
                exclusion.definition,
                deferrable(exclusion.deferrable)
            );
        }
        for policy in policies {
            let command = match policy.command {
                PolicyCommand::All => "ALL",
                PolicyCommand::Select => "SELECT",
                PolicyCommand::Insert => "INSERT",
                PolicyCommand::Update => "UPDATE",
                PolicyCommand::Delete => "DELETE",
            };
            let mut line = format!(
                "  policy {} {} FOR {command} TO {}",
                policy.name,
                if policy.permissive { "PERMISSIVE" } else { "RESTRICTIVE" },
                policy.roles.join(", ")
            );
            if let Some(using) = &policy.using {
                let _ = write!(line, " USING ({using})");
            }
            if let Some(check) = &policy.with_check {
                let _ = write!(line, " WITH CHECK ({check})");
            }
            let _ = writeln!(out, "{line}");
        }
    }
    for rule in table.rules() {
        let _ = writeln!(out, "  rule {}", rule.definition.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    for index in &table.indexes {
        let _ = writeln!(out, "  {}", index_line(index));
    }
}

pub(super) fn named(name: Option<&str>) -> String {
    name.map(|n| format!(" {n}")).unwrap_or_default()
}

fn deferrable(deferrable: Deferrable) -> &'static str {
    match deferrable {
        Deferrable::NotDeferrable => "",
        Deferrable::InitiallyImmediate => " DEFERRABLE",
        Deferrable::InitiallyDeferred => " DEFERRABLE INITIALLY DEFERRED",
    }
}

pub(super) fn column_attributes(column: &Column) -> String {
    let mut attrs = vec![if column.nullable { "null" } else { "not null" }.to_owned()];
    if let Some(default) = &column.default {
        attrs.push(format!("default {default}"));
    }
    match column.identity {
        Some(Identity::AutoIncrement) => attrs.push("autoincrement".into()),
        Some(Identity::Always) => attrs.push("identity always".into()),
        Some(Identity::ByDefault) => attrs.push("identity by default".into()),
        None => {}
    }
    if let Some(generated) = &column.generated {
        attrs.push(format!("generated ({}) {:?}", generated.expression, generated.storage).to_lowercase());
    }
    if let Some(ColumnExtras::Mysql { charset, on_update, invisible }) = &column.extras {
        if let Some(charset) = charset {
            attrs.push(format!("charset {charset}"));
        }
        if let Some(on_update) = on_update {
            attrs.push(format!("on update {on_update}"));
        }
        if *invisible {
            attrs.push("invisible".into());
        }
    }
    if let Some(collation) = &column.collation {
        attrs.push(format!("collate {collation}"));
    }
    if let Some(comment) = &column.comment {
        attrs.push(format!("-- {comment}"));
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

pub(super) fn foreign_key(fk: &ForeignKey) -> String {
    let target = match &fk.referenced_schema {
        Some(schema) => format!("{schema}.{}", fk.referenced_table),
        None => fk.referenced_table.clone(),
    };
    let mut line = format!(
        "foreign key{} ({}) -> {target} ({})",
        named(fk.name.as_deref()),
        fk.columns.join(", "),
        fk.referenced_columns.join(", ")
    );
    match fk.match_kind {
        MatchKind::Simple => {}
        MatchKind::Full => line.push_str(" MATCH FULL"),
        MatchKind::Partial => line.push_str(" MATCH PARTIAL"),
    }
    for (verb, act) in [("DELETE", fk.on_delete), ("UPDATE", fk.on_update)] {
        if act != ReferentialAction::NoAction {
            let _ = write!(line, " ON {verb} {}", action(act));
        }
    }
    line.push_str(deferrable(fk.deferrable));
    if fk.not_valid {
        line.push_str(" NOT VALID");
    }
    line
}

fn index_part(part: &IndexPart) -> String {
    let mut text = match &part.key {
        IndexKey::Column(name) => name.clone(),
        IndexKey::Expression(expr) => format!("({expr})"),
    };
    if let Some(length) = part.prefix_length {
        let _ = write!(text, "({length})");
    }
    if let Some(collation) = &part.collation {
        let _ = write!(text, " COLLATE {collation}");
    }
    if let Some(opclass) = &part.opclass {
        let _ = write!(text, " {opclass}");
    }
    if part.descending {
        text.push_str(" DESC");
    }
    match part.nulls_first {
        Some(true) => text.push_str(" NULLS FIRST"),
        Some(false) => text.push_str(" NULLS LAST"),
        None => {}
    }
    text
}

pub(super) fn index_line(index: &Index) -> String {
    let parts: Vec<String> = index.parts.iter().map(index_part).collect();
    let kind = if index.unique { "unique index" } else { "index" };
    // btree is every dialect's default method; name the others.
    let method = index.method.as_ref().filter(|m| !m.eq_ignore_ascii_case("btree")).map(|m| format!(" USING {m}"));
    let mut line = format!("{kind} {}{} ({})", index.name, method.unwrap_or_default(), parts.join(", "));
    if !index.include.is_empty() {
        let _ = write!(line, " INCLUDE ({})", index.include.join(", "));
    }
    if index.nulls_not_distinct {
        line.push_str(" NULLS NOT DISTINCT");
    }
    if let Some(predicate) = &index.predicate {
        let _ = write!(line, " WHERE {predicate}");
    }
    if let Some(comment) = &index.comment {
        let _ = write!(line, "  -- {comment}");
    }
    line
}

pub(super) fn trigger_header(trigger: &Trigger) -> String {
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
    let per = if trigger.for_each_row { "" } else { " FOR EACH STATEMENT" };
    let condition = trigger.condition.as_ref().map(|c| format!(" WHEN {c}")).unwrap_or_default();
    format!("{timing} {} ON {}{per}{condition}", events.join(" OR "), trigger.table)
}
