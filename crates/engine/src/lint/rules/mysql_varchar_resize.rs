//! `mysql-varchar-resize`: Shrinks a VARCHAR, or grows it across the 255-byte length-prefix boundary.

use super::*;
use crate::model::TypeKind;

pub(crate) static RULE: Rule = Rule {
    id: "mysql-varchar-resize",
    severity: Severity::Warn,
    dialects: MY,
    summary: "Shrinks a VARCHAR, or grows it across the 255-byte length-prefix boundary.",
    why: "Either change copies the table with writes blocked; shrinking can also cut values.",
    instead: "Stay on one side of the boundary (utf8mb4: up to 63 or from 64 characters), or use an online schema change tool.",
    sources: "strong_migrations change_type_safe? (MySQL); MySQL docs, Extending VARCHAR column size",
    once: false,
    size_gated: true,
    check,
};

fn check(op: &Op, _cx: &Context<'_>) -> Option<Hit> {
    let OpKind::AlterColumnType {
        column,
        from: Some((_, TypeKind::Varchar { length: Some(a) })),
        to: Some(TypeKind::Varchar { length: Some(b) }),
        ..
    } = &op.kind
    else {
        return None;
    };
    if b < a || (*a > 63) != (*b > 63) {
        return Hit::new(format!(
            "resizes {}.{column} from varchar({a}) to varchar({b}): the table is copied",
            op.target_name()
        ));
    }
    None
}
