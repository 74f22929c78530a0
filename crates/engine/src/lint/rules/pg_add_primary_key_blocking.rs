//! `pg-add-primary-key-blocking`: Adds a primary key to an existing table without USING INDEX.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "pg-add-primary-key-blocking",
    severity: Severity::Block,
    dialects: PG,
    summary: "Adds a primary key to an existing table without USING INDEX.",
    why: "The index is built under an ACCESS EXCLUSIVE lock, and the key's columns are made NOT NULL with a full scan.",
    instead: "Make the columns NOT NULL safely first, CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT … PRIMARY KEY USING INDEX.",
    sources: "squawk adding-serial-primary-key-field; Atlas PG104, PG304; eugene W14",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::AddPrimaryKey { using_index: false, .. } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("builds the primary key of {} while reads and writes wait", op.target_name()))
        }
        _ => None,
    }
}
