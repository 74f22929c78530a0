//! The schema fingerprint: a SHA-256 of the canonical model with volatile facts removed. A plan
//! records the fingerprint of the schema it was computed from; apply refuses when the live
//! schema's fingerprint differs (the stale-plan guard).

use std::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use std::borrow::Cow;
use std::cell::RefCell;

use super::{
    CheckConstraint, Column, Database, Domain, EnumType, Extension, ForeignKey, Index, PrimaryKey, Routine, Schema,
    Sequence, Table, TableExtras, TableStats, Trigger, UniqueConstraint, UnsupportedObject, View,
};
use crate::dialect::{Flavor, ServerVersion};

/// A stable hash of a schema: `sha256:` followed by 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// No fingerprint: a derivation's, which only its statements and findings are read from.
    pub(crate) fn unknown() -> Self {
        Fingerprint(String::new())
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Database {
    /// The fingerprint of this schema. Row counts and the server version are left out: they change
    /// without the schema changing. So is the schema's name where it is only the database's name
    /// (MySQL, SQLite): the same tables in `app_dev` and `app` are the same schema. Column order is
    /// left out too: ADD COLUMN appends, and no migration reorders columns, so two tables with the
    /// same columns are the same table (the diff agrees).
    ///
    /// Hashed from a borrowed view of the model ([`Canonical`]) that serializes exactly as its
    /// canonical copy without those facts would (a test holds the two together): both sides of
    /// every plan are fingerprinted, and copying a 2,000-table schema to do it was most of the cost.
    pub fn fingerprint(&self) -> Fingerprint {
        let mut hasher = HashWriter::default();
        serde_json::to_writer(&mut hasher, &Canonical::of(self, None)).expect(SERIALIZES);
        Fingerprint(format!("sha256:{}", hasher.hex()))
    }

    /// [`Database::fingerprint`], and the [`short_hash`] of each table as the fingerprint sees it
    /// ([`TableView`]), by schema and table name: a plan records both, and serializing a
    /// 2,000-table schema once instead of twice is a third of a plan's work.
    pub(crate) fn fingerprint_and_table_hashes(&self) -> (Fingerprint, TableHashes<'_>) {
        let hashes = RefCell::new(TableHashes::new());
        let mut hasher = HashWriter::default();
        serde_json::to_writer(&mut hasher, &Canonical::of(self, Some(&hashes))).expect(SERIALIZES);
        (Fingerprint(format!("sha256:{}", hasher.hex())), hashes.into_inner())
    }
}

const SERIALIZES: &str = "the model holds only strings, integers, booleans and enums, which always serialize";

/// The first 16 hex digits of the SHA-256 of `value`'s JSON: what a plan records of each object it
/// leaves out.
pub(crate) fn short_hash<T: Serialize + ?Sized>(value: &T) -> String {
    let mut hasher = HashWriter::default();
    serde_json::to_writer(&mut hasher, value).expect(SERIALIZES);
    short(hasher)
}

/// [`short_hash`] of JSON already written.
fn short_hash_of_bytes(json: &[u8]) -> String {
    let mut hasher = HashWriter::default();
    hasher.0.update(json);
    short(hasher)
}

fn short(hasher: HashWriter) -> String {
    let mut hex = hasher.hex();
    hex.truncate(16);
    hex
}

/// Each table's [`short_hash`] as its [`TableView`], by schema name and table name.
pub(crate) type TableHashes<'a> = std::collections::HashMap<(&'a str, &'a str), String>;

/// `items` in the order `key` gives, stably (as `sort_by` orders the canonical copy).
fn sorted<'a, T, K: Ord>(items: &'a [T], key: impl Fn(&'a T) -> K) -> Vec<&'a T> {
    let mut refs: Vec<&T> = items.iter().collect();
    refs.sort_by_key(|item| key(item));
    refs
}

/// A database as its fingerprint sees it, borrowed from the model: canonical order, no server
/// version, no row counts, columns by name, and the schema's name left out where the flavor has
/// one schema per database. Serializes as [`Database`] does.
#[derive(Serialize)]
struct Canonical<'a, 't> {
    format_version: u32,
    flavor: Flavor,
    server_version: Option<ServerVersion>,
    schemas: Vec<SchemaView<'a, 't>>,
    extensions: Vec<&'a Extension>,
    unsupported: Vec<UnsupportedObject>,
}

impl<'a, 't> Canonical<'a, 't> {
    /// The view of `db`; with `hashes`, each table adds its own hash there as it is written.
    fn of(db: &'a Database, hashes: Option<&'t RefCell<TableHashes<'a>>>) -> Self {
        let named = db.flavor.has_schemas();
        let mut unsupported = db.unsupported.clone();
        if !named {
            unsupported.iter_mut().for_each(|object| object.schema = None);
        }
        unsupported.sort();
        let schemas = sorted(&db.schemas, |s| if named { s.name.as_str() } else { "" })
            .into_iter()
            .map(|schema| SchemaView::of(schema, named, hashes))
            .collect();
        Canonical {
            format_version: db.format_version,
            flavor: db.flavor,
            server_version: None,
            schemas,
            extensions: sorted(&db.extensions, |e| &e.name),
            unsupported,
        }
    }
}

/// A schema as [`Canonical`] sees it. Serializes as [`Schema`] does.
#[derive(Serialize)]
struct SchemaView<'a, 't> {
    name: &'a str,
    comment: &'a Option<String>,
    tables: Vec<TableEntry<'a, 't>>,
    views: Vec<Cow<'a, View>>,
    triggers: Vec<&'a Trigger>,
    enums: Vec<&'a EnumType>,
    domains: Vec<Cow<'a, Domain>>,
    sequences: Vec<&'a Sequence>,
    routines: Vec<&'a Routine>,
}

impl<'a, 't> SchemaView<'a, 't> {
    fn of(schema: &'a Schema, named: bool, hashes: Option<&'t RefCell<TableHashes<'a>>>) -> Self {
        SchemaView {
            name: if named { &schema.name } else { "" },
            comment: &schema.comment,
            tables: sorted(&schema.tables, |t| &t.name)
                .into_iter()
                .map(|table| TableEntry { view: TableView::of(table), key: (&schema.name, &table.name), hashes })
                .collect(),
            views: sorted(&schema.views, |v| &v.name)
                .into_iter()
                .map(|view| {
                    in_order(
                        view,
                        &view.indexes,
                        |i| &i.name,
                        |mut v: View| {
                            v.indexes.sort_by(|a, b| a.name.cmp(&b.name));
                            v
                        },
                    )
                })
                .collect(),
            triggers: sorted(&schema.triggers, |t| (&t.table, &t.name)),
            enums: sorted(&schema.enums, |e| &e.name),
            domains: sorted(&schema.domains, |d| &d.name)
                .into_iter()
                .map(|domain| {
                    in_order(
                        domain,
                        &domain.checks,
                        |c| (&c.name, &c.expression),
                        |mut d: Domain| {
                            d.checks.sort_by(|a, b| (&a.name, &a.expression).cmp(&(&b.name, &b.expression)));
                            d
                        },
                    )
                })
                .collect(),
            sequences: sorted(&schema.sequences, |s| &s.name),
            routines: sorted(&schema.routines, |r| (&r.name, &r.arguments)),
        }
    }
}

/// A table of a [`SchemaView`]: its view, also hashed on its own where `hashes` is wanted.
/// Serializes as the view does.
struct TableEntry<'a, 't> {
    view: TableView<'a>,
    key: (&'a str, &'a str),
    hashes: Option<&'t RefCell<TableHashes<'a>>>,
}

impl Serialize for TableEntry<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Some(hashes) = self.hashes else { return self.view.serialize(serializer) };
        // The table's JSON, made once: hashed alone, then written as it is into the whole.
        let json = serde_json::value::to_raw_value(&self.view).map_err(serde::ser::Error::custom)?;
        hashes.borrow_mut().insert(self.key, short_hash_of_bytes(json.get().as_bytes()));
        json.serialize(serializer)
    }
}

/// `object` as it is when `items` of it are in `key` order already (as read from a server), else a
/// copy put in order by `sort`.
fn in_order<'a, T: Clone, I, K: Ord>(
    object: &'a T,
    items: &'a [I],
    key: impl Fn(&'a I) -> K,
    sort: impl FnOnce(T) -> T,
) -> Cow<'a, T> {
    if is_sorted(items, key) {
        Cow::Borrowed(object)
    } else {
        Cow::Owned(sort(object.clone()))
    }
}

/// A table as the fingerprint sees it: its keys and indexes in canonical order, its columns by
/// name, no row counts. Serializes as [`Table`] does; also what a plan hashes and compares each
/// table by (`plan::parts`).
#[derive(Serialize, PartialEq)]
pub(crate) struct TableView<'a> {
    name: &'a String,
    columns: Vec<&'a Column>,
    primary_key: &'a Option<PrimaryKey>,
    foreign_keys: Vec<&'a ForeignKey>,
    unique_constraints: Vec<&'a UniqueConstraint>,
    checks: Vec<&'a CheckConstraint>,
    indexes: Vec<&'a Index>,
    comment: &'a Option<String>,
    extras: Cow<'a, Option<TableExtras>>,
    stats: Option<TableStats>,
}

impl<'a> TableView<'a> {
    pub(crate) fn of(table: &'a Table) -> Self {
        let extras = match &table.extras {
            Some(TableExtras::Postgres { policies, exclusion_constraints, rules, .. })
                if !(is_sorted(policies, |p| &p.name)
                    && is_sorted(exclusion_constraints, |e| &e.name)
                    && is_sorted(rules, |r| &r.name)) =>
            {
                let mut copy = table.clone();
                copy.canonicalize();
                Cow::Owned(copy.extras)
            }
            _ => Cow::Borrowed(&table.extras),
        };
        TableView {
            name: &table.name,
            columns: sorted(&table.columns, |c| &c.name),
            primary_key: &table.primary_key,
            foreign_keys: sorted(&table.foreign_keys, |f| (&f.name, &f.columns, &f.referenced_table)),
            unique_constraints: sorted(&table.unique_constraints, |u| (&u.name, &u.columns)),
            checks: sorted(&table.checks, |c| (&c.name, &c.expression)),
            indexes: sorted(&table.indexes, |i| &i.name),
            comment: &table.comment,
            extras,
            stats: None,
        }
    }
}

fn is_sorted<'a, T, K: Ord>(items: &'a [T], key: impl Fn(&'a T) -> K) -> bool {
    items.windows(2).all(|pair| key(&pair[0]) <= key(&pair[1]))
}

/// SHA-256 of what is written to it: JSON serialized straight into the hash, never into a buffer
/// as large as a 2,000-table schema.
#[derive(Default)]
pub struct HashWriter(Sha256);

impl HashWriter {
    /// The digest, as 64 hex digits.
    pub fn hex(self) -> String {
        self.0.finalize().iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

impl std::io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::dialect::ServerVersion;
    use crate::model::test_support::sample_database;
    use crate::model::TableStats;

    /// The fingerprint as it was first defined: the canonical copy without the volatile facts.
    fn from_a_copy(db: &crate::model::Database) -> String {
        let mut copy = db.clone();
        copy.server_version = None;
        for table in copy.schemas.iter_mut().flat_map(|s| s.tables.iter_mut()) {
            table.columns.sort_by(|a, b| a.name.cmp(&b.name));
            table.stats = None;
        }
        if !db.flavor.has_schemas() {
            copy.schemas.iter_mut().for_each(|s| s.name.clear());
            copy.unsupported.iter_mut().for_each(|o| o.schema = None);
        }
        copy.canonicalize();
        let mut hasher = super::HashWriter::default();
        serde_json::to_writer(&mut hasher, &copy).unwrap();
        format!("sha256:{}", hasher.hex())
    }

    #[test]
    fn the_borrowed_view_hashes_exactly_as_the_canonical_copy() {
        let mut shuffled = sample_database();
        shuffled.server_version = Some(ServerVersion::new(1, 2, 3));
        for schema in &mut shuffled.schemas {
            schema.tables.reverse();
            schema.views.reverse();
            schema.triggers.reverse();
            schema.enums.reverse();
            schema.domains.reverse();
            schema.sequences.reverse();
            schema.routines.reverse();
            for view in &mut schema.views {
                view.indexes.reverse();
            }
            for domain in &mut schema.domains {
                domain.checks.reverse();
            }
            for table in &mut schema.tables {
                table.columns.reverse();
                table.foreign_keys.reverse();
                table.unique_constraints.reverse();
                table.checks.reverse();
                table.indexes.reverse();
                table.stats = Some(TableStats::exact(7));
                if let Some(crate::model::TableExtras::Postgres { policies, exclusion_constraints, rules, .. }) =
                    &mut table.extras
                {
                    policies.reverse();
                    exclusion_constraints.reverse();
                    rules.reverse();
                }
            }
        }
        shuffled.extensions.reverse();
        shuffled.unsupported.reverse();
        let mut mysql = sample_database();
        mysql.flavor = crate::dialect::Flavor::Mysql;
        mysql.schemas[0].name = "app_dev".into();
        for db in [sample_database(), shuffled, mysql] {
            assert_eq!(db.fingerprint().as_str(), from_a_copy(&db));
            // Taken with each table's hash, the fingerprint is the same, and so is each hash.
            let (fingerprint, hashes) = db.fingerprint_and_table_hashes();
            assert_eq!(fingerprint, db.fingerprint());
            let tables: Vec<_> = db.schemas.iter().flat_map(|s| s.tables.iter().map(move |t| (s, t))).collect();
            assert_eq!(hashes.len(), tables.len());
            for (schema, table) in tables {
                let hash = &hashes[&(schema.name.as_str(), table.name.as_str())];
                assert_eq!(*hash, super::short_hash(&super::TableView::of(table)), "{}", table.name);
            }
        }
    }

    #[test]
    fn fingerprint_is_sha256_hex() {
        let fp = sample_database().fingerprint();
        let hex = fp.as_str().strip_prefix("sha256:").expect("prefixed with the algorithm");
        assert_eq!(hex.len(), 64);
        assert!(hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    }

    #[test]
    fn fingerprint_ignores_row_counts_server_version_and_order() {
        let base = sample_database();
        let mut other = base.clone();
        other.server_version = Some(ServerVersion::new(9, 9, 9));
        other.schemas[0].tables[0].stats = Some(TableStats::exact(123_456));
        other.schemas[0].tables.reverse();
        assert_eq!(base.fingerprint(), other.fingerprint());
    }

    #[test]
    fn column_order_is_not_part_of_the_fingerprint() {
        let base = sample_database();
        let mut reordered = base.clone();
        reordered.schemas[0].tables[0].columns.reverse();
        assert_eq!(base.fingerprint(), reordered.fingerprint());
    }

    #[test]
    fn a_mysql_database_name_is_not_part_of_its_fingerprint() {
        let mut a = sample_database();
        a.flavor = crate::dialect::Flavor::Mysql;
        let mut b = a.clone();
        b.schemas[0].name = "app_dev".into();
        assert_eq!(a.fingerprint(), b.fingerprint());
        let mut pg_b = sample_database();
        pg_b.schemas[0].name = "app_dev".into();
        assert_ne!(sample_database().fingerprint(), pg_b.fingerprint(), "PostgreSQL schemas are named");
    }

    #[test]
    fn fingerprint_changes_with_any_schema_fact() {
        let base = sample_database();
        let mut renamed = base.clone();
        renamed.schemas[0].tables[0].columns[0].name.push('x');
        let mut nullable = base.clone();
        nullable.schemas[0].tables[0].columns[1].nullable ^= true;
        let mut defaulted = base.clone();
        defaulted.schemas[0].tables[0].columns[1].default = Some("'x'".into());
        let fingerprints = [&base, &renamed, &nullable, &defaulted].map(|db| db.fingerprint());
        for (i, a) in fingerprints.iter().enumerate() {
            for b in &fingerprints[i + 1..] {
                assert_ne!(a, b, "every schema change must move the fingerprint");
            }
        }
    }
}
