use super::*;
use crate::model::test_support::sample_database;

#[test]
fn the_export_follows_its_json_schema_and_shows_relations_both_ways() {
    let db = sample_database();
    let exported = context(&db);
    let json: serde_json::Value = serde_json::from_str(&exported.to_json()).unwrap();
    let schema: serde_json::Value = serde_json::from_str(JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the JSON Schema is valid");
    let problems: Vec<String> = validator.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(problems.is_empty(), "{problems:#?}");

    let tables: Vec<&TableContext> = exported.schemas.iter().flat_map(|s| &s.tables).collect();
    for t in &tables {
        for fk in &t.foreign_keys {
            let target =
                tables.iter().find(|o| o.qualified_name == fk.references).expect("the referenced table is exported");
            assert!(
                target.referenced_by.iter().any(|r| r.table == t.qualified_name && r.columns == fk.columns),
                "{} has {} in referenced_by",
                target.qualified_name,
                t.qualified_name
            );
        }
    }
    assert!(tables.iter().any(|t| !t.foreign_keys.is_empty()), "the sample has relations to check");
    assert_eq!(exported.to_json(), context(&db).to_json(), "the same model exports the same bytes");
}

#[test]
fn the_schema_refuses_what_the_export_never_writes() {
    let schema: serde_json::Value = serde_json::from_str(JSON_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&context(&sample_database()).to_json()).unwrap();
    json["schemas"][0]["tables"][0]["columns"][0]["password"] = "x".into();
    assert!(!validator.is_valid(&json), "unknown fields are refused");
    let mut json: serde_json::Value = serde_json::from_str(&context(&sample_database()).to_json()).unwrap();
    json["version"] = 2.into();
    assert!(!validator.is_valid(&json), "another version is refused");
}

#[test]
fn markdown_lists_each_table_with_its_columns_and_relations() {
    let text = markdown(&context(&sample_database()));
    assert!(text.starts_with("# Database schema\n"), "{text}");
    assert!(text.contains("| Column | Type | Null | Default | Notes |"));
    assert!(text.contains("| id | `bigint` | no |  | primary key; identity: always |"), "{text}");
    assert!(text.contains(" → "), "outgoing relations: {text}");
    assert!(text.contains("- ← "), "incoming relations: {text}");
}
