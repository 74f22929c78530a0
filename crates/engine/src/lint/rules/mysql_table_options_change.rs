//! `mysql-charset-or-engine-change`: Changes a table's storage engine or character set.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-charset-or-engine-change",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Changes a table's storage engine or character set.",
    why: "The table is copied with writes blocked; a character set change can mangle data (latin1 columns holding UTF-8 bytes) or make unique indexes collide.",
    instead: "Plan it explicitly; convert in stages through binary and check that values survive the round trip.",
    sources: "skeema ChangeStorageEngine, ModifyColumn; Bytebase column.disallow-set-charset",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::TableOptions { what } if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("changes the {what} of {}: the table is copied", op.target_name()))
        }
        _ => None,
    }
}
