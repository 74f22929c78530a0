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
        let Ok(text) = std::fs::read_to_string(root.join(file)) else { continue };
        for line in text.lines() {
            let line = line.trim();
            let line = line.strip_prefix("export ").unwrap_or(line);
            let Some((name, value)) = line.split_once('=') else { continue };
            let name = name.trim();
            if name.starts_with('#') || out.iter().any(|v| v.name == name) {
                continue;
            }
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            if value.contains("://") || value.starts_with("file:") || value.starts_with("sqlite:") {
                if let Some(dialect) = dialect_of_url(value) {
                    out.push(Variable { name: name.to_owned(), file: (*file).to_owned(), dialect: Some(dialect) });
                }
            }
        }
    }
    out
}
