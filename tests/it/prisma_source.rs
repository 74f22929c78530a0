//! `schema.prisma` as a source. Every Prisma schema of the corpus reads and maps to a database;
//! and for each of Prisma's own examples and schema-engine cases, the schema built on a scratch
//! database of its provider reads exactly like the migrations Prisma wrote for it, replayed.

use std::path::{Path, PathBuf};

use plumb_db::Source;
use plumb_engine::diff::{diff, DiffOptions};

fn corpus() -> PathBuf {
    std::env::var_os("PLUMB_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
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
    let scratch = tempfile::tempdir().unwrap();
    let cases = cases(scratch.path());
    assert!(cases.len() >= 25, "21 schema-engine cases and 4 examples: {}", cases.len());
    let mut same = 0;
    for case in &cases {
        let shadow = shadow(&case.dialect);
        let replayed = Source::Sql { path: case.migrations.clone(), shadow: shadow.clone() }.load().await;
        let built = Source::Prisma { path: case.prisma.clone(), shadow }.load().await;
        if case.name.contains("postgis") {
            postgis_express(case, replayed, built, scratch.path()).await;
            continue;
        }
        let (replayed, built) = match (replayed, built) {
            (Ok(replayed), Ok(built)) => (replayed, built),
            (a, b) => panic!("{}: {:?} / {:?}", case.name, a.err(), b.err()),
        };
        let changes = diff(&replayed, &built, &DiffOptions::default()).unwrap();
        if case.name == "deployment-platforms/heroku" {
            // Its migration dates from Prisma 2, which named unique indexes `User.email_unique`;
            // Prisma 3 and later name it `User_email_key` and migrate the rename, as Plumb does.
            let text = plumb_engine::text::changes(&changes, true);
            assert!(
                text.contains("User.email_unique") && text.contains("User_email_key") && changes.changes.len() == 1,
                "heroku: only the Prisma 2 index name differs: {text}"
            );
            continue;
        }
        assert!(changes.is_empty(), "{}: {:#?}", case.name, changes.changes);
        same += 1;
    }
    assert!(same >= 23, "{same} cases identical");
}

/// The PostGIS example creates the extension and a function by hand in its migration; its schema
/// uses a PostGIS type without declaring the extension (Prisma computes its side without a
/// database). Declared with Prisma's `extensions = [postgis]`, the schema builds, and what its
/// migration adds beyond it is the function, which Prisma does not manage: taken as it is, the
/// diff is empty.
async fn postgis_express(
    case: &Case,
    replayed: plumb_db::Result<plumb_engine::model::Database>,
    built: plumb_db::Result<plumb_engine::model::Database>,
    scratch: &Path,
) {
    let replayed =
        replayed.unwrap_or_else(|e| panic!("{} (the server needs PostGIS: postgresql-postgis): {e}", case.name));
    let err = built.unwrap_err().to_string();
    assert!(err.contains("geography") && err.contains("schema.prisma"), "{}: {err}", case.name);
    let declared = scratch.join("postgis.prisma");
    let text = std::fs::read_to_string(&case.prisma).unwrap();
    std::fs::write(
        &declared,
        text.replace("url      = env(\"DB_URL\")", "url      = env(\"DB_URL\")\n  extensions = [postgis]"),
    )
    .unwrap();
    let built = Source::Prisma { path: declared, shadow: shadow(&case.dialect) }.load().await.unwrap();
    let changes = diff(&replayed, &built, &DiffOptions::default()).unwrap();
    let text = plumb_engine::text::changes(&changes, true);
    assert!(
        changes.changes.len() == 1 && text.contains("- routine public.locations_near_user"),
        "{}: only the hand-written function differs: {text}",
        case.name
    );
    // Which Prisma leaves alone, and so does every comparison with a schema.prisma.
    let kept = plumb_engine::prisma::with_unmanaged(&built, &replayed);
    assert!(diff(&replayed, &kept, &DiffOptions::default()).unwrap().is_empty(), "{}", case.name);
}
