//! `check-violations`: Adds a CHECK constraint that rows already break (live check).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "check-violations",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Adds a CHECK constraint that rows already break (live check).",
    why: "Validating the constraint fails on those rows; added NOT VALID, they stay and every later update of them fails.",
    instead: "Fix the rows first, then add the constraint.",
    sources: "safety-rules.md §3",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::AddCheck { expression: Some(expression), .. } = &op.kind else { return None };
    let violations = cx.fact(op.target.as_ref(), &ProbeKind::CheckViolations { expression: expression.clone() })?;
    (violations > 0).then(|| Hit {
        message: format!(
            "{} of {} break CHECK ({expression}): the constraint will fail",
            counted(violations, "row"),
            op.target_name()
        ),
        severity: None,
    })
}
