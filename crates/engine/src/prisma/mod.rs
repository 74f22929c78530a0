//! `schema.prisma`: read ([`parse`]) into a syntax tree with positions for every error, and
//! mapped ([`to_database`]) to the database Prisma Migrate would create from it.

mod ast;
mod names;
mod parse;
mod to_model;
mod types;

pub use ast::*;
pub use parse::{parse, PrismaError};
pub use to_model::to_database;

/// Reads a `schema.prisma` text into the database it describes.
pub fn read(text: &str) -> Result<crate::model::Database, PrismaError> {
    to_database(&parse(text)?)
}

#[cfg(test)]
mod tests;
