//! `.env` files: the names of the variables whose values are database URLs. The values are read
//! only as far as their scheme and are never kept.

use std::path::Path;

use super::{dialect_of_url, Variable};

/// The files read, in this order.
const FILES: &[&str] = &[".env", ".env.local", ".env.development", ".env.example", ".env.sample", ".env.template"];

/// Every variable of the project's `.env` files whose value is a database URL.
pub(super) fn read(root: &Path) -> Vec<Variable> {
    let mut out: Vec<Variable> = Vec::new();
    for file in FILES {
        let Ok(entries) = dotenvy::from_path_iter(root.join(file)) else { continue };
        // A line dotenvy cannot read is skipped: detection reports what it can read.
        for (name, value) in entries.filter_map(std::result::Result::ok) {
            if out.iter().any(|v| v.name == name) {
                continue;
            }
            if value.contains("://") || value.starts_with("file:") || value.starts_with("sqlite:") {
                if let Some(dialect) = dialect_of_url(&value) {
                    out.push(Variable { name, file: (*file).to_owned(), dialect: Some(dialect) });
                }
            }
        }
    }
    out
}
