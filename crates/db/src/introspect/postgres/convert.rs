//! Catalog rows → the schema model. Pure: literal rows in, model out.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use plumb_engine::dialect::{Flavor, ServerVersion};
use plumb_engine::model::{
    CheckConstraint, Column, ColumnType, Database, Deferrable, Domain, EnumType, ExclusionConstraint, Extension,
    ForeignKey, Generated, GeneratedStorage, Identity, Index, IndexKey, IndexPart, Inherits, MatchKind, PartitionOf,
    Policy, PolicyCommand, PrimaryKey, ReferentialAction, Routine, RoutineKind, Rule, Schema, Sequence, SequenceOwner,
    Table, TableExtras, TableStats, Trigger, TriggerEvent, TriggerTiming, UniqueConstraint, UnsupportedObject, View,
};
use sqlparser::ast::Statement;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::normalize::type_kind;
use super::rows::*;
use crate::introspect::text::strip_outer_parens;

/// Everything the catalog queries returned.
#[derive(Debug, Default)]
pub(crate) struct CatalogRows {
    pub schemas: Vec<SchemaRow>,
    pub relations: Vec<RelationRow>,
    pub columns: Vec<ColumnRow>,
    pub constraints: Vec<ConstraintRow>,
    pub indexes: Vec<IndexRow>,
    pub opclasses: Vec<OpclassRow>,
    pub nulls_not_distinct: Vec<OidRow>,
    pub types: Vec<TypeRow>,
    pub sequences: Vec<SequenceRow>,
    pub routines: Vec<RoutineRow>,
    pub triggers: Vec<TriggerRow>,
    pub policies: Vec<PolicyRow>,
    pub extensions: Vec<ExtensionRow>,
    pub unsupported: Vec<UnsupportedRow>,
}

type Key = (String, String);

/// What rows refer to by number: columns by attribute number, operator classes and indexes by OID.
struct Lookup<'a> {
    columns: HashMap<(&'a str, &'a str, i16), &'a str>,
    opclasses: HashMap<i64, &'a str>,
    nulls_not_distinct: BTreeSet<i64>,
}

impl<'a> Lookup<'a> {
    fn new(rows: &'a CatalogRows) -> Self {
        Self {
            columns: rows
                .columns
                .iter()
                .map(|c| ((c.schema_name.as_str(), c.table_name.as_str(), c.attnum), c.name.as_str()))
                .collect(),
            opclasses: rows.opclasses.iter().map(|o| (o.oid, o.name.as_str())).collect(),
            nulls_not_distinct: rows.nulls_not_distinct.iter().map(|r| r.oid).collect(),
        }
    }

    fn column_names(&self, schema: &str, table: &str, attnums: &[i16]) -> Vec<String> {
        attnums.iter().filter_map(|n| self.columns.get(&(schema, table, *n)).map(|c| (*c).to_owned())).collect()
    }
}

fn key(schema: &str, name: &str) -> Key {
    (schema.to_owned(), name.to_owned())
}

fn deferrable(deferrable: bool, deferred: bool) -> Deferrable {
    match (deferrable, deferred) {
        (false, _) => Deferrable::NotDeferrable,
        (true, false) => Deferrable::InitiallyImmediate,
        (true, true) => Deferrable::InitiallyDeferred,
    }
}

/// pg_constraint.confupdtype / confdeltype codes.
fn action(code: &str) -> ReferentialAction {
    match code {
        "r" => ReferentialAction::Restrict,
        "c" => ReferentialAction::Cascade,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

/// Builds the model of a PostgreSQL database from its catalog rows.
pub(crate) fn build(rows: &CatalogRows, version: ServerVersion) -> Database {
    let lookup = Lookup::new(rows);
    let mut schemas: BTreeMap<String, Schema> = rows
        .schemas
        .iter()
        .map(|s| (s.name.clone(), Schema { comment: s.comment.clone(), ..Schema::new(s.name.clone()) }))
        .collect();
    let unsupported: Vec<UnsupportedObject> = rows
        .unsupported
        .iter()
        .map(|u| UnsupportedObject { kind: u.kind.clone(), schema: u.schema_name.clone(), name: u.name.clone() })
        .collect();

    let mut tables: BTreeMap<Key, Table> = BTreeMap::new();
    let mut views: BTreeMap<Key, View> = BTreeMap::new();
    for relation in &rows.relations {
        let k = key(&relation.schema_name, &relation.name);
        match relation.kind.as_str() {
            "r" | "p" => {
                tables.insert(k, table(relation));
            }
            "v" | "m" => {
                views.insert(
                    k,
                    View {
                        name: relation.name.clone(),
                        definition: relation.view_definition.as_deref().unwrap_or_default().trim().to_owned(),
                        materialized: relation.kind == "m",
                        comment: relation.comment.clone(),
                        indexes: Vec::new(),
                    },
                );
            }
            // Foreign tables ("f") are listed by unsupported.sql.
            _ => {}
        }
    }

    for row in &rows.columns {
        if let Some(table) = tables.get_mut(&key(&row.schema_name, &row.table_name)) {
            table.columns.push(column(row));
        }
    }

    let mut domain_checks: BTreeMap<Key, Vec<CheckConstraint>> = BTreeMap::new();
    for row in &rows.constraints {
        let owner = key(&row.schema_name, &row.owner_name);
        if row.on_domain {
            domain_checks.entry(owner).or_default().push(check(row));
        } else if let Some(table) = tables.get_mut(&owner) {
            let columns = lookup.column_names(&row.schema_name, &row.owner_name, &row.attnums);
            add_constraint(table, row, columns, lookup.nulls_not_distinct.contains(&row.index_oid));
        }
    }

    for row in &rows.indexes {
        let owner = key(&row.schema_name, &row.table_name);
        match (tables.get_mut(&owner), views.get_mut(&owner)) {
            (Some(table), _) => table.indexes.push(index(row, &lookup)),
            (None, Some(view)) => view.indexes.push(index(row, &lookup)),
            (None, None) => {}
        }
    }

    for row in &rows.policies {
        if let Some(Table { extras: Some(TableExtras::Postgres { policies, .. }), .. }) =
            tables.get_mut(&key(&row.schema_name, &row.table_name))
        {
            policies.push(policy(row));
        }
    }

    for ((schema_name, _), table) in tables {
        if let Some(schema) = schemas.get_mut(&schema_name) {
            schema.tables.push(table);
        }
    }
    for ((schema_name, _), view) in views {
        if let Some(schema) = schemas.get_mut(&schema_name) {
            schema.views.push(view);
        }
    }
    for row in &rows.types {
        let Some(schema) = schemas.get_mut(&row.schema_name) else {
            continue;
        };
        if row.kind == "e" {
            schema.enums.push(EnumType {
                name: row.name.clone(),
                labels: row.labels.clone(),
                comment: row.comment.clone(),
            });
        } else {
            schema.domains.push(Domain {
                name: row.name.clone(),
                data_type: row.base_type.clone().unwrap_or_default(),
                nullable: !row.not_null,
                default: row.default_value.clone(),
                collation: row.collation.clone(),
                checks: domain_checks.remove(&key(&row.schema_name, &row.name)).unwrap_or_default(),
                comment: row.comment.clone(),
            });
        }
    }
    for row in &rows.sequences {
        let Some(schema) = schemas.get_mut(&row.schema_name) else {
            continue;
        };
        schema.sequences.push(Sequence {
            name: row.name.clone(),
            data_type: row.data_type.clone(),
            start: row.start,
            increment: row.increment,
            min_value: row.min_value,
            max_value: row.max_value,
            cache: row.cache,
            cycle: row.cycle,
            owned_by: row
                .owner_table
                .clone()
                .zip(row.owner_column.clone())
                .map(|(table, column)| SequenceOwner { table, column }),
            comment: row.comment.clone(),
        });
    }
    for row in &rows.routines {
        let Some(schema) = schemas.get_mut(&row.schema_name) else {
            continue;
        };
        schema.routines.push(Routine {
            name: row.name.clone(),
            kind: match row.kind.as_str() {
                "p" => RoutineKind::Procedure,
                "a" => RoutineKind::Aggregate,
                _ => RoutineKind::Function,
            },
            arguments: row.arguments.clone(),
            returns: row.returns.clone(),
            language: row.language.clone(),
            definition: row.definition.clone(),
            comment: row.comment.clone(),
        });
    }
    for row in &rows.triggers {
        let Some(schema) = schemas.get_mut(&row.schema_name) else {
            continue;
        };
        schema.triggers.push(trigger(row));
    }

    let mut database = Database::new(Flavor::Postgres, Some(version));
    database.schemas = schemas.into_values().collect();
    database.extensions = rows
        .extensions
        .iter()
        .map(|e| Extension { name: e.name.clone(), version: e.version.clone(), schema: e.schema_name.clone() })
        .collect();
    database.unsupported = unsupported;
    database.canonicalize();
    database
}

fn table(relation: &RelationRow) -> Table {
    let mut table = Table::new(relation.name.clone());
    table.comment = relation.comment.clone();
    table.extras = Some(TableExtras::Postgres {
        unlogged: relation.unlogged,
        partition_key: relation.partition_key.clone(),
        partition_of: match (&relation.parent_schema, &relation.parent_name) {
            (Some(parent_schema), Some(parent_table)) => Some(PartitionOf {
                parent_schema: parent_schema.clone(),
                parent_table: parent_table.clone(),
                bound: relation.partition_bound.clone().unwrap_or_default(),
            }),
            _ => None,
        },
        row_level_security: relation.row_level_security,
        force_row_level_security: relation.force_row_level_security,
        policies: Vec::new(),
        exclusion_constraints: Vec::new(),
        inherits: relation
            .inherits_schemas
            .iter()
            .zip(&relation.inherits_names)
            .map(|(schema, table)| Inherits { schema: schema.clone(), table: table.clone() })
            .collect(),
        rules: relation
            .rule_names
            .iter()
            .zip(&relation.rule_definitions)
            .map(|(name, definition)| Rule { name: name.clone(), definition: definition.clone() })
            .collect(),
    });
    // A partitioned table holds no rows itself; its partitions report theirs.
    if relation.kind == "r" {
        let estimate = if relation.reltuples > 0.0 {
            // reltuples is a float estimate; rounding is as exact as it gets.
            relation.reltuples.round() as u64
        } else {
            relation.live_tuples.and_then(|n| u64::try_from(n).ok()).unwrap_or(0)
        };
        table.stats = Some(TableStats {
            row_count: estimate,
            estimated: true,
            total_bytes: relation.total_bytes.and_then(|n| u64::try_from(n).ok()),
            next_auto_increment: None,
        });
    }
    table
}

fn column(row: &ColumnRow) -> Column {
    let generated = (row.generated == "s").then(|| Generated {
        expression: row.default_value.clone().unwrap_or_default(),
        storage: GeneratedStorage::Stored,
    });
    Column {
        name: row.name.clone(),
        column_type: ColumnType::new(row.data_type.clone(), type_kind(&row.type_name, &row.data_type)),
        nullable: !row.not_null,
        // A generated column's expression also lives in pg_attrdef; it is not a default.
        default: if generated.is_some() { None } else { row.default_value.clone() },
        identity: match row.identity.as_str() {
            "a" => Some(Identity::Always),
            "d" => Some(Identity::ByDefault),
            _ => None,
        },
        generated,
        collation: row.collation.clone(),
        comment: row.comment.clone(),
        extras: None,
    }
}

fn check(row: &ConstraintRow) -> CheckConstraint {
    CheckConstraint {
        name: Some(row.name.clone()),
        expression: strip_outer_parens(row.check_expression.as_deref().unwrap_or_default()),
        not_valid: !row.validated,
        comment: row.comment.clone(),
    }
}

fn add_constraint(table: &mut Table, row: &ConstraintRow, columns: Vec<String>, nulls_not_distinct: bool) {
    let deferrable = deferrable(row.deferrable, row.deferred);
    match row.kind.as_str() {
        "p" => {
            table.primary_key =
                Some(PrimaryKey { name: Some(row.name.clone()), columns, deferrable, comment: row.comment.clone() });
        }
        "u" => table.unique_constraints.push(UniqueConstraint {
            name: Some(row.name.clone()),
            columns,
            nulls_not_distinct,
            deferrable,
            comment: row.comment.clone(),
        }),
        "f" => table.foreign_keys.push(ForeignKey {
            name: Some(row.name.clone()),
            columns,
            referenced_schema: row.referenced_schema.clone().filter(|s| *s != row.schema_name),
            referenced_table: row.referenced_table.clone().unwrap_or_default(),
            referenced_columns: row.referenced_columns.clone().unwrap_or_default(),
            on_delete: action(&row.on_delete),
            on_update: action(&row.on_update),
            match_kind: match row.match_type.as_str() {
                "f" => MatchKind::Full,
                "p" => MatchKind::Partial,
                _ => MatchKind::Simple,
            },
            deferrable,
            not_valid: !row.validated,
            comment: row.comment.clone(),
        }),
        "c" => table.checks.push(check(row)),
        "x" => {
            if let Some(TableExtras::Postgres { exclusion_constraints, .. }) = &mut table.extras {
                exclusion_constraints.push(ExclusionConstraint {
                    name: row.name.clone(),
                    definition: row.definition.clone().unwrap_or_default(),
                    deferrable,
                    comment: row.comment.clone(),
                });
            }
        }
        _ => {}
    }
}

fn index(row: &IndexRow, lookup: &Lookup<'_>) -> Index {
    let key_count = usize::try_from(row.key_count).unwrap_or(0);
    let column =
        |attnum: i16| lookup.column_names(&row.schema_name, &row.table_name, &[attnum]).pop().unwrap_or_default();
    let parts = (0..key_count)
        .map(|k| {
            let attnum = row.attnums.get(k).copied().unwrap_or(0);
            let option = row.options.get(k).copied().unwrap_or(0);
            let descending = option & 1 != 0;
            let nulls_first = option & 2 != 0;
            IndexPart {
                key: if attnum == 0 {
                    IndexKey::Expression(row.expressions.get(k).cloned().unwrap_or_default())
                } else {
                    IndexKey::Column(column(attnum))
                },
                descending,
                collation: row.collations.get(k).filter(|c| !c.is_empty()).cloned(),
                // NULLS FIRST is the default for DESC, NULLS LAST for ASC
                // (https://www.postgresql.org/docs/current/indexes-ordering.html).
                nulls_first: (nulls_first != descending).then_some(nulls_first),
                opclass: row.opclass_oids.get(k).and_then(|oid| lookup.opclasses.get(oid)).map(|n| (*n).to_owned()),
                prefix_length: None,
            }
        })
        .collect();
    Index {
        name: row.name.clone(),
        unique: row.is_unique,
        parts,
        predicate: row.predicate.as_deref().map(strip_outer_parens),
        method: Some(row.method.clone()),
        include: row.attnums.iter().skip(key_count).map(|n| column(*n)).collect(),
        nulls_not_distinct: lookup.nulls_not_distinct.contains(&row.oid),
        comment: row.comment.clone(),
    }
}

fn policy(row: &PolicyRow) -> Policy {
    Policy {
        name: row.name.clone(),
        command: match row.command.as_str() {
            "r" => PolicyCommand::Select,
            "a" => PolicyCommand::Insert,
            "w" => PolicyCommand::Update,
            "d" => PolicyCommand::Delete,
            _ => PolicyCommand::All,
        },
        permissive: row.permissive,
        roles: row.roles.clone(),
        using: row.using_expression.as_deref().map(strip_outer_parens),
        with_check: row.check_expression.as_deref().map(strip_outer_parens),
        comment: row.comment.clone(),
    }
}

fn trigger(row: &TriggerRow) -> Trigger {
    let bits = row.type_bits;
    let timing = if bits & 64 != 0 {
        TriggerTiming::InsteadOf
    } else if bits & 2 != 0 {
        TriggerTiming::Before
    } else {
        TriggerTiming::After
    };
    let events = [
        (4, TriggerEvent::Insert),
        (16, TriggerEvent::Update),
        (8, TriggerEvent::Delete),
        (32, TriggerEvent::Truncate),
    ]
    .into_iter()
    .filter(|(bit, _)| bits & bit != 0)
    .map(|(_, event)| event)
    .collect();
    Trigger {
        name: row.name.clone(),
        table: row.table_name.clone(),
        timing,
        events,
        update_columns: row.update_columns.clone(),
        for_each_row: bits & 1 != 0,
        condition: trigger_condition(&row.definition),
        definition: row.definition.clone(),
        comment: row.comment.clone(),
    }
}

/// The `WHEN` condition of a trigger, read from its definition with the SQL parser. `None` when
/// there is none; the full definition is kept either way.
fn trigger_condition(definition: &str) -> Option<String> {
    match Parser::parse_sql(&PostgreSqlDialect {}, definition).ok()?.first()? {
        Statement::CreateTrigger(trigger) => trigger.condition.as_ref().map(|c| strip_outer_parens(&c.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_bits_and_condition_are_decoded() {
        let row = TriggerRow {
            schema_name: "app".into(),
            table_name: "users".into(),
            name: "t".into(),
            type_bits: 23,
            update_columns: vec!["email".into()],
            definition: "CREATE TRIGGER t BEFORE INSERT OR UPDATE OF email ON app.users FOR EACH ROW \
                         WHEN (new.name IS NOT NULL) EXECUTE FUNCTION app.touch()"
                .into(),
            comment: None,
        };
        let t = trigger(&row);
        assert_eq!((t.timing, t.for_each_row), (TriggerTiming::Before, true));
        assert_eq!(t.events, [TriggerEvent::Insert, TriggerEvent::Update]);
        assert_eq!(t.condition.as_deref(), Some("new.name IS NOT NULL"));
    }

    #[test]
    fn index_order_options_are_explicit_only_when_not_the_default() {
        let column = |attnum: i16, name: &str| ColumnRow {
            schema_name: "s".into(),
            table_name: "t".into(),
            attnum,
            name: name.into(),
            data_type: "text".into(),
            type_name: "text".into(),
            not_null: false,
            default_value: None,
            identity: String::new(),
            generated: String::new(),
            collation: None,
            comment: None,
        };
        let rows = CatalogRows {
            columns: vec![column(1, "a"), column(2, "B b"), column(4, "d")],
            opclasses: vec![OpclassRow { oid: 3000, name: "text_pattern_ops".into() }],
            nulls_not_distinct: vec![OidRow { oid: 77 }],
            ..CatalogRows::default()
        };
        let row = IndexRow {
            schema_name: "s".into(),
            table_name: "t".into(),
            name: "i".into(),
            is_unique: true,
            method: "btree".into(),
            predicate: None,
            key_count: 3,
            attnums: vec![1, 2, 0, 4],
            expressions: vec!["".into(), "".into(), "lower(c)".into(), "".into()],
            // DESC with NULLS FIRST (the default); DESC NULLS LAST; ASC NULLS FIRST.
            options: vec![3, 1, 2],
            opclass_oids: vec![1994, 1994, 3000],
            collations: vec!["".into(), "C".into(), "".into()],
            oid: 77,
            comment: None,
        };
        let index = index(&row, &Lookup::new(&rows));
        assert_eq!(index.include, ["d"]);
        assert!(index.nulls_not_distinct);
        let parts: Vec<_> = index.parts.iter().map(|p| (p.key.clone(), p.descending, p.nulls_first)).collect();
        assert_eq!(
            parts,
            [
                (IndexKey::Column("a".into()), true, None),
                (IndexKey::Column("B b".into()), true, Some(false)),
                (IndexKey::Expression("lower(c)".into()), false, Some(true)),
            ]
        );
        assert_eq!(index.parts[1].collation.as_deref(), Some("C"));
        assert_eq!(index.parts[0].opclass, None, "a default operator class is not named");
        assert_eq!(index.parts[2].opclass.as_deref(), Some("text_pattern_ops"));
    }
}
