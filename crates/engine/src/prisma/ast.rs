//! A `schema.prisma` as written: blocks, fields, attributes and their arguments, each with its
//! position. No meaning yet: mapping to a database model is the next step's business.

use serde::Serialize;

/// A position in the file, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pos {
    /// The line.
    pub line: u32,
    /// The column, in characters.
    pub column: u32,
}

/// A whole schema file.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PrismaSchema {
    /// `datasource` blocks (one in practice).
    pub datasources: Vec<KeyValueBlock>,
    /// `generator` blocks.
    pub generators: Vec<KeyValueBlock>,
    /// `model` blocks (and `view` blocks, marked).
    pub models: Vec<Model>,
    /// `enum` blocks.
    pub enums: Vec<Enum>,
    /// `type` blocks (composite types).
    pub types: Vec<Model>,
}

/// A block of `key = value` lines (`datasource`, `generator`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyValueBlock {
    /// The block's name (`db`).
    pub name: String,
    /// Its settings, in order.
    pub entries: Vec<(String, Expr)>,
    /// Where it starts.
    pub pos: Pos,
}

impl KeyValueBlock {
    /// A setting's value.
    pub fn get(&self, key: &str) -> Option<&Expr> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// A `model` (or `view`, or composite `type`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// Its name.
    pub name: String,
    /// Whether it was declared with `view`.
    pub view: bool,
    /// Its fields, in order.
    pub fields: Vec<Field>,
    /// Its `@@` attributes.
    pub attributes: Vec<Attribute>,
    /// Its `///` documentation.
    pub doc: Option<String>,
    /// Where it starts.
    pub pos: Pos,
}

/// A field of a model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// Its name.
    pub name: String,
    /// Its type: a scalar (`String`), an enum or model name, or `Unsupported("…")`.
    pub field_type: FieldType,
    /// `?`.
    pub optional: bool,
    /// `[]`.
    pub list: bool,
    /// Its `@` attributes.
    pub attributes: Vec<Attribute>,
    /// Its `///` documentation.
    pub doc: Option<String>,
    /// Where it starts.
    pub pos: Pos,
}

/// A field's type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum FieldType {
    /// A named type.
    Named(String),
    /// `Unsupported("…")`: a database type Prisma does not model.
    Unsupported(String),
}

/// An `@attribute` or `@@attribute` with its arguments.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attribute {
    /// The name without `@`: `id`, `default`, `db.VarChar`, `relation`.
    pub name: String,
    /// Its arguments, in order.
    pub args: Vec<Arg>,
    /// Where it starts.
    pub pos: Pos,
}

impl Attribute {
    /// The argument named `name`, or else the first unnamed one when `positional` says so.
    pub fn arg(&self, name: &str, positional: bool) -> Option<&Expr> {
        self.args
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .or_else(|| positional.then(|| self.args.iter().find(|a| a.name.is_none())).flatten())
            .map(|a| &a.value)
    }
}

/// An argument: `fields: [a, b]`, or a positional `"name"`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arg {
    /// Its name, when named.
    pub name: Option<String>,
    /// Its value.
    pub value: Expr,
}

/// A value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Expr {
    /// `"text"`.
    String(String),
    /// `42`, `-1.5`, as written.
    Number(String),
    /// `true` / `false`.
    Bool(bool),
    /// A name or a dotted path: `Cascade`, `Desc`, `db.Uuid`.
    Path(String),
    /// A call: `now()`, `env("URL")`, `sort(Desc)`, `email(sort: Desc)`.
    Call(String, Vec<Arg>),
    /// `[a, b]`.
    Array(Vec<Expr>),
}

/// One enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Enum {
    /// Its name.
    pub name: String,
    /// Its values with their attributes (`@map`).
    pub values: Vec<(String, Vec<Attribute>)>,
    /// Its `@@` attributes.
    pub attributes: Vec<Attribute>,
    /// Its `///` documentation.
    pub doc: Option<String>,
    /// Where it starts.
    pub pos: Pos,
}
