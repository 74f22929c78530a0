//! `lossy-type-change`: Changes a column to a type that cannot hold every value the old one could.

use super::*;
use crate::lint::live::ValueCheck;
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
    let probe = narrowing_probe(column, from, to);
    let kinds = match &probe {
        Some(ProbeKind::ValuesChange { checks, .. }) => {
            checks.iter().map(|c| c.describe()).collect::<Vec<_>>().join(", or ")
        }
        _ => String::new(),
    };
    match probe.and_then(|p| cx.fact(op.target.as_ref(), &p)) {
        Some(0) => Hit::with_severity(
            format!("changes {table}.{column} from {from_text} to {to_text}; no current value would change ({kinds})"),
            Severity::Warn,
        ),
        Some(n) => Hit::new(format!(
            "changes {table}.{column} from {from_text} to {to_text}; {} would change or be refused ({kinds})",
            counted(n, "current value")
        )),
        None => Hit::new(format!(
            "changes {table}.{column} from {from_text} to {to_text}, which cannot hold every value it holds now"
        )),
    }
}

/// The count of current values the narrower type would change (round, cut, refuse), when the
/// data can tell.
pub(crate) fn narrowing_probe(column: &str, from: &TypeKind, to: &TypeKind) -> Option<ProbeKind> {
    let checks = value_checks(from, to);
    (!checks.is_empty()).then(|| ProbeKind::ValuesChange { column: column.to_owned(), checks })
}

/// What about a value of type `from` makes it change when cast to `to`.
fn value_checks(from: &TypeKind, to: &TypeKind) -> Vec<ValueCheck> {
    use TypeKind::*;
    let fractional = match from {
        Decimal { scale, .. } => scale.is_none_or(|s| s > 0),
        Real | Double | Text | Varchar { .. } | Char { .. } | Other => true,
        _ => false,
    };
    let scale_of = |t: &TypeKind| match t {
        Decimal { scale, .. } => *scale,
        _ => None,
    };
    let range = |min: i64, max: i64| ValueCheck::Range { min, max };
    let mut checks = Vec::new();
    match to {
        SmallInt | Integer | BigInt => {
            if fractional {
                checks.push(ValueCheck::Fraction { scale: 0 });
            }
            match to {
                SmallInt => checks.push(range(i16::MIN.into(), i16::MAX.into())),
                Integer => checks.push(range(i32::MIN.into(), i32::MAX.into())),
                _ if !matches!(from, SmallInt | Integer) => checks.push(range(i64::MIN, i64::MAX)),
                _ => {}
            }
        }
        Decimal { precision, scale } => {
            let keep = scale.unwrap_or(0);
            if fractional && scale_of(from).is_none_or(|s| s > keep) {
                checks.push(ValueCheck::Fraction { scale: keep });
            }
            if let Some(p) = precision {
                checks.push(ValueCheck::Magnitude { digits: p.saturating_sub(keep) });
            }
        }
        Varchar { length: Some(n) } | Char { length: Some(n) } => checks.push(ValueCheck::Length { length: *n }),
        Date if matches!(from, Timestamp { .. }) => checks.push(ValueCheck::TimeOfDay),
        _ => {}
    }
    checks
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
        (Decimal { .. }, Decimal { precision: None, scale: Some(_) }) => true,
        (Double, Real) => true,
        (Decimal { .. } | Double | Real, SmallInt | Integer | BigInt) => true,
        (BigInt | Integer, Decimal { precision: Some(_), .. }) => true,
        (Timestamp { .. }, Date) => true,
        _ => false,
    }
}
