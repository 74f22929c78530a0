//! What application code says about the database, before any database is asked: SQL strings
//! with their place in the file, Prisma client calls as model and field names, Drizzle table
//! definitions as table and column names.

/// A place in a file: line and column, from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    /// Line, from 1.
    pub line: u64,
    /// Column, from 1.
    pub column: u64,
}

impl At {
    pub(super) fn of(point: tree_sitter::Point) -> Self {
        At { line: point.row as u64 + 1, column: point.column as u64 + 1 }
    }

    /// Where a place inside a string that starts here is in the file.
    pub(super) fn inside(self, line: u64, column: u64) -> Self {
        match line {
            0 | 1 => At { line: self.line, column: self.column + column.saturating_sub(1) },
            _ => At { line: self.line + line - 1, column },
        }
    }
}

/// One thing the code names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeRef {
    /// A SQL string (template substitutions replaced by `NULL`, as wide as they were).
    Sql { text: String, at: At },
    /// A Prisma client model (`prisma.user`: `user`).
    PrismaModel { client: String, at: At },
    /// A field of a Prisma model, named in a client call's `select`, `where`, `data`…
    PrismaField { model: String, field: String, at: At },
    /// A table a Drizzle definition names.
    Table { name: String, at: At },
    /// A column a Drizzle definition names.
    Column { table: String, column: String, at: At },
}

/// Whether a string is SQL worth reading: it starts with a statement's first word.
pub(super) fn looks_like_sql(text: &str) -> bool {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '(');
    let word: String = start.chars().take_while(char::is_ascii_alphabetic).collect();
    ["select", "insert", "update", "delete", "with"].iter().any(|w| word.eq_ignore_ascii_case(w))
}
