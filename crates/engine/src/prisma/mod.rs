//! `schema.prisma`, read: the syntax tree of a Prisma schema ([`parse`]) with positions for every
//! error. Mapping it to a database model the way Prisma Migrate does comes on top of this.

mod ast;
mod parse;

pub use ast::*;
pub use parse::{parse, PrismaError};

#[cfg(test)]
mod tests;
