//! Parts of file names made from names people chose (a migration's, a database's).

/// `name` as a file name part: lower-case letters and digits, anything else one `separator`
/// (`Add users` → `add_users`; `demo-prod` with `-` → `demo-prod`). Never a path: no `/`, no `..`.
pub(crate) fn slug(name: &str, separator: char) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with(separator) {
            out.push(separator);
        }
    }
    out.trim_matches(separator).to_owned()
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn names_become_safe_file_name_parts() {
        assert_eq!(slug("Add users", '_'), "add_users");
        assert_eq!(slug("  demo-prod ", '-'), "demo-prod");
        assert_eq!(slug("../../etc/passwd", '-'), "etc-passwd");
        assert_eq!(slug("postgres://app@db:5432/shop", '-'), "postgres-app-db-5432-shop");
    }
}
