//! Prisma field types → column types, per provider, the way Prisma Migrate writes them: the
//! scalar's default native type, or the `@db.*` attribute's.
//! (<https://www.prisma.io/docs/orm/reference/prisma-schema-reference#model-field-scalar-types>)

use crate::dialect::Dialect;
use crate::model::{ColumnType, TypeKind};

/// A native type attribute: `VarChar` with its arguments (`[255]`).
pub(super) struct Native<'a> {
    pub name: &'a str,
    pub args: Vec<u32>,
}

/// The column type of a scalar field, or `None` when `scalar` is not one of Prisma's scalars.
pub(super) fn scalar(
    dialect: Dialect,
    scalar: &str,
    native: Option<&Native<'_>>,
) -> Option<Result<ColumnType, String>> {
    const SCALARS: [&str; 9] = ["String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes"];
    if !SCALARS.contains(&scalar) {
        return None;
    }
    Some(match native {
        Some(native) => native_type(dialect, native)
            .ok_or_else(|| format!("`@db.{}` is not a {} type Prisma knows", native.name, dialect_name(dialect))),
        None => Ok(default_type(dialect, scalar)),
    })
}

fn dialect_name(dialect: Dialect) -> &'static str {
    match dialect {
        Dialect::Postgres => "PostgreSQL",
        Dialect::Mysql => "MySQL",
        Dialect::Sqlite => "SQLite",
    }
}

fn t(raw: impl Into<String>, kind: TypeKind) -> ColumnType {
    ColumnType::new(raw, kind)
}

/// The type a scalar gets without a native type attribute.
fn default_type(dialect: Dialect, scalar: &str) -> ColumnType {
    use TypeKind::*;
    let decimal = Decimal { precision: Some(65), scale: Some(30) };
    match (dialect, scalar) {
        (Dialect::Postgres, "String") => t("text", Text),
        (Dialect::Postgres, "Boolean") => t("boolean", Boolean),
        (Dialect::Postgres, "Int") => t("integer", Integer),
        (Dialect::Postgres, "BigInt") => t("bigint", BigInt),
        (Dialect::Postgres, "Float") => t("double precision", Double),
        (Dialect::Postgres, "Decimal") => t("decimal(65,30)", decimal),
        (Dialect::Postgres, "DateTime") => t("timestamp(3)", Timestamp { with_time_zone: false }),
        (Dialect::Postgres, "Json") => t("jsonb", Json),
        (Dialect::Postgres, _) => t("bytea", Blob),
        (Dialect::Mysql, "String") => t("varchar(191)", Varchar { length: Some(191) }),
        (Dialect::Mysql, "Boolean") => t("boolean", Boolean),
        (Dialect::Mysql, "Int") => t("int", Integer),
        (Dialect::Mysql, "BigInt") => t("bigint", BigInt),
        (Dialect::Mysql, "Float") => t("double", Double),
        (Dialect::Mysql, "Decimal") => t("decimal(65,30)", decimal),
        (Dialect::Mysql, "DateTime") => t("datetime(3)", Timestamp { with_time_zone: false }),
        (Dialect::Mysql, "Json") => t("json", Json),
        (Dialect::Mysql, _) => t("longblob", Blob),
        (Dialect::Sqlite, "String") => t("TEXT", Text),
        (Dialect::Sqlite, "Boolean") => t("BOOLEAN", Boolean),
        (Dialect::Sqlite, "Int") => t("INTEGER", Integer),
        (Dialect::Sqlite, "BigInt") => t("BIGINT", BigInt),
        (Dialect::Sqlite, "Float") => t("REAL", Real),
        (Dialect::Sqlite, "Decimal") => t("DECIMAL", Decimal { precision: None, scale: None }),
        (Dialect::Sqlite, "DateTime") => t("DATETIME", Timestamp { with_time_zone: false }),
        (Dialect::Sqlite, "Json") => t("JSONB", Json),
        (Dialect::Sqlite, _) => t("BLOB", Blob),
    }
}

/// `(n)` when the attribute has one argument, `(p,s)` for two, nothing otherwise.
fn args(native: &Native<'_>) -> String {
    match native.args.as_slice() {
        [] => String::new(),
        list => format!("({})", list.iter().map(u32::to_string).collect::<Vec<_>>().join(",")),
    }
}

fn native_type(dialect: Dialect, native: &Native<'_>) -> Option<ColumnType> {
    use TypeKind::*;
    let first = native.args.first().copied();
    let a = args(native);
    let decimal = Decimal { precision: first, scale: native.args.get(1).copied() };
    Some(match (dialect, native.name) {
        (Dialect::Postgres, "Text") => t("text", Text),
        (Dialect::Postgres, "Char") => {
            t(format!("char({})", first.unwrap_or(1)), Char { length: Some(first.unwrap_or(1)) })
        }
        (Dialect::Postgres, "VarChar") => t(format!("varchar{a}"), Varchar { length: first }),
        (Dialect::Postgres, "Bit") => t(format!("bit({})", first.unwrap_or(1)), Other),
        (Dialect::Postgres, "VarBit") => t(format!("varbit{a}"), Other),
        (Dialect::Postgres, "Uuid") => t("uuid", Uuid),
        (Dialect::Postgres, "Xml") => t("xml", Other),
        (Dialect::Postgres, "Inet") => t("inet", Other),
        (Dialect::Postgres, "Citext") => t("citext", Other),
        (Dialect::Postgres, "Boolean") => t("boolean", Boolean),
        (Dialect::Postgres, "Integer" | "Int") => t("integer", Integer),
        (Dialect::Postgres, "SmallInt") => t("smallint", SmallInt),
        (Dialect::Postgres, "BigInt") => t("bigint", BigInt),
        (Dialect::Postgres, "Oid") => t("oid", Other),
        (Dialect::Postgres, "DoublePrecision") => t("double precision", Double),
        (Dialect::Postgres, "Real") => t("real", Real),
        (Dialect::Postgres, "Decimal") => t(format!("decimal{a}"), decimal),
        (Dialect::Postgres, "Money") => t("money", Other),
        (Dialect::Postgres, "Timestamp") => t(format!("timestamp{a}"), Timestamp { with_time_zone: false }),
        (Dialect::Postgres, "Timestamptz") => t(format!("timestamptz{a}"), Timestamp { with_time_zone: true }),
        (Dialect::Postgres, "Date") => t("date", Date),
        (Dialect::Postgres, "Time") => t(format!("time{a}"), Time { with_time_zone: false }),
        (Dialect::Postgres, "Timetz") => t(format!("timetz{a}"), Time { with_time_zone: true }),
        (Dialect::Postgres, "Json") => t("json", Json),
        (Dialect::Postgres, "JsonB") => t("jsonb", Json),
        (Dialect::Postgres, "ByteA") => t("bytea", Blob),
        (Dialect::Mysql, "VarChar") => t(format!("varchar{a}"), Varchar { length: first }),
        (Dialect::Mysql, "Char") => {
            t(format!("char({})", first.unwrap_or(1)), Char { length: Some(first.unwrap_or(1)) })
        }
        (Dialect::Mysql, name @ ("Text" | "TinyText" | "MediumText" | "LongText")) => t(name.to_lowercase(), Text),
        (Dialect::Mysql, "Binary") => t(format!("binary({})", first.unwrap_or(1)), Blob),
        (Dialect::Mysql, "VarBinary") => t(format!("varbinary{a}"), Blob),
        (Dialect::Mysql, name @ ("TinyBlob" | "Blob" | "MediumBlob" | "LongBlob")) => t(name.to_lowercase(), Blob),
        (Dialect::Mysql, "Int") => t("int", Integer),
        (Dialect::Mysql, "UnsignedInt") => t("int unsigned", Other),
        (Dialect::Mysql, "SmallInt") => t("smallint", SmallInt),
        (Dialect::Mysql, "UnsignedSmallInt") => t("smallint unsigned", Other),
        (Dialect::Mysql, "TinyInt") => t("tinyint", Other),
        (Dialect::Mysql, "UnsignedTinyInt") => t("tinyint unsigned", Other),
        (Dialect::Mysql, "MediumInt") => t("mediumint", Other),
        (Dialect::Mysql, "UnsignedMediumInt") => t("mediumint unsigned", Other),
        (Dialect::Mysql, "BigInt") => t("bigint", BigInt),
        (Dialect::Mysql, "UnsignedBigInt") => t("bigint unsigned", Other),
        (Dialect::Mysql, "Bit") => t(format!("bit({})", first.unwrap_or(1)), Other),
        (Dialect::Mysql, "Double") => t("double", Double),
        (Dialect::Mysql, "Float") => t("float", Real),
        (Dialect::Mysql, "Decimal") => t(format!("decimal{a}"), decimal),
        (Dialect::Mysql, "Date") => t("date", Date),
        (Dialect::Mysql, "Time") => t(format!("time{a}"), Time { with_time_zone: false }),
        (Dialect::Mysql, "DateTime") => t(format!("datetime{a}"), Timestamp { with_time_zone: false }),
        (Dialect::Mysql, "Timestamp") => t(format!("timestamp{a}"), Timestamp { with_time_zone: false }),
        (Dialect::Mysql, "Year") => t("year", Other),
        (Dialect::Mysql, "Json") => t("json", Json),
        _ => return None,
    })
}

/// The fractional-second digits a `DateTime` column keeps, for `now()` on MySQL, which must
/// match them (`datetime(3)` takes `CURRENT_TIMESTAMP(3)`).
pub(super) fn time_precision(column_type: &ColumnType) -> Option<u32> {
    let raw = &column_type.raw;
    let open = raw.find('(')?;
    raw[open + 1..].trim_end_matches(')').parse().ok()
}
