//! What the types are called: after the database's tables and columns, or after the models and
//! fields of the project's `schema.prisma` (which maps them with `@@map` and `@map`).

use std::collections::HashMap;

use crate::prisma::{mapped, PrismaSchema};

/// Names of tables, columns and enums for the types written.
#[derive(Debug, Clone, Default)]
pub struct Naming {
    /// Table or view name → model name.
    models: HashMap<String, String>,
    /// (table, column) → field name.
    fields: HashMap<(String, String), String>,
    /// Enum type name → Prisma enum name.
    enums: HashMap<String, String>,
    /// (enum type name, label) → the value's name in the Prisma client.
    labels: HashMap<(String, String), String>,
    /// (table, column) → the Prisma enum the field is of (MySQL's inline enums have no type name).
    field_enums: HashMap<(String, String), String>,
}

impl Naming {
    /// The database's own names.
    pub fn database() -> Self {
        Self::default()
    }

    /// The names `schema.prisma` gives: model, field and enum names, as the Prisma client uses them.
    pub fn prisma(schema: &PrismaSchema) -> Self {
        let mut naming = Self::default();
        for e in &schema.enums {
            let db_name = mapped(&e.attributes).unwrap_or(&e.name).to_owned();
            for (value, attributes) in &e.values {
                let label = mapped(attributes).unwrap_or(value).to_owned();
                naming.labels.insert((db_name.clone(), label), value.clone());
            }
            naming.enums.insert(db_name, e.name.clone());
        }
        for model in &schema.models {
            let table = mapped(&model.attributes).unwrap_or(&model.name).to_owned();
            for field in &model.fields {
                let column = mapped(&field.attributes).unwrap_or(&field.name).to_owned();
                if let crate::prisma::FieldType::Named(type_name) = &field.field_type {
                    if schema.enums.iter().any(|e| &e.name == type_name) {
                        naming.field_enums.insert((table.clone(), column.clone()), type_name.clone());
                    }
                }
                naming.fields.insert((table.clone(), column), field.name.clone());
            }
            naming.models.insert(table, model.name.clone());
        }
        naming
    }

    /// The type name of a table or view: its model's, else the name in PascalCase, prefixed by its
    /// schema when that is not the default one.
    pub(crate) fn model(&self, schema: &str, table: &str, default_schema: bool) -> String {
        match self.models.get(table) {
            Some(model) => model.clone(),
            None if default_schema => pascal(table),
            None => pascal(&format!("{schema}_{table}")),
        }
    }

    /// The property name of a column.
    pub(crate) fn field(&self, table: &str, column: &str) -> String {
        self.fields.get(&(table.to_owned(), column.to_owned())).cloned().unwrap_or_else(|| column.to_owned())
    }

    /// The type name of an enum type.
    pub(crate) fn enum_type(&self, name: &str) -> String {
        self.enums.get(name).cloned().unwrap_or_else(|| pascal(name))
    }

    /// The Prisma enum a column's field is of, where `schema.prisma` says so.
    pub(crate) fn field_enum(&self, table: &str, column: &str) -> Option<&str> {
        self.field_enums.get(&(table.to_owned(), column.to_owned())).map(String::as_str)
    }

    /// The value name of an enum's label.
    pub(crate) fn label(&self, enum_name: &str, label: &str) -> String {
        self.labels.get(&(enum_name.to_owned(), label.to_owned())).cloned().unwrap_or_else(|| label.to_owned())
    }
}

/// `order_items` → `OrderItems`; `user-Profile 2` → `UserProfile2`.
pub(crate) fn pascal(name: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'T');
    }
    out
}
