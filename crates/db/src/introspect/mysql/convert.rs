//! Catalog rows → the schema model. Pure: literal rows in, model out.

use std::collections::BTreeMap;

use plumb_engine::dialect::{quote_ident, quote_literal, Dialect, Flavor, ServerVersion};
use plumb_engine::model::{
    CheckConstraint, Column, ColumnExtras, ColumnType, Database, ForeignKey, Generated, GeneratedStorage, Identity,
    Index, IndexKey, IndexPart, PrimaryKey, ReferentialAction, Routine, RoutineKind, Schema, Table, TableExtras,
    TableStats, Trigger, TriggerEvent, TriggerTiming, TypeKind, UniqueConstraint, UnsupportedObject, View,
};

use super::normalize;
use super::rows::*;
use crate::introspect::text::strip_outer_parens;

/// Everything the catalog queries returned.
#[derive(Debug, Default)]
pub(crate) struct CatalogRows {
    pub tables: Vec<TableRow>,
    pub columns: Vec<ColumnRow>,
    pub indexes: Vec<IndexRow>,
    pub foreign_keys: Vec<ForeignKeyRow>,
    pub referential: Vec<ReferentialRow>,
    pub checks: Vec<CheckRow>,
    pub views: Vec<ViewRow>,
    pub triggers: Vec<TriggerRow>,
    pub routines: Vec<RoutineRow>,
    pub parameters: Vec<ParameterRow>,
    pub partitions: Vec<PartitionRow>,
    pub unsupported: Vec<UnsupportedRow>,
}

/// InnoDB checks NO ACTION immediately, exactly like RESTRICT, and MariaDB reports RESTRICT where
/// nothing was written while MySQL reports NO ACTION: both read as the default, NO ACTION
/// (https://dev.mysql.com/doc/refman/8.0/en/create-table-foreign-keys.html#foreign-key-referential-actions).
fn action(rule: &str) -> ReferentialAction {
    match rule {
        "CASCADE" => ReferentialAction::Cascade,
        "SET NULL" => ReferentialAction::SetNull,
        "SET DEFAULT" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

/// Rows grouped by the table they belong to, in their query order.
fn by_table<'a, T>(
    rows: impl IntoIterator<Item = &'a T>,
    table: impl Fn(&'a T) -> &'a str,
) -> BTreeMap<&'a str, Vec<&'a T>> {
    let mut groups: BTreeMap<&str, Vec<&T>> = BTreeMap::new();
    for row in rows {
        groups.entry(table(row)).or_default().push(row);
    }
    groups
}

/// A table's `PARTITION BY` clause, written from its partitions as `SHOW CREATE TABLE` writes
/// it: ranges and lists name each partition and its bound; hash and key partitions are counted
/// when the server named them (`p0`, `p1`, …), else named.
fn partition_clause(partitions: &[&PartitionRow]) -> String {
    let first = partitions[0];
    let expression = first.expression.as_deref().unwrap_or_default();
    let mut clause = format!("PARTITION BY {} ({expression})", first.method);
    let columns = first.method.ends_with("COLUMNS");
    let bound = |p: &PartitionRow| {
        let description = p.description.as_deref().unwrap_or_default();
        match first.method.as_str() {
            m if m.starts_with("RANGE") && description == "MAXVALUE" && !columns => {
                " VALUES LESS THAN MAXVALUE".to_owned()
            }
            m if m.starts_with("RANGE") => format!(" VALUES LESS THAN ({description})"),
            m if m.starts_with("LIST") => format!(" VALUES IN ({description})"),
            _ => String::new(),
        }
    };
    let by_server = partitions.iter().enumerate().all(|(i, p)| p.name == format!("p{i}"));
    let hashed = !(first.method.starts_with("RANGE") || first.method.starts_with("LIST"));
    match (hashed, by_server) {
        (true, true) if partitions.len() > 1 => clause.push_str(&format!("\nPARTITIONS {}", partitions.len())),
        (true, true) => {}
        _ => {
            let list: Vec<String> = partitions
                .iter()
                .map(|p| format!("PARTITION {}{}", quote_ident(Dialect::Mysql, &p.name), bound(p)))
                .collect();
            clause.push_str(&format!("\n({})", list.join(",\n ")));
        }
    }
    clause
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Builds the model of the MySQL or MariaDB database named `database`.
pub(crate) fn build(rows: &CatalogRows, database: &str, flavor: Flavor, version: ServerVersion) -> Database {
    let mut schema = Schema::new(database);
    let mut unsupported: Vec<UnsupportedObject> = rows
        .unsupported
        .iter()
        .map(|u| UnsupportedObject { kind: u.kind.clone(), schema: Some(database.to_owned()), name: u.name.clone() })
        .collect();
    // MariaDB's JSON is LONGTEXT plus a CHECK named after the column
    // (https://mariadb.com/kb/en/json-data-type/): read as the JSON type, without that check.
    let is_json_check = |check: &CheckRow| {
        !check.name.is_empty() && check.clause == format!("json_valid({})", quote_ident(Dialect::Mysql, &check.name))
    };
    let columns = by_table(&rows.columns, |r| &r.table_name);
    let indexes = by_table(&rows.indexes, |r| &r.table_name);
    let foreign_keys = by_table(&rows.foreign_keys, |r| &r.table_name);
    let checks = by_table(&rows.checks, |r| &r.table_name);
    // A subpartitioned table is listed as not compared, without a partition clause.
    let (subpartitioned, partitioned): (Vec<&PartitionRow>, Vec<&PartitionRow>) =
        rows.partitions.iter().partition(|p| p.subpartitioned != 0);
    let mut subpartitioned: Vec<&str> = subpartitioned.iter().map(|p| p.table_name.as_str()).collect();
    subpartitioned.dedup();
    unsupported.extend(subpartitioned.into_iter().map(|name| UnsupportedObject {
        kind: "subpartitioned table".into(),
        schema: Some(database.to_owned()),
        name: name.to_owned(),
    }));
    let partitions = by_table(partitioned, |r| &r.table_name);
    let actions: BTreeMap<(&str, &str), &ReferentialRow> =
        rows.referential.iter().map(|r| ((r.table_name.as_str(), r.name.as_str()), r)).collect();
    for table_row in rows.tables.iter().filter(|t| t.kind == "BASE TABLE" || t.kind == "SYSTEM VERSIONED") {
        let name = &table_row.name;
        let table_checks = checks.get(name.as_str()).map_or(&[][..], Vec::as_slice);
        let json_columns: Vec<&str> = table_checks
            .iter()
            .filter(|c| flavor == Flavor::Mariadb && is_json_check(c))
            .map(|c| c.name.as_str())
            .collect();
        let mut table = Table::new(name.clone());
        table.comment = table_row.comment.as_deref().and_then(non_empty);
        table.extras = Some(TableExtras::Mysql {
            engine: table_row.engine.clone(),
            collation: table_row.collation.clone(),
            partition: partitions.get(name.as_str()).map(|p| partition_clause(p)),
        });
        table.stats = Some(TableStats {
            row_count: table_row.row_estimate.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
            estimated: true,
            total_bytes: table_row.total_bytes.and_then(|n| u64::try_from(n).ok()),
            next_auto_increment: table_row.next_auto_increment.and_then(|n| u64::try_from(n).ok()),
        });
        let table_collation = table_row.collation.as_deref().unwrap_or_default();
        for row in columns.get(name.as_str()).map_or(&[][..], Vec::as_slice) {
            table.columns.push(column(row, table_collation, json_columns.contains(&row.name.as_str()), flavor));
        }
        add_indexes(&mut table, indexes.get(name.as_str()).map_or(&[][..], Vec::as_slice).iter().copied());
        add_foreign_keys(
            &mut table,
            foreign_keys.get(name.as_str()).map_or(&[][..], Vec::as_slice).iter().copied(),
            &actions,
            database,
        );
        table.checks = table_checks
            .iter()
            .filter(|c| !json_columns.contains(&c.name.as_str()))
            .map(|c| CheckConstraint {
                name: Some(c.name.clone()),
                ..CheckConstraint::new(strip_outer_parens(&c.clause))
            })
            .collect();
        schema.tables.push(table);
    }
    for table_row in rows.tables.iter().filter(|t| t.kind == "SEQUENCE") {
        unsupported.push(UnsupportedObject {
            kind: "sequence".into(),
            schema: Some(database.to_owned()),
            name: table_row.name.clone(),
        });
    }
    schema.views = rows
        .views
        .iter()
        .map(|v| View {
            name: v.name.clone(),
            definition: normalize::unqualified(&v.definition, database),
            materialized: false,
            indexes: Vec::new(),
            comment: None,
        })
        .collect();
    schema.triggers = rows.triggers.iter().map(trigger).collect();
    let mut parameters: BTreeMap<(&str, &str), Vec<&ParameterRow>> = BTreeMap::new();
    for row in &rows.parameters {
        parameters.entry((row.routine_name.as_str(), row.kind.as_str())).or_default().push(row);
    }
    schema.routines = rows
        .routines
        .iter()
        .map(|r| routine(r, parameters.get(&(r.name.as_str(), r.kind.as_str())).map_or(&[][..], Vec::as_slice)))
        .collect();

    let mut db = Database::new(flavor, Some(version));
    db.schemas.push(schema);
    db.unsupported = unsupported;
    db.canonicalize();
    db
}

fn column(row: &ColumnRow, table_collation: &str, json: bool, flavor: Flavor) -> Column {
    let extra = row.extra.to_ascii_lowercase();
    let generated =
        row.generation_expression.as_deref().filter(|e| !e.is_empty() && extra.contains("generated")).map(|e| {
            Generated {
                expression: e.to_owned(),
                // MariaDB says PERSISTENT for STORED.
                storage: if extra.contains("stored") || extra.contains("persistent") {
                    GeneratedStorage::Stored
                } else {
                    GeneratedStorage::Virtual
                },
            }
        });
    let (raw_type, kind) = if json {
        ("json".to_owned(), TypeKind::Json)
    } else {
        let raw = normalize::column_type(&row.column_type);
        let kind = normalize::type_kind(&row.data_type, &raw);
        (raw, kind)
    };
    // Character set and collation count only where they differ from the table's.
    let collation = row.collation.clone().filter(|c| !json && c != table_collation);
    let charset = row.charset.clone().filter(|c| !json && c != normalize::charset_of(table_collation));
    let on_update = normalize::on_update(&row.extra);
    let invisible = extra.split_whitespace().any(|w| w == "invisible");
    Column {
        name: row.name.clone(),
        column_type: ColumnType::new(raw_type, kind),
        nullable: row.nullable != 0,
        default: if generated.is_some() {
            None
        } else {
            normalize::default_value(
                row.default_value.as_deref(),
                &row.data_type,
                &row.extra,
                flavor == Flavor::Mariadb,
            )
        },
        identity: extra.contains("auto_increment").then_some(Identity::AutoIncrement),
        generated,
        collation,
        comment: non_empty(&row.comment),
        extras: (charset.is_some() || on_update.is_some() || invisible).then_some(ColumnExtras::Mysql {
            charset,
            on_update,
            invisible,
        }),
    }
}

/// Primary key, unique keys and other indexes. A unique key on plain whole columns is a unique
/// constraint (MySQL lists it in TABLE_CONSTRAINTS); one with a prefix, an expression or a
/// descending part is a unique index, since a constraint cannot say that.
fn add_indexes<'a>(table: &mut Table, rows: impl Iterator<Item = &'a IndexRow>) {
    let mut by_name: BTreeMap<&str, Vec<&IndexRow>> = BTreeMap::new();
    for row in rows {
        by_name.entry(row.name.as_str()).or_default().push(row);
    }
    for (name, mut parts) in by_name {
        parts.sort_by_key(|p| p.seq);
        let first = parts[0];
        let index_parts: Vec<IndexPart> = parts
            .iter()
            .map(|p| IndexPart {
                key: match (&p.column_name, &p.expression) {
                    (Some(column), _) => IndexKey::Column(column.clone()),
                    (None, expression) => {
                        IndexKey::Expression(strip_outer_parens(expression.as_deref().unwrap_or_default()))
                    }
                },
                descending: p.sort_order.as_deref() == Some("D"),
                prefix_length: p.prefix_length.and_then(|n| u32::try_from(n).ok()),
                ..IndexPart::column("")
            })
            .collect();
        let plain = index_parts
            .iter()
            .all(|p| matches!(p.key, IndexKey::Column(_)) && !p.descending && p.prefix_length.is_none());
        let columns = || {
            index_parts
                .iter()
                .filter_map(|p| match &p.key {
                    IndexKey::Column(c) => Some(c.clone()),
                    IndexKey::Expression(_) => None,
                })
                .collect::<Vec<_>>()
        };
        if name == "PRIMARY" {
            table.primary_key = Some(PrimaryKey::new(columns()));
        } else if first.is_unique != 0 && plain && first.method == "BTREE" {
            table.unique_constraints.push(UniqueConstraint {
                name: Some(name.to_owned()),
                comment: non_empty(&first.comment),
                ..UniqueConstraint::new(columns())
            });
        } else {
            table.indexes.push(Index {
                unique: first.is_unique != 0,
                // BTREE is the default; FULLTEXT, SPATIAL and HASH are not.
                method: (first.method != "BTREE").then(|| first.method.clone()),
                comment: non_empty(&first.comment),
                ..Index::new(name, index_parts)
            });
        }
    }
}

fn add_foreign_keys<'a>(
    table: &mut Table,
    rows: impl Iterator<Item = &'a ForeignKeyRow>,
    actions: &BTreeMap<(&str, &str), &ReferentialRow>,
    database: &str,
) {
    let mut by_name: BTreeMap<&str, Vec<&ForeignKeyRow>> = BTreeMap::new();
    for row in rows {
        by_name.entry(row.name.as_str()).or_default().push(row);
    }
    for (name, mut pairs) in by_name {
        pairs.sort_by_key(|p| p.seq);
        let first = pairs[0];
        let rules = actions.get(&(first.table_name.as_str(), name));
        table.foreign_keys.push(ForeignKey {
            name: Some(name.to_owned()),
            referenced_schema: (first.referenced_schema != database).then(|| first.referenced_schema.clone()),
            on_delete: rules.map_or(ReferentialAction::NoAction, |r| action(&r.on_delete)),
            on_update: rules.map_or(ReferentialAction::NoAction, |r| action(&r.on_update)),
            ..ForeignKey::new(
                pairs.iter().map(|p| p.column_name.clone()).collect(),
                first.referenced_table.clone(),
                pairs.iter().map(|p| p.referenced_column.clone()).collect(),
            )
        });
    }
}

fn trigger(row: &TriggerRow) -> Trigger {
    let timing = if row.timing == "BEFORE" { TriggerTiming::Before } else { TriggerTiming::After };
    let event = match row.event.as_str() {
        "INSERT" => TriggerEvent::Insert,
        "DELETE" => TriggerEvent::Delete,
        _ => TriggerEvent::Update,
    };
    let q = |name: &str| quote_ident(Dialect::Mysql, name);
    Trigger {
        name: row.name.clone(),
        table: row.table_name.clone(),
        timing,
        events: vec![event],
        update_columns: Vec::new(),
        // MySQL and MariaDB triggers always fire per row.
        for_each_row: true,
        condition: None,
        definition: format!(
            "CREATE TRIGGER {} {} {} ON {} FOR EACH ROW {}",
            q(&row.name),
            row.timing,
            row.event,
            q(&row.table_name),
            row.statement
        ),
        comment: None,
    }
}

fn routine(row: &RoutineRow, parameters: &[&ParameterRow]) -> Routine {
    let function = row.kind == "FUNCTION";
    let mut ordered = parameters.to_vec();
    ordered.sort_by_key(|p| p.seq);
    // A procedure's parameters have a mode (IN, OUT, INOUT); a function's are all IN.
    let arguments = ordered
        .iter()
        .map(|p| {
            let mode = p.mode.as_deref().filter(|_| !function);
            [mode, p.name.as_deref(), Some(p.data_type.as_str())].into_iter().flatten().collect::<Vec<_>>().join(" ")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut characteristics = Vec::new();
    if row.is_deterministic != 0 {
        characteristics.push("DETERMINISTIC".to_owned());
    }
    characteristics.push(row.data_access.clone());
    // The comment is a characteristic too: the definition creates the routine with it.
    if let Some(comment) = non_empty(&row.comment) {
        characteristics.push(format!("COMMENT {}", quote_literal(Dialect::Mysql, &comment)));
    }
    let returns = function.then(|| row.result_type.as_deref().map(normalize::column_type).unwrap_or_default());
    Routine {
        name: row.name.clone(),
        kind: if function { RoutineKind::Function } else { RoutineKind::Procedure },
        definition: format!(
            "CREATE {} {}({arguments}){} {} {}",
            row.kind,
            quote_ident(Dialect::Mysql, &row.name),
            returns.as_deref().map(|r| format!(" RETURNS {r}")).unwrap_or_default(),
            characteristics.join(" "),
            row.body.as_deref().unwrap_or_default()
        ),
        arguments,
        returns,
        language: "SQL".into(),
        comment: non_empty(&row.comment),
    }
}
