//! The rule catalog as a Markdown page (`docs/rules.md`), written from the rules themselves so
//! that the documentation cannot say something the checks do not do.

use std::fmt::Write as _;

use super::{dialect_names, rules};

/// Every rule: a table to scan, then each rule's why, what to do instead and its sources.
pub fn catalog_markdown() -> String {
    let all = rules();
    let mut out = format!(
        "# Safety rules\n\n\
         The {} rules `plumb lint`, `plumb plan` and the app's findings apply, one file each in\n\
         `crates/engine/src/lint/rules/`. This page is written from them by\n\
         `plumb lint --rules --markdown > docs/rules.md`; a test fails when it differs. `block` stops\n\
         `plumb apply` until the finding is acknowledged (`--allow RULE`, or ticked in the app);\n\
         `-- plumb:ignore RULE reason` above a statement of a migration file lets that statement\n\
         through. [How the analysis works](safety.md).\n\n\
         | Rule | Severity | Dialects | What it finds |\n| --- | --- | --- | --- |\n",
        all.len()
    );
    for rule in all {
        let _ = writeln!(
            out,
            "| [`{id}`](#{id}) | {} | {} | {} |",
            rule.severity,
            dialect_names(rule),
            cell(rule.summary),
            id = rule.id
        );
    }
    for rule in all {
        let _ = write!(
            out,
            "\n## {id}\n\n**{severity}** · {dialects}\n\n{summary}\n\n**Why it is dangerous.** {why}\n\n\
             **What to do instead.** {instead}\n\n**Sources.** {sources}\n",
            id = rule.id,
            severity = rule.severity,
            dialects = dialect_names(rule),
            summary = rule.summary,
            why = rule.why,
            instead = rule.instead,
            sources = rule.sources,
        );
    }
    out
}

/// Text inside a table cell: a `|` would end the cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_rules_md_is_the_catalog_of_the_rules() {
        let committed = include_str!("../../../../docs/rules.md");
        let catalog = catalog_markdown();
        assert!(catalog.contains("## drop-column\n") && catalog.contains("| [`drop-column`](#drop-column) | block |"));
        assert!(
            committed == catalog,
            "docs/rules.md is stale: run `cargo run -p plumb-cli -- lint --rules --markdown > docs/rules.md`"
        );
    }
}
