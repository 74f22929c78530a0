//! Canonical forms of PostgreSQL facts: type kinds.

use plumb_engine::model::TypeKind;

/// Maps a column's type onto a kind, from the type's internal name (`int4`, `varchar`) and its
/// printed form (`character varying(255)`), which carries the modifiers.
pub(crate) fn type_kind(type_name: &str, printed: &str) -> TypeKind {
    let args: Vec<Option<u32>> = printed
        .split_once('(')
        .map(|(_, rest)| rest.split(')').next().unwrap_or("").split(',').map(|a| a.trim().parse().ok()).collect())
        .unwrap_or_default();
    let arg = |i: usize| args.get(i).copied().flatten();
    match type_name {
        "bool" => TypeKind::Boolean,
        "int2" => TypeKind::SmallInt,
        "int4" => TypeKind::Integer,
        "int8" => TypeKind::BigInt,
        "numeric" => TypeKind::Decimal { precision: arg(0), scale: arg(1) },
        "float4" => TypeKind::Real,
        "float8" => TypeKind::Double,
        "bpchar" => TypeKind::Char { length: arg(0) },
        "varchar" => TypeKind::Varchar { length: arg(0) },
        "text" => TypeKind::Text,
        "bytea" => TypeKind::Blob,
        "date" => TypeKind::Date,
        "time" => TypeKind::Time { with_time_zone: false },
        "timetz" => TypeKind::Time { with_time_zone: true },
        "timestamp" => TypeKind::Timestamp { with_time_zone: false },
        "timestamptz" => TypeKind::Timestamp { with_time_zone: true },
        "json" | "jsonb" => TypeKind::Json,
        "uuid" => TypeKind::Uuid,
        _ => TypeKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_types_with_their_modifiers() {
        assert_eq!(type_kind("varchar", "character varying(255)"), TypeKind::Varchar { length: Some(255) });
        assert_eq!(type_kind("numeric", "numeric(10,2)"), TypeKind::Decimal { precision: Some(10), scale: Some(2) });
        assert_eq!(type_kind("numeric", "numeric"), TypeKind::Decimal { precision: None, scale: None });
        assert_eq!(type_kind("bpchar", "character(4)"), TypeKind::Char { length: Some(4) });
        assert_eq!(type_kind("timestamptz", "timestamp with time zone"), TypeKind::Timestamp { with_time_zone: true });
        assert_eq!(type_kind("_int4", "integer[]"), TypeKind::Other);
        assert_eq!(type_kind("user_status", "app.user_status"), TypeKind::Other);
    }
}
