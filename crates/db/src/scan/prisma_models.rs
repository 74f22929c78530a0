//! The Prisma client's names for the database: each model as the client spells it (`user` for
//! `model User`), its table (`@@map`), each field's column (`@map`) or the model a relation field
//! leads to. Without a `schema.prisma`, the database's own tables stand in (fields are columns,
//! relations unknown).

use std::collections::BTreeMap;

use plumb_engine::model::Database;
use plumb_engine::prisma::{mapped, FieldType, PrismaSchema};

/// What a field of a model is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A column of the model's table.
    Scalar { column: String },
    /// A relation to another model (its client name).
    Relation { model: String },
}

/// A model as the client sees it.
#[derive(Debug, Clone)]
pub struct Model {
    /// Its name in the schema (`User`).
    pub name: String,
    /// Its table.
    pub table: String,
    /// Its fields by name.
    pub fields: BTreeMap<String, Field>,
}

/// The client's models by client name.
#[derive(Debug, Clone, Default)]
pub struct Models {
    by_client: BTreeMap<String, Model>,
    /// Whether they come from a `schema.prisma` (else from the database: no relations known).
    pub from_schema: bool,
}

/// The client's name for a model: its first letter in lower case.
fn client_name(model: &str) -> String {
    let mut chars = model.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

impl Models {
    /// From a `schema.prisma`.
    pub fn from_prisma(schema: &PrismaSchema) -> Self {
        let model_names: Vec<&str> = schema.models.iter().map(|m| m.name.as_str()).collect();
        let by_client = schema
            .models
            .iter()
            .map(|model| {
                let fields = model
                    .fields
                    .iter()
                    .map(|field| {
                        let kind = match &field.field_type {
                            FieldType::Named(named) if model_names.contains(&named.as_str()) => {
                                Field::Relation { model: client_name(named) }
                            }
                            _ => Field::Scalar { column: mapped(&field.attributes).unwrap_or(&field.name).to_owned() },
                        };
                        (field.name.clone(), kind)
                    })
                    .collect();
                let table = mapped(&model.attributes).unwrap_or(&model.name).to_owned();
                (client_name(&model.name), Model { name: model.name.clone(), table, fields })
            })
            .collect();
        Models { by_client, from_schema: true }
    }

    /// From the database's tables, when the project has no `schema.prisma`.
    pub fn from_database(db: &Database) -> Self {
        let by_client = db
            .schemas
            .iter()
            .flat_map(|s| &s.tables)
            .map(|table| {
                let fields =
                    table.columns.iter().map(|c| (c.name.clone(), Field::Scalar { column: c.name.clone() })).collect();
                (client_name(&table.name), Model { name: table.name.clone(), table: table.name.clone(), fields })
            })
            .collect();
        Models { by_client, from_schema: false }
    }

    /// The model a client name stands for.
    pub fn get(&self, client: &str) -> Option<&Model> {
        self.by_client.get(client)
    }

    /// The client name, when it is a model's.
    pub fn model(&self, client: &str) -> Option<&str> {
        self.by_client.get_key_value(client).map(|(k, _)| k.as_str())
    }

    /// The model a relation field leads to.
    pub fn relation(&self, model: &str, field: &str) -> Option<String> {
        match self.by_client.get(model)?.fields.get(field)? {
            Field::Relation { model } => Some(model.clone()),
            Field::Scalar { .. } => None,
        }
    }

    /// Every client name, for the closest one.
    pub fn clients(&self) -> impl Iterator<Item = &str> {
        self.by_client.keys().map(String::as_str)
    }
}
