//! `lossy-type-change`: Changes a column to a type that cannot hold every value the old one could.

use super::*;
use crate::model::TypeKind;

pub(crate) static RULE: Rule = Rule {
    id: "lossy-type-change",
    severity: Severity::Block,
    dialects: ALL_DIALECTS,
    summary: "Changes a column to a type that cannot hold every value the old one could.",
    why: "Values that do not fit make the migration fail (PostgreSQL, MySQL in strict mode) or are silently cut, rounded or mapped (MySQL in non-strict mode, SQLite affinity).",
    instead: "Add a new column of the new type, write both, backfill with an explicit conversion, check, switch reads, then drop the old column. At the very least, check that no current value is out of range first.",
    sources: "skeema ModifyColumn.Unsafe; Atlas MY110/MY120; Bytebase column.disallow-change-type; strong_migrations change_column",
    once: false,
    size_gated: false,
    check,
};

fn check(op: &Op, cx: &Context<'_>) -> Option<Hit> {
    let OpKind::AlterColumnType { column, from, to_text, to: Some(to), .. } = &op.kind else {
        return None;
    };
    let (from_text, from) = cx.column_type(op.target.as_ref(), column, from)?;
    let from = &from;
    if cx.is_new(op.target.as_ref()) || !narrows(from, to) {
        return None;
    }
    let table = op.target_name();
    match narrowing_probe(column, to).and_then(|p| cx.fact(op.target.as_ref(), &p)) {
        Some(0) => Hit::with_severity(
            format!("changes {table}.{column} from {from_text} to {to_text}; every current value fits"),
            Severity::Warn,
        ),
        Some(n) => Hit::new(format!(
            "changes {table}.{column} from {from_text} to {to_text}; {} would not fit",
            counted(n, "current value")
        )),
        None => Hit::new(format!(
            "changes {table}.{column} from {from_text} to {to_text}, which cannot hold every value it holds now"
        )),
    }
}

/// The count that tells whether the current values fit the narrower type.
pub(crate) fn narrowing_probe(column: &str, to: &TypeKind) -> Option<ProbeKind> {
    let column = column.to_owned();
    match to {
        TypeKind::Varchar { length: Some(n) } | TypeKind::Char { length: Some(n) } => {
            Some(ProbeKind::TooLong { column, length: *n })
        }
        TypeKind::SmallInt => Some(ProbeKind::OutOfRange { column, min: i16::MIN.into(), max: i16::MAX.into() }),
        TypeKind::Integer => Some(ProbeKind::OutOfRange { column, min: i32::MIN.into(), max: i32::MAX.into() }),
        _ => None,
    }
}

/// Whether `to` holds fewer values than `from`.
pub(crate) fn narrows(from: &TypeKind, to: &TypeKind) -> bool {
    use TypeKind::*;
    let int_rank = |t: &TypeKind| match t {
        SmallInt => Some(1),
        Integer => Some(2),
        BigInt => Some(3),
        _ => None,
    };
    match (from, to) {
        (a, b) if int_rank(a).is_some() && int_rank(b).is_some() => int_rank(b) < int_rank(a),
        (Varchar { length: a } | Char { length: a }, Varchar { length: Some(b) } | Char { length: Some(b) }) => {
            a.is_none_or(|a| *b < a)
        }
        (Text, Varchar { length: Some(_) } | Char { length: Some(_) }) => true,
        (Decimal { precision: p1, scale: s1 }, Decimal { precision: Some(p2), scale: s2 }) => {
            p1.is_none_or(|p1| *p2 < p1) || s2.unwrap_or(0) < s1.unwrap_or(0)
        }
        (Double, Real) => true,
        (BigInt | Integer | Decimal { .. } | Double | Real, SmallInt | Integer) => int_rank(from).is_none(),
        _ => false,
    }
}
