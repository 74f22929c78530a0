//! `schema.prisma`: read ([`parse`]) into a syntax tree with positions for every error, mapped
//! ([`to_database`]) to the database Prisma Migrate would create from it, and written from a
//! database ([`from_database`]) the way `prisma db pull` writes it.

mod ast;
mod names;
mod parse;
mod pull;
mod to_model;
mod types;
mod unmanaged;

pub use ast::*;
pub use parse::{parse, PrismaError};
pub use pull::{from_database, Pulled};
pub use to_model::{emulated_relations, mapped, to_database};
pub use unmanaged::with_unmanaged;

/// Reads a `schema.prisma` text into the database it describes.
pub fn read(text: &str) -> Result<crate::model::Database, PrismaError> {
    to_database(&parse(text)?)
}

#[cfg(test)]
mod tests;
