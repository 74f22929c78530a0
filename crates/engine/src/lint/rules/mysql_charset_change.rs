//! `mysql-charset-change`: Changes a table's character set or collation.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-charset-change",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Changes a table's character set or collation.",
    why: "The table is copied with writes blocked; values can be mangled (latin1 columns holding UTF-8 bytes) and unique indexes can start to collide.",
    instead: "Plan it explicitly: convert in stages through binary and check that values survive the round trip and stay unique under the new collation.",
    sources: "skeema ModifyColumn; Bytebase column.disallow-set-charset, table.disallow-set-charset",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::ChangeCharset if !cx.is_new(op.target.as_ref()) => {
            Hit::new(format!("changes the character set of {}: the table is copied", op.target_name()))
        }
        _ => None,
    }
}
