use super::*;
use crate::model::{Index, IndexPart};

fn prisma(text: &str) -> Database {
    crate::prisma::read(&format!(
        "datasource db {{\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}}\n{text}"
    ))
    .unwrap()
}

fn ids(database: &Database) -> Vec<(String, String)> {
    audit(database, &Facts::default()).into_iter().map(|f| (f.id.to_owned(), f.object)).collect()
}

#[test]
fn a_foreign_key_led_by_a_key_or_an_index_in_any_order_is_covered() {
    let db = prisma(
        "model A {\n  x Int\n  y Int\n  @@id([x, y])\n}\n\
         model B {\n  id Int @id\n  x Int\n  y Int\n  a A @relation(fields: [y, x], references: [y, x])\n  @@index([x, y, id])\n}\n\
         model C {\n  id Int @id\n  x Int\n  y Int\n  a A @relation(fields: [x, y], references: [x, y])\n  @@index([x])\n}",
    );
    let found = ids(&db);
    assert!(!found.iter().any(|(id, o)| id == "DB-002" && o.starts_with("public.B")), "{found:?}");
    assert!(
        found.iter().any(|(id, o)| id == "DB-002" && o.starts_with("public.C")),
        "an index on x alone covers half: {found:?}"
    );
}

#[test]
fn of_two_equal_indexes_one_goes_and_a_unique_index_is_never_a_prefix() {
    let mut db = prisma("model T {\n  id Int @id\n  a Int\n  b Int\n}");
    let table = &mut db.schemas[0].tables[0];
    let index = |name: &str, columns: &[&str], unique: bool| {
        let mut i = Index::new(name, columns.iter().map(|c| IndexPart::column(*c)).collect());
        i.unique = unique;
        i
    };
    table.indexes = vec![
        index("t_a", &["a"], false),
        index("t_a_copy", &["a"], false),
        index("t_a_unique", &["a"], true),
        index("t_a_b", &["a", "b"], false),
        index("t_id", &["id"], false),
    ];
    let redundant: Vec<String> = ids(&db).into_iter().filter(|(id, _)| id == "DB-003").map(|(_, o)| o).collect();
    // t_a and t_a_copy are prefixes of t_a_b (and equal to the unique one); t_id repeats the key;
    // the unique index enforces what nothing else does and stays, as does the longest.
    assert_eq!(redundant, ["public.T.t_a", "public.T.t_a_copy", "public.T.t_id"]);
}

#[test]
fn a_table_without_a_key_is_found_from_the_schema_alone() {
    let db = prisma("model Log {\n  line String\n  @@ignore\n}\nmodel Ok {\n  id Int @id\n}");
    let found = ids(&db);
    assert_eq!(found, [("DB-001".to_owned(), "public.Log".to_owned())]);
}
