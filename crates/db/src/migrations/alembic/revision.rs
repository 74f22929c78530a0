//! A new Alembic revision from a plan (`plumb migrate new NAME --dir alembic/versions`): the
//! plan's statements run by `op.execute`, its way back in `downgrade()`, following the head as
//! `alembic revision` would. The SQL is Plumb's, so the revision runs the same statements the
//! plan was linted on.

use std::path::{Path, PathBuf};

use plumb_engine::plan::{Plan, Step};

use crate::Source;

/// `text` as a Python string literal: triple-quoted (statements keep their lines), with
/// backslashes and any run of three quotes escaped.
fn python_string(text: &str) -> String {
    let mut out = String::from("\"\"\"\n");
    let mut quotes = 0;
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' if quotes == 2 => out.push_str("\\\""),
            _ => out.push(c),
        }
        quotes = if c == '"' && quotes < 2 { quotes + 1 } else { 0 };
    }
    out.push_str("\n\"\"\"");
    out
}

/// `sql` as `sqlalchemy.text` reads it: a colon before a name would be a bind parameter there
/// (and become NULL in offline mode), so it is escaped as `\:`.
fn text_clause(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    let mut out = String::with_capacity(sql.len());
    for (i, c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|j| chars.get(j));
        if *c == ':' && word(chars.get(i + 1)) && !word(before) && before != Some(&':') && before != Some(&'\\') {
            out.push('\\');
        }
        out.push(*c);
    }
    out
}

/// The body of `upgrade()` or `downgrade()`: one `op.execute` per statement (SQLite's driver
/// runs one at a time), each after the description of its step.
fn body(steps: &[Step], dialect: plumb_engine::dialect::Dialect) -> String {
    let mut out = String::new();
    for step in steps {
        out.push_str(&format!("    # {}\n", step.description.replace('\n', " ")));
        let statements = plumb_engine::lint::sql_file::statements(&step.sql, dialect)
            .map(|s| s.into_iter().map(|(_, sql)| sql).collect())
            .unwrap_or_else(|_| vec![step.sql.clone()]);
        for sql in statements {
            out.push_str(&format!("    op.execute(sa.text({}))\n", python_string(&text_clause(&sql))));
        }
    }
    if out.is_empty() {
        out.push_str("    pass\n");
    }
    out
}

/// A new revision id as Alembic makes them: twelve hex digits.
fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[20..].to_owned()
}

/// The revision file that runs `plan` after `head`, named `<id>_<slug>.py` in `dir`.
pub(in crate::migrations) fn file(
    dir: &Path,
    slug: &str,
    name: &str,
    head: Option<&str>,
    plan: &Plan,
    desired: &Source,
) -> (PathBuf, String) {
    let id = new_id();
    let dialect = plan.flavor.dialect();
    let down = head.map_or_else(|| "None".to_owned(), |h| format!("{h:?}"));
    let downgrade = match &plan.rollback_unavailable {
        Some(reason) => format!("    raise NotImplementedError({:?})\n", format!("No way back: {reason}")),
        None => body(&plan.rollback, dialect),
    };
    let text = format!(
        "\"\"\"{title}\n\nRevision ID: {id}\nRevises: {revises}\nCreate Date: {date}\n\nWritten by plumb migrate new: the plan from the history to {desired}, statement by statement.\n\"\"\"\nfrom typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision: str = {id:?}\ndown_revision: Union[str, Sequence[str], None] = {down}\nbranch_labels: Union[str, Sequence[str], None] = None\ndepends_on: Union[str, Sequence[str], None] = None\n\n\ndef upgrade() -> None:\n{upgrade}\n\ndef downgrade() -> None:\n{downgrade}",
        title = name.replace('"', "'").replace('\n', " "),
        revises = head.unwrap_or(""),
        date = jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M:%S"),
        desired = desired.to_string().replace('"', "'"),
        upgrade = body(&plan.steps, dialect),
    );
    (dir.join(format!("{id}_{slug}.py")), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_survives_python_and_sqlalchemy_text() {
        assert_eq!(python_string("a \"\"\" b \\ c"), "\"\"\"\na \"\"\\\" b \\\\ c\n\"\"\"");
        assert_eq!(text_clause("SELECT x::text, ':a', '10:30', f(:b)"), "SELECT x::text, '\\:a', '10:30', f(\\:b)");
        assert_eq!(new_id().len(), 12);
    }
}
