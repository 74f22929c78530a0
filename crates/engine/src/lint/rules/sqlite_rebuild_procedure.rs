//! `sqlite-rebuild-procedure`: Rebuilds a SQLite table in a way the documented procedure warns against.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "sqlite-rebuild-procedure",
    severity: Severity::Block,
    dialects: LITE,
    summary: "Rebuilds a SQLite table in a way the documented procedure warns against.",
    why: "PRAGMA foreign_keys inside a transaction does nothing, so the DROP TABLE of the old table fires ON DELETE actions on child rows; renaming the old table before creating the new one makes other tables' foreign keys follow the old table (SQLite 3.26+).",
    instead: "Follow the 12 steps of SQLite's ALTER TABLE page: foreign keys off outside the transaction, create the new table, copy, drop the old, rename the new, recreate indexes, triggers and views, foreign_key_check, commit. Plumb's plans do exactly this.",
    sources: "SQLite docs, Making Other Kinds Of Table Schema Changes",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::Pragma { name, value } if name == "foreign_keys" && cx.explicit_transaction => Hit::new(format!(
            "PRAGMA foreign_keys = {} inside a transaction does nothing",
            value.as_deref().unwrap_or("")
        )),
        OpKind::CreateTable { .. }
            if cx.was_renamed_away(op.target.as_ref()) && !cx.was_dropped(op.target.as_ref()) =>
        {
            Hit::new(format!(
                "creates {} after renaming the old table away: foreign keys of other tables now point at the old one",
                op.target_name()
            ))
        }
        _ => None,
    }
}
