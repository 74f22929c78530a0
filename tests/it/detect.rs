//! `plumb detect` on fixture projects of the stacks Plumb's users bring (`tests/fixtures/detect`):
//! each one's database, tool, schema, migrations folder and URL variables, and no secret.

use std::path::{Path, PathBuf};

use plumb_db::detect::{detect, Tool};
use plumb_engine::dialect::Dialect;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/detect").join(name)
}

/// A fixture, and what detect must find in it: database, tool, schema, migrations, variables.
type Case = (&'static str, Dialect, Tool, Option<&'static str>, Option<&'static str>, &'static [&'static str]);

#[test]
fn every_fixture_project_is_told_apart_with_its_database_and_tool() {
    let cases: [Case; 5] = [
        (
            "prisma-postgres",
            Dialect::Postgres,
            Tool::Prisma,
            Some("prisma/schema.prisma"),
            Some("prisma/migrations"),
            &["DATABASE_URL", "SHADOW_DATABASE_URL"],
        ),
        (
            "drizzle-sqlite",
            Dialect::Sqlite,
            Tool::Drizzle,
            Some("src/db/schema.ts"),
            Some("drizzle"),
            &["DB_FILE_NAME"],
        ),
        ("alembic-mysql", Dialect::Mysql, Tool::Alembic, None, Some("alembic/versions"), &["SHOP_DATABASE_URL"]),
        ("django", Dialect::Postgres, Tool::Django, None, None, &[]),
        ("rails", Dialect::Mysql, Tool::Rails, Some("db/schema.rb"), Some("db/migrate"), &["DATABASE_URL"]),
    ];
    for (name, dialect, tool, schema, migrations, variables) in cases {
        let found = detect(&fixture(name)).unwrap();
        assert_eq!(found.dialect, Some(dialect), "{name}: {found:#?}");
        assert_eq!(found.tools.iter().map(|t| t.tool).collect::<Vec<_>>(), [tool], "{name}: {found:#?}");
        assert_eq!((found.schema.as_deref(), found.migrations.as_deref()), (schema, migrations), "{name}");
        let names: Vec<&str> = found.variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, variables, "{name}: {found:#?}");
        let json = serde_json::to_string(&found).unwrap();
        assert!(!json.contains("s3cret"), "{name}: a password from a URL in the project's files: {json}");
    }
}
