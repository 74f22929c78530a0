//! The DDL of one object as a reviewer reads it: the statements that would create it, written by
//! the same dialect code as the plans (so what is shown is what Plumb would run).

use crate::model::{Domain, EnumType, Extension, Routine, Sequence, Table, Trigger, View};
use crate::plan::sql::SqlGen;
use crate::Result;

/// An object whose DDL can be shown.
pub(super) enum Object<'a> {
    /// A schema, with its comment.
    Schema(&'a str, Option<&'a str>),
    Table(&'a Table),
    View(&'a View),
    Enum(&'a EnumType),
    Domain(&'a Domain),
    Sequence(&'a Sequence),
    Routine(&'a Routine),
    Trigger(&'a Trigger),
    Extension(&'a Extension),
}

/// The statements that create `object` in `schema`, each ended by `;`, a blank line apart. A
/// table's foreign keys follow its CREATE TABLE where the dialect adds them separately, so one
/// text holds the whole table.
pub(super) fn render(gen: &dyn SqlGen, schema: &str, object: &Object<'_>) -> String {
    let statements = match statements(gen, schema, object) {
        Ok(statements) => statements,
        // The object is still listed; only its text cannot be written (the plan says the same).
        Err(error) => return format!("-- Plumb cannot write this object's DDL: {error}"),
    };
    let mut text = String::new();
    for statement in statements {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(statement.trim_end());
        if !statement.trim_end().ends_with(';') {
            text.push(';');
        }
    }
    text
}

fn statements(gen: &dyn SqlGen, schema: &str, object: &Object<'_>) -> Result<Vec<String>> {
    Ok(match object {
        Object::Schema(name, comment) => {
            let mut sql = vec![gen.create_schema(name)?];
            if comment.is_some() {
                sql.push(gen.comment_schema(name, *comment)?);
            }
            sql
        }
        Object::Table(table) => {
            let mut sql = gen.create_table(schema, table)?;
            if !gen.inline_foreign_keys() {
                for fk in &table.foreign_keys {
                    sql.push(gen.add_foreign_key(schema, &table.name, fk)?);
                }
            }
            sql
        }
        Object::View(view) => vec![gen.create_view(schema, view)],
        Object::Enum(enum_type) => vec![gen.create_enum(schema, enum_type)?],
        Object::Domain(domain) => vec![gen.create_domain(schema, domain)?],
        Object::Sequence(sequence) => vec![gen.create_sequence(schema, sequence)?],
        Object::Routine(routine) => vec![gen.create_routine(schema, routine)?],
        Object::Trigger(trigger) => vec![gen.create_trigger(schema, trigger)],
        Object::Extension(extension) => vec![gen.create_extension(extension)?],
    })
}
