//! `mysql-set-not-null-non-strict`: Makes a column NOT NULL while the session's sql_mode is not strict (live check).

use super::*;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-set-not-null-non-strict",
    severity: Severity::Block,
    dialects: MY,
    summary: "Makes a column NOT NULL while the session's sql_mode is not strict (live check).",
    why: "Without STRICT_TRANS_TABLES or STRICT_ALL_TABLES, existing NULLs are silently replaced by the type's implicit value (0, '', a zero date): the data is changed, not refused.",
    instead: "Backfill the NULLs explicitly, make sure the session runs in strict mode, then change the column.",
    sources: "strong_migrations change_column_null_mysql; Atlas MF104",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    match &op.kind {
        OpKind::SetNotNull { column, .. } if cx.options.facts.strict_mode() == Some(false) => Hit::new(format!(
            "makes {}.{column} NOT NULL outside strict mode: its NULLs would silently become implicit values",
            op.target_name()
        )),
        _ => None,
    }
}
