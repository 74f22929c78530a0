//! The audit's checks as a Markdown page (`docs/audit.md`), written from the checks themselves.

use std::fmt::Write as _;

use super::checks;
use crate::dialect::display_names as dialects;

/// Every check: a table, then each one's why.
pub fn catalog_markdown() -> String {
    let all = checks();
    let mut out = format!(
        "# Audit checks\n\n\
         The {} checks of `plumb audit`, one file each in `crates/engine/src/audit/checks/`. This page is\n\
         written from them by `plumb audit --checks > docs/audit.md`; a test fails when it differs.\n\
         `plumb audit` exits 2 when a finding of warning or error is found.\n\n\
         | Id | Check | Severity | Dialects | What it finds |\n| --- | --- | --- | --- | --- |\n",
        all.len()
    );
    for check in all {
        let _ = writeln!(
            out,
            "| [{id}](#{anchor}) | `{}` | {} | {} | {} |",
            check.name,
            check.severity,
            dialects(check.dialects),
            check.summary,
            id = check.id,
            anchor = check.id.to_ascii_lowercase()
        );
    }
    for check in all {
        let _ = write!(
            out,
            "\n## {}\n\n`{}` · **{}** · {}\n\n{}\n\n**Why it matters.** {}\n",
            check.id,
            check.name,
            check.severity,
            dialects(check.dialects),
            check.summary,
            check.why
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn docs_audit_md_is_the_catalog_of_the_checks() {
        let committed = include_str!("../../../../docs/audit.md");
        assert!(
            committed == super::catalog_markdown(),
            "docs/audit.md is stale: run `cargo run -p plumb-cli -- audit --checks > docs/audit.md`"
        );
    }
}
