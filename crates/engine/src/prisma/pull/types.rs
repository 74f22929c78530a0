//! Column types and defaults → Prisma field types and `@default`s, per dialect: the inverse of
//! `prisma/types.rs`, chosen so that mapping the result back gives the server the same type and
//! default text. What has no Prisma spelling becomes `Unsupported("…")` / `dbgenerated("…")`.

use crate::dialect::Dialect;
use crate::model::{Column, TypeKind};

/// A field type: the scalar and, when it is not the scalar's default, the native type
/// attribute without the datasource prefix (`VarChar(20)`).
pub(super) struct PrismaType {
    pub scalar: String,
    pub native: Option<String>,
}

fn typed(scalar: &str, native: Option<String>) -> Option<PrismaType> {
    Some(PrismaType { scalar: scalar.to_owned(), native })
}

/// The `(n)` or `(p,s)` of a raw type, as written.
fn type_args(raw: &str) -> Option<&str> {
    let open = raw.find('(')?;
    let close = raw[open..].find(')')? + open;
    Some(&raw[open + 1..close])
}

fn with_args(name: &str, raw: &str) -> Option<String> {
    Some(match type_args(raw) {
        Some(args) => format!("{name}({})", args.split(',').map(str::trim).collect::<Vec<_>>().join(", ")),
        None => name.to_owned(),
    })
}

/// The Prisma type of a column whose type is a scalar (not an enum, not a list), if it has one.
pub(super) fn scalar_type(dialect: Dialect, column: &Column) -> Option<PrismaType> {
    let raw = column.column_type.raw.as_str();
    let lower = raw.to_ascii_lowercase();
    match dialect {
        Dialect::Postgres => postgres(&column.column_type.kind, &lower),
        Dialect::Mysql => mysql(&column.column_type.kind, &lower),
        Dialect::Sqlite => sqlite(&lower),
    }
}

fn postgres(kind: &TypeKind, raw: &str) -> Option<PrismaType> {
    let base = raw.split('(').next().unwrap_or(raw).trim();
    match kind {
        TypeKind::Text => typed("String", None),
        TypeKind::Varchar { .. } => typed("String", with_args("VarChar", raw)),
        TypeKind::Char { .. } => typed("String", with_args("Char", raw)),
        TypeKind::Integer => typed("Int", None),
        TypeKind::SmallInt => typed("Int", Some("SmallInt".into())),
        TypeKind::BigInt => typed("BigInt", None),
        TypeKind::Boolean => typed("Boolean", None),
        TypeKind::Double => typed("Float", None),
        TypeKind::Real => typed("Float", Some("Real".into())),
        TypeKind::Decimal { precision: Some(65), scale: Some(30) } => typed("Decimal", None),
        TypeKind::Decimal { .. } => typed("Decimal", with_args("Decimal", raw)),
        TypeKind::Timestamp { with_time_zone: false } if type_args(raw) == Some("3") => typed("DateTime", None),
        TypeKind::Timestamp { with_time_zone: false } => typed("DateTime", with_args("Timestamp", raw)),
        TypeKind::Timestamp { with_time_zone: true } => typed("DateTime", with_args("Timestamptz", raw)),
        TypeKind::Date => typed("DateTime", Some("Date".into())),
        TypeKind::Time { with_time_zone: false } => typed("DateTime", with_args("Time", raw)),
        TypeKind::Time { with_time_zone: true } => typed("DateTime", with_args("Timetz", raw)),
        TypeKind::Json if raw == "jsonb" => typed("Json", None),
        TypeKind::Json => typed("Json", Some("Json".into())),
        TypeKind::Uuid => typed("String", Some("Uuid".into())),
        TypeKind::Blob => typed("Bytes", None),
        TypeKind::Other => match base {
            "inet" => typed("String", Some("Inet".into())),
            "citext" => typed("String", Some("Citext".into())),
            "xml" => typed("String", Some("Xml".into())),
            "money" => typed("Decimal", Some("Money".into())),
            "oid" => typed("Int", Some("Oid".into())),
            "bit" => typed("String", with_args("Bit", raw)),
            "bit varying" => typed("String", with_args("VarBit", raw)),
            _ => None,
        },
    }
}

fn mysql(kind: &TypeKind, raw: &str) -> Option<PrismaType> {
    let base = raw.split('(').next().unwrap_or(raw).trim();
    match (kind, base) {
        (TypeKind::Varchar { length: Some(191) }, _) => typed("String", None),
        (TypeKind::Varchar { .. }, _) => typed("String", with_args("VarChar", raw)),
        (TypeKind::Char { .. }, _) => typed("String", with_args("Char", raw)),
        (_, "text") => typed("String", Some("Text".into())),
        (_, "tinytext") => typed("String", Some("TinyText".into())),
        (_, "mediumtext") => typed("String", Some("MediumText".into())),
        (_, "longtext") => typed("String", Some("LongText".into())),
        (TypeKind::Boolean, _) => typed("Boolean", None),
        (_, "int") => typed("Int", None),
        (_, "int unsigned") => typed("Int", Some("UnsignedInt".into())),
        (_, "smallint") => typed("Int", Some("SmallInt".into())),
        (_, "smallint unsigned") => typed("Int", Some("UnsignedSmallInt".into())),
        (_, "tinyint") => typed("Int", Some("TinyInt".into())),
        (_, "tinyint unsigned") => typed("Int", Some("UnsignedTinyInt".into())),
        (_, "mediumint") => typed("Int", Some("MediumInt".into())),
        (_, "mediumint unsigned") => typed("Int", Some("UnsignedMediumInt".into())),
        (_, "bigint") => typed("BigInt", None),
        (_, "bigint unsigned") => typed("BigInt", Some("UnsignedBigInt".into())),
        (_, "year") => typed("Int", Some("Year".into())),
        (_, "double") => typed("Float", None),
        (_, "float") => typed("Float", Some("Float".into())),
        (TypeKind::Decimal { precision: Some(65), scale: Some(30) }, _) => typed("Decimal", None),
        (TypeKind::Decimal { .. }, _) => typed("Decimal", with_args("Decimal", raw)),
        (_, "datetime") if type_args(raw) == Some("3") => typed("DateTime", None),
        (_, "datetime") => typed("DateTime", with_args("DateTime", raw)),
        (_, "timestamp") => typed("DateTime", with_args("Timestamp", raw)),
        (_, "date") => typed("DateTime", Some("Date".into())),
        (_, "time") => typed("DateTime", with_args("Time", raw)),
        (_, "json") => typed("Json", None),
        (_, "longblob") => typed("Bytes", None),
        (_, "blob") => typed("Bytes", Some("Blob".into())),
        (_, "tinyblob") => typed("Bytes", Some("TinyBlob".into())),
        (_, "mediumblob") => typed("Bytes", Some("MediumBlob".into())),
        (_, "binary") => typed("Bytes", with_args("Binary", raw)),
        (_, "varbinary") => typed("Bytes", with_args("VarBinary", raw)),
        _ => None,
    }
}

/// SQLite keeps declared types as written; only Prisma's own spellings map back to scalars.
fn sqlite(raw: &str) -> Option<PrismaType> {
    let scalar = match raw.to_ascii_uppercase().as_str() {
        "TEXT" => "String",
        "INTEGER" => "Int",
        "BOOLEAN" => "Boolean",
        "BIGINT" => "BigInt",
        "REAL" => "Float",
        "DECIMAL" => "Decimal",
        "DATETIME" => "DateTime",
        "JSONB" => "Json",
        "BLOB" => "Bytes",
        _ => return None,
    };
    typed(scalar, None)
}

/// A default as Prisma writes it.
pub(super) enum PrismaDefault {
    /// `autoincrement()`.
    AutoIncrement,
    /// `now()`.
    Now,
    /// A literal as it goes inside `@default(…)`: `"text"`, `42`, `true`, an enum value name.
    Literal(String),
    /// `dbgenerated("…")`: the expression the database keeps, as is.
    DbGenerated(String),
}

/// The text of a single-quoted SQL literal, when `text` is exactly one (`'it''s'` → `it's`),
/// with PostgreSQL's cast after it (`'x'::character varying`) allowed.
pub(super) fn quoted_literal(dialect: Dialect, text: &str) -> Option<String> {
    let rest = text.strip_prefix('\'')?;
    let mut value = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' if chars.peek() == Some(&'\'') => {
                chars.next();
                value.push('\'');
            }
            '\'' => {
                let tail: String = chars.collect();
                let ok =
                    tail.is_empty() || (dialect == Dialect::Postgres && tail.starts_with("::") && !tail.contains('\''));
                return ok.then_some(value);
            }
            // MySQL escapes with backslashes too: leave such literals to dbgenerated.
            '\\' if dialect == Dialect::Mysql => return None,
            other => value.push(other),
        }
    }
    None
}

fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().filter(|c| *c == '.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.')
}

/// The Prisma default of a scalar column whose database default is `text`. `serial` says the
/// default is the column's own sequence (checked by the caller).
pub(super) fn scalar_default(dialect: Dialect, column: &Column, scalar: &str, text: &str) -> PrismaDefault {
    let time_precision = type_args(&column.column_type.raw).and_then(|a| a.parse::<u32>().ok());
    let now = match (dialect, time_precision) {
        (Dialect::Mysql, Some(p)) if p > 0 => format!("CURRENT_TIMESTAMP({p})"),
        _ => "CURRENT_TIMESTAMP".to_owned(),
    };
    if scalar == "DateTime" && text == now {
        return PrismaDefault::Now;
    }
    match scalar {
        "Boolean" => match (dialect, text) {
            (_, "true" | "false") => return PrismaDefault::Literal(text.to_owned()),
            // MySQL stores booleans as tinyint(1).
            (Dialect::Mysql, "1") => return PrismaDefault::Literal("true".into()),
            (Dialect::Mysql, "0") => return PrismaDefault::Literal("false".into()),
            _ => {}
        },
        "Int" | "BigInt" | "Float" | "Decimal" => {
            if is_number(text) {
                return PrismaDefault::Literal(text.to_owned());
            }
            // PostgreSQL writes negative and decimal defaults as casts: '-1'::integer.
            if let Some(value) = quoted_literal(dialect, text).filter(|v| is_number(v) && dialect == Dialect::Postgres)
            {
                return PrismaDefault::Literal(value);
            }
        }
        "String" => {
            if let Some(value) = quoted_literal(dialect, text) {
                return PrismaDefault::Literal(string(&value));
            }
        }
        _ => {}
    }
    PrismaDefault::DbGenerated(text.to_owned())
}

/// A Prisma string literal.
pub(super) fn string(value: &str) -> String {
    let mut out = String::from('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}
