//! Values read out of configuration files (JavaScript and TypeScript objects, JSON, YAML, INI,
//! Python dictionaries) by key, without running them: a project's config is data here, never code.

/// The values given to `key` (`dialect: "postgresql"`, `"ENGINE": "django.db.backends.mysql"`,
/// `adapter: sqlite3`, `script_location = alembic`), quoted or bare, in order.
pub(super) fn values(text: &str, key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(key) {
        let before = rest[..at].chars().next_back();
        let after = &rest[at + key.len()..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let after = after.trim_start_matches(['"', '\'']).trim_start();
        let Some(value) = after.strip_prefix([':', '=']) else { continue };
        let value = value.strip_prefix('>').unwrap_or(value).trim_start_matches([' ', '\t']);
        if let Some(found) = value_at(value) {
            out.push(found);
        }
    }
    out
}

/// A quoted string or a bare word at the start of `text`.
fn value_at(text: &str) -> Option<String> {
    let quote = text.chars().next()?;
    if matches!(quote, '"' | '\'' | '`') {
        let end = text[1..].find(quote)?;
        return Some(text[1..=end].to_owned());
    }
    let word: String = text.chars().take_while(|c| !c.is_whitespace() && !matches!(c, ',' | '}' | ';' | '#')).collect();
    (!word.is_empty()).then_some(word)
}

/// The environment variables `text` reads (`process.env.DATABASE_URL`, `os.environ["DB_URL"]`,
/// `os.getenv("DB_URL")`, `ENV['DATABASE_URL']`, `ENV.fetch("DATABASE_URL")`, `env("DB_URL")`).
pub(super) fn env_names(text: &str) -> Vec<String> {
    const READERS: &[&str] = &[
        "process.env.",
        "process.env[",
        "os.environ[",
        "os.environ.get(",
        "os.getenv(",
        "ENV[",
        "ENV.fetch(",
        "env(",
        "env.str(",
        "env.db(",
    ];
    let mut names: Vec<String> = Vec::new();
    for reader in READERS {
        let mut rest = text;
        while let Some(at) = rest.find(reader) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + reader.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = rest
                .trim_start_matches(['"', '\'', '`'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name.chars().any(|c| c.is_ascii_uppercase()) && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}
