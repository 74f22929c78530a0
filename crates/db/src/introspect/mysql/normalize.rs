//! Canonical forms of MySQL and MariaDB facts, so that the same logical schema gives the same
//! model on both: integer display widths, default literals, `CURRENT_TIMESTAMP` spellings, and
//! MariaDB's JSON (a LONGTEXT with a `json_valid` check).

use plumb_engine::model::TypeKind;

/// Drops integer display widths (`int(11)` → `int`), which MySQL 8.0.19 stopped reporting and
/// which change nothing but client padding, except where they mean something: `tinyint(1)` is the
/// boolean convention, and ZEROFILL pads to the width
/// (<https://dev.mysql.com/doc/refman/8.0/en/numeric-type-attributes.html>).
pub(crate) fn column_type(raw: &str) -> String {
    // Enum and set labels are data: `enum('Active')` keeps its capital.
    let lower = plumb_engine::dialect::lowercase_outside_literals(raw);
    let integer =
        ["tinyint", "smallint", "mediumint", "int", "bigint"].iter().find(|t| lower.starts_with(&format!("{t}(")));
    match integer {
        Some(t) if !lower.contains("zerofill") && !(lower.starts_with("tinyint(1)")) => {
            let close = lower.find(')').map_or(lower.len(), |i| i + 1);
            format!("{t}{}", &lower[close..])
        }
        _ => lower,
    }
}

/// Maps a column's type onto a kind, from DATA_TYPE and the normalized COLUMN_TYPE.
pub(crate) fn type_kind(data_type: &str, column_type: &str) -> TypeKind {
    let args: Vec<Option<u32>> = column_type
        .split_once('(')
        .map(|(_, rest)| rest.split(')').next().unwrap_or("").split(',').map(|a| a.trim().parse().ok()).collect())
        .unwrap_or_default();
    let arg = |i: usize| args.get(i).copied().flatten();
    match data_type.to_ascii_lowercase().as_str() {
        "tinyint" if column_type.starts_with("tinyint(1)") => TypeKind::Boolean,
        "tinyint" | "smallint" => TypeKind::SmallInt,
        "mediumint" | "int" | "integer" => TypeKind::Integer,
        "bigint" => TypeKind::BigInt,
        "decimal" | "numeric" => TypeKind::Decimal { precision: arg(0), scale: arg(1) },
        "float" => TypeKind::Real,
        "double" | "real" => TypeKind::Double,
        "char" => TypeKind::Char { length: arg(0) },
        "varchar" => TypeKind::Varchar { length: arg(0) },
        "tinytext" | "text" | "mediumtext" | "longtext" => TypeKind::Text,
        "binary" | "varbinary" | "tinyblob" | "blob" | "mediumblob" | "longblob" => TypeKind::Blob,
        "date" => TypeKind::Date,
        "time" => TypeKind::Time { with_time_zone: false },
        "datetime" => TypeKind::Timestamp { with_time_zone: false },
        // TIMESTAMP values are stored in UTC and shown in the session's zone: an instant.
        "timestamp" => TypeKind::Timestamp { with_time_zone: true },
        "json" => TypeKind::Json,
        _ => TypeKind::Other,
    }
}

fn is_numeric(data_type: &str) -> bool {
    matches!(
        data_type.to_ascii_lowercase().as_str(),
        "tinyint"
            | "smallint"
            | "mediumint"
            | "int"
            | "integer"
            | "bigint"
            | "decimal"
            | "numeric"
            | "float"
            | "double"
            | "real"
            | "bit"
            | "year"
    )
}

/// `current_timestamp()`, `now()`, `CURRENT_TIMESTAMP` → `CURRENT_TIMESTAMP`; a precision is kept
/// (`current_timestamp(6)` → `CURRENT_TIMESTAMP(6)`). Anything else is returned unchanged.
pub(crate) fn current_timestamp(text: &str) -> String {
    let lower = text.trim().to_ascii_lowercase();
    for name in ["current_timestamp", "now", "localtimestamp", "localtime"] {
        if let Some(rest) = lower.strip_prefix(name) {
            return match rest {
                "" | "()" => "CURRENT_TIMESTAMP".into(),
                _ if rest.starts_with('(') && rest.ends_with(')') => format!("CURRENT_TIMESTAMP{rest}"),
                _ => text.to_owned(),
            };
        }
    }
    text.to_owned()
}

/// A column default as one canonical text: string literals quoted, numbers bare,
/// `CURRENT_TIMESTAMP` spelled one way, and no default where the default is NULL.
///
/// MariaDB 10.2.7+ quotes literals and writes `NULL` for a NULL default; MySQL reports literals
/// bare and marks expression defaults with `DEFAULT_GENERATED` in EXTRA
/// (<https://mariadb.com/kb/en/information-schema-columns-table/>).
pub(crate) fn default_value(raw: Option<&str>, data_type: &str, extra: &str, quotes_literals: bool) -> Option<String> {
    let raw = raw?;
    if quotes_literals {
        return (raw != "NULL").then(|| current_timestamp(raw));
    }
    let expression = extra.to_ascii_lowercase().contains("default_generated");
    Some(if expression || is_numeric(data_type) {
        current_timestamp(raw)
    } else {
        format!("'{}'", raw.replace('\'', "''"))
    })
}

/// The `ON UPDATE` expression in EXTRA (`on update current_timestamp(6)`), canonical.
pub(crate) fn on_update(extra: &str) -> Option<String> {
    let lower = extra.to_ascii_lowercase();
    let start = lower.find("on update ")? + "on update ".len();
    let expression = lower[start..].split_whitespace().next()?;
    Some(current_timestamp(expression))
}

/// A view's query without its own database's name: MySQL stores `` `db`.`t` `` for every table, so
/// the same view in two databases (dev and prod) would otherwise read differently. References to
/// other databases keep their qualifier.
pub(crate) fn unqualified(definition: &str, database: &str) -> String {
    definition.replace(
        &format!("{}.", plumb_engine::dialect::quote_ident(plumb_engine::dialect::Dialect::Mysql, database)),
        "",
    )
}

/// The character set a collation belongs to (`utf8mb4_general_ci` → `utf8mb4`).
pub(crate) fn charset_of(collation: &str) -> &str {
    collation.split('_').next().unwrap_or(collation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_display_widths_go_unless_they_mean_something() {
        assert_eq!(column_type("int(11)"), "int");
        assert_eq!(column_type("bigint(20) unsigned"), "bigint unsigned");
        assert_eq!(column_type("INT"), "int");
        assert_eq!(column_type("tinyint(1)"), "tinyint(1)");
        assert_eq!(column_type("int(6) unsigned zerofill"), "int(6) unsigned zerofill");
        assert_eq!(column_type("varchar(320)"), "varchar(320)");
        assert_eq!(column_type("decimal(10,2)"), "decimal(10,2)");
    }

    #[test]
    fn kinds_follow_the_data_type() {
        assert_eq!(type_kind("tinyint", "tinyint(1)"), TypeKind::Boolean);
        assert_eq!(type_kind("tinyint", "tinyint"), TypeKind::SmallInt);
        assert_eq!(type_kind("decimal", "decimal(10,2)"), TypeKind::Decimal { precision: Some(10), scale: Some(2) });
        assert_eq!(type_kind("varchar", "varchar(320)"), TypeKind::Varchar { length: Some(320) });
        assert_eq!(type_kind("timestamp", "timestamp"), TypeKind::Timestamp { with_time_zone: true });
        assert_eq!(type_kind("enum", "enum('a','b')"), TypeKind::Other);
    }

    #[test]
    fn mariadb_and_mysql_defaults_end_up_spelled_the_same() {
        // MariaDB 10.2.7+ (quotes literals) and MySQL (bare literals) for the same column.
        let cases = [
            (Some("'invited'"), Some("invited"), "enum", ""),
            (Some("0.00"), Some("0.00"), "decimal", ""),
            (Some("current_timestamp()"), Some("CURRENT_TIMESTAMP"), "timestamp", "DEFAULT_GENERATED"),
            (Some("'it''s'"), Some("it's"), "varchar", ""),
        ];
        for (mariadb, mysql, data_type, mysql_extra) in cases {
            assert_eq!(
                default_value(mariadb, data_type, "", true),
                default_value(mysql, data_type, mysql_extra, false),
                "{mariadb:?} ~ {mysql:?}"
            );
        }
        assert_eq!(default_value(Some("NULL"), "varchar", "", true), None, "MariaDB's NULL default is no default");
        assert_eq!(default_value(None, "varchar", "", false), None);
        assert_eq!(
            default_value(Some("current_timestamp(6)"), "datetime", "", true).as_deref(),
            Some("CURRENT_TIMESTAMP(6)")
        );
    }

    #[test]
    fn views_lose_their_own_database_qualifier_only() {
        let stored = "select `shop`.`users`.`id` AS `id` from `shop`.`users` join `other`.`t` on `x`.`shop`.`y`";
        assert_eq!(unqualified(stored, "shop"), "select `users`.`id` AS `id` from `users` join `other`.`t` on `x`.`y`");
        assert_eq!(unqualified("select 1 from `a``b`.`t`", "a`b"), "select 1 from `t`");
    }

    #[test]
    fn on_update_is_read_from_extra() {
        assert_eq!(on_update("on update current_timestamp(6)").as_deref(), Some("CURRENT_TIMESTAMP(6)"));
        assert_eq!(on_update("DEFAULT_GENERATED on update CURRENT_TIMESTAMP").as_deref(), Some("CURRENT_TIMESTAMP"));
        assert_eq!(on_update("auto_increment"), None);
        assert_eq!(charset_of("utf8mb4_general_ci"), "utf8mb4");
    }
}
