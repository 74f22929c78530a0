//! The corpus tier's `schema.prisma` cases (third-party data in `../shared/corpus`, or where
//! `PLUMB_CORPUS_DIR` points): every Prisma schema of the corpus reads and maps to a database, and
//! for each of Prisma's own examples and schema-engine cases, the schema built on a scratch
//! database of its provider reads exactly like the migrations Prisma wrote for it, replayed.
//! Without the corpus each test says so and checks nothing; `scripts/test.sh` runs this tier only
//! when the corpus is there.

use std::path::{Path, PathBuf};

use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};
use plumb_engine::prisma::with_unmanaged;

fn corpus() -> PathBuf {
    std::env::var_os("PLUMB_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

/// Whether the corpus is there; says how to point at it when it is not.
fn corpus_present() -> bool {
    let present = corpus().join("manifest.json").is_file();
    if !present {
        println!(
            "corpus tier not run: no corpus at {} (set PLUMB_CORPUS_DIR to the shared/corpus folder)",
            corpus().display()
        );
    }
    present
}

fn prisma_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
        let path = entry.path();
        if path.is_dir() {
            prisma_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "prisma") {
            found.push(path);
        }
    }
}

#[test]
fn every_prisma_schema_of_the_corpus_reads_and_maps_to_a_database() {
    if !corpus_present() {
        return;
    }
    let mut files = Vec::new();
    prisma_files(&corpus().join("samples"), &mut files);
    assert!(files.len() >= 20, "the corpus's Prisma schemas are there: {}", files.len());
    let mut models = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let schema = plumb_engine::prisma::parse(&text).unwrap_or_else(|e| panic!("{}:{e}", file.display()));
        assert_eq!(schema.datasources.len(), 1, "{}", file.display());
        models += schema.models.len();
        let database = plumb_engine::prisma::to_database(&schema).unwrap_or_else(|e| panic!("{}:{e}", file.display()));
        let tables: usize = database.schemas.iter().map(|s| s.tables.len()).sum();
        assert!(tables >= schema.models.iter().filter(|m| !m.view).count(), "{}", file.display());
    }
    assert!(models >= files.len(), "{models} models in {} files", files.len());
}

/// One corpus case: a schema.prisma and the SQL Prisma wrote for it.
struct Case {
    name: String,
    dialect: String,
    prisma: PathBuf,
    /// The migrations folder, or a file holding the expected migration.
    migrations: PathBuf,
}

fn cases(scratch: &Path) -> Vec<Case> {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus().join("manifest.json")).unwrap()).unwrap();
    let mut cases = Vec::new();
    for case in manifest["cases"].as_array().unwrap() {
        let Some(prisma) = case["flags"]["prisma_schema_path"].as_str() else { continue };
        let name = case["name"].as_str().unwrap().to_owned();
        let migrations = match (case["desired_inline"].as_str(), case["desired_path"].as_str()) {
            (Some(sql), _) => {
                let file = scratch.join(format!("{}.sql", name.replace('/', "_")));
                std::fs::write(&file, sql).unwrap();
                file
            }
            // `…/prisma/migrations/<ts>_<name>/migration.sql`: the whole folder replays.
            (None, Some(path)) => corpus().join(path).parent().unwrap().parent().unwrap().to_owned(),
            _ => panic!("{name}: no SQL"),
        };
        cases.push(Case {
            name,
            dialect: case["dialect"].as_str().unwrap().to_owned(),
            prisma: corpus().join(prisma),
            migrations,
        });
    }
    cases
}

fn shadow(dialect: &str) -> Option<url::Url> {
    match dialect {
        "postgresql" => Some(plumb_tests::pg_admin_url().parse().unwrap()),
        "mysql" => Some(plumb_tests::mysql_admin_url().parse().unwrap()),
        _ => None,
    }
}

#[tokio::test]
async fn prisma_schemas_build_what_their_migrations_build() {
    if !corpus_present() {
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let cases = cases(scratch.path());
    assert!(cases.len() >= 25, "21 schema-engine cases and 4 examples: {}", cases.len());
    let mut same = 0;
    for case in &cases {
        let shadow = shadow(&case.dialect);
        let replayed = Source::Sql { path: case.migrations.clone(), shadow: shadow.clone() }
            .load()
            .await
            .unwrap_or_else(|e| panic!("{} (PostGIS comes with postgresql-postgis): {e}", case.name));
        let prisma = Source::Prisma { path: case.prisma.clone(), shadow };
        // As every comparison with a schema.prisma does: built beside the other side (with its
        // extensions), taking what Prisma does not manage (functions, triggers…) from it.
        let built = prisma.load_beside(&replayed).await.unwrap_or_else(|e| panic!("{}: {e}", case.name));
        let changes = diff(&replayed, &with_unmanaged(&built, &replayed), &DiffOptions::default()).unwrap();
        if case.name == "deployment-platforms/heroku" {
            // Its migration dates from Prisma 2, which named unique indexes `User.email_unique`;
            // Prisma 3 and later name it `User_email_key` and migrate the rename, as Plumb does.
            let text = plumb_engine::text::changes(&changes, true);
            assert!(
                text.contains("User.email_unique renamed to User_email_key") && changes.changes.len() == 1,
                "heroku: only the Prisma 2 index name differs: {text}"
            );
            continue;
        }
        assert!(changes.is_empty(), "{}: {:#?}", case.name, changes.changes);
        if case.name.contains("postgis") {
            // Its migration creates PostGIS and a function by hand; its schema uses a PostGIS type
            // without declaring the extension (Prisma computes its side without a database). Alone,
            // the schema cannot be built; beside its migrations it is, and matches them.
            let alone = prisma.load().await.unwrap_err().to_string();
            assert!(alone.contains("geography"), "{}: {alone}", case.name);
        } else {
            // The mapping alone is exact: nothing taken from the other side.
            let plain = prisma.load().await.unwrap();
            assert!(diff(&replayed, &plain, &DiffOptions::default()).unwrap().is_empty(), "{}", case.name);
        }
        same += 1;
    }
    assert_eq!(same, 24, "every case but heroku builds exactly what its migrations build");
}
