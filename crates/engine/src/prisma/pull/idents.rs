//! Prisma identifiers for database names, kept unique.

use super::*;

pub(super) const SCALARS: [&str; 9] =
    ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"];

pub(super) const RESERVED: [&str; 6] = ["model", "enum", "type", "view", "datasource", "generator"];

/// A Prisma identifier for a database name: letters, digits and `_`, starting with a letter.
pub(super) fn identifier(name: &str) -> String {
    let cleaned: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    let trimmed = cleaned.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    if trimmed.is_empty() {
        "unnamed".to_owned()
    } else {
        trimmed.to_owned()
    }
}

pub(super) fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|c| c.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// A name not in `taken`, made from `wanted` with `_2`, `_3`… when needed; then taken.
pub(super) fn unique_name(wanted: String, taken: &mut BTreeSet<String>) -> String {
    let mut name = wanted.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{wanted}_{n}");
        n += 1;
    }
    taken.insert(name.clone());
    name
}

/// Value names for enum labels: the label itself when it is an identifier, else a cleaned one
/// mapped to it.
pub(super) fn enum_values(labels: &[String]) -> Vec<(String, String)> {
    let mut taken = BTreeSet::new();
    labels.iter().map(|l| (unique_name(identifier(l), &mut taken), l.clone())).collect()
}
