//! Canonical forms of SQLite facts: declared types onto [`TypeKind`]s.

use plumb_engine::model::TypeKind;

/// Maps a declared type onto a kind. Well-known names map to their kind (`VARCHAR(40)` →
/// `varchar(40)`); other names follow SQLite's affinity rules
/// (<https://www.sqlite.org/datatype3.html#determination_of_column_affinity>).
pub(crate) fn type_kind(declared: &str) -> TypeKind {
    let upper = declared.trim().to_ascii_uppercase();
    let (base, args) = match upper.split_once('(') {
        Some((base, rest)) => {
            (base.trim(), rest.trim_end_matches(')').split(',').map(|a| a.trim().parse::<u32>().ok()).collect())
        }
        None => (upper.as_str(), Vec::new()),
    };
    let arg = |i: usize| args.get(i).copied().flatten();
    let base = base.split_whitespace().collect::<Vec<_>>().join(" ");
    match base.as_str() {
        "BOOLEAN" | "BOOL" => TypeKind::Boolean,
        "SMALLINT" | "INT2" => TypeKind::SmallInt,
        "INTEGER" | "INT" | "TINYINT" | "MEDIUMINT" | "INT4" => TypeKind::Integer,
        "BIGINT" | "INT8" | "UNSIGNED BIG INT" => TypeKind::BigInt,
        "DECIMAL" | "NUMERIC" => TypeKind::Decimal { precision: arg(0), scale: arg(1) },
        "REAL" | "FLOAT" => TypeKind::Real,
        "DOUBLE" | "DOUBLE PRECISION" => TypeKind::Double,
        "CHAR" | "CHARACTER" | "NCHAR" | "NATIVE CHARACTER" => TypeKind::Char { length: arg(0) },
        "VARCHAR" | "CHARACTER VARYING" | "VARYING CHARACTER" | "NVARCHAR" => TypeKind::Varchar { length: arg(0) },
        "TEXT" | "CLOB" => TypeKind::Text,
        "BLOB" | "" => TypeKind::Blob,
        "DATE" => TypeKind::Date,
        "TIME" => TypeKind::Time { with_time_zone: false },
        "DATETIME" | "TIMESTAMP" => TypeKind::Timestamp { with_time_zone: false },
        "JSON" | "JSONB" => TypeKind::Json,
        "UUID" => TypeKind::Uuid,
        other if other.contains("INT") => TypeKind::Integer,
        other if ["CHAR", "CLOB", "TEXT"].iter().any(|s| other.contains(s)) => TypeKind::Text,
        other if other.contains("BLOB") => TypeKind::Blob,
        other if ["REAL", "FLOA", "DOUB"].iter().any(|s| other.contains(s)) => TypeKind::Real,
        _ => TypeKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_common_names_and_affinities() {
        let cases = [
            ("INTEGER", TypeKind::Integer),
            ("int", TypeKind::Integer),
            ("BIGINT", TypeKind::BigInt),
            ("boolean", TypeKind::Boolean),
            ("varchar(255)", TypeKind::Varchar { length: Some(255) }),
            ("CHARACTER VARYING ( 12 )", TypeKind::Varchar { length: Some(12) }),
            ("NUMERIC(10, 2)", TypeKind::Decimal { precision: Some(10), scale: Some(2) }),
            ("decimal", TypeKind::Decimal { precision: None, scale: None }),
            ("TEXT", TypeKind::Text),
            ("", TypeKind::Blob),
            ("DATETIME", TypeKind::Timestamp { with_time_zone: false }),
            ("UNSIGNED BIG INT", TypeKind::BigInt),
            ("POINTINT", TypeKind::Integer),
            ("SHORTTEXT", TypeKind::Text),
            // The docs' own example: "INT" wins over "FLOA" because the INT rule comes first.
            ("FLOATING POINT", TypeKind::Integer),
            ("DOUBLE-ISH", TypeKind::Real),
            ("MONEY", TypeKind::Other),
        ];
        for (declared, kind) in cases {
            assert_eq!(type_kind(declared), kind, "{declared:?}");
        }
    }
}
