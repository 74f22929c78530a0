//! `unparsable-statement`: A statement Plumb could not read.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "unparsable-statement",
    severity: Severity::Warn,
    dialects: ALL_DIALECTS,
    summary: "A statement Plumb could not read.",
    why: "Plumb did not check it: it may do anything, including something another rule would block.",
    instead: "Check the statement by hand, or rewrite it in a form the parser reads; let it through with -- plumb:ignore unparsable-statement <reason> once reviewed.",
    sources: "Plumb",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::Unparsed { error } => {
            Hit::new(format!("could not read this statement, so it was not checked: {error}"))
        }
        _ => None,
    }
}
