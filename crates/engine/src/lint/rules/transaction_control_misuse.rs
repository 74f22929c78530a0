//! `transaction-control-misuse`: Opens a transaction it never closes, closes one it never opened, or nests them.

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "transaction-control-misuse",
    severity: Severity::Warn,
    dialects: ALL_DIALECTS,
    summary: "Opens a transaction it never closes, closes one it never opened, or nests them.",
    why: "An unclosed BEGIN means the migration 'succeeds' and is never committed; a nested BEGIN or stray COMMIT means the statements do not run in the transaction they appear to.",
    instead: "Let the runner own the transaction, or pair every BEGIN with one COMMIT.",
    sources: "squawk ban-uncommitted-transaction, transaction-nesting; Bytebase statement.disallow-commit",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::Begin if cx.explicit_transaction => Hit::new("BEGIN inside a transaction that is already open"),
        OpKind::Begin if cx.options.assume_in_transaction => {
            Hit::new("BEGIN in a migration the runner already wraps in a transaction")
        }
        OpKind::Commit if !cx.explicit_transaction && cx.in_transaction => {
            Hit::new("COMMIT or ROLLBACK ends the transaction the migration runner manages")
        }
        OpKind::Commit if !cx.explicit_transaction => Hit::new("COMMIT or ROLLBACK with no transaction open"),
        OpKind::EndOfMigration if cx.explicit_transaction => {
            Hit::new("the file ends with a transaction still open: it is never committed")
        }
        _ => None,
    }
}
