//! The corpus tier's sample databases (third-party data in `../shared/corpus/samples`, or where
//! `PLUMB_CORPUS_DIR` points), checked past zero diff: a sample schema built from an empty
//! database by a Plumb plan dumps (`pg_dump --schema-only`) exactly like the original, apart from
//! Plumb's own bookkeeping schema. Without the corpus the test says so and checks nothing;
//! `scripts/test.sh` runs this tier only when the corpus is there.

use std::path::{Path, PathBuf};
use std::process::Command;

use plumb_db::apply::apply_to_scratch;
use plumb_engine::diff::DiffOptions;
use plumb_engine::plan::plan;
use plumb_tests::{Server, TestDb};

fn corpus() -> PathBuf {
    std::env::var_os("PLUMB_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

/// The schema as `pg_dump` writes it, without what differs between any two dumps (comments, the
/// session key of `\restrict`) and without Plumb's bookkeeping (`plumb`, `plumb_backup`).
fn dump(url: &str) -> Vec<String> {
    let out = Command::new("pg_dump")
        .args([
            "--schema-only",
            "--no-owner",
            "--no-privileges",
            "--exclude-schema=plumb",
            "--exclude-schema=plumb_backup",
            url,
        ])
        .output()
        .expect("pg_dump runs (Debian's postgresql-client)");
    assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| {
            !l.is_empty() && !l.starts_with("--") && !l.starts_with("\\restrict") && !l.starts_with("\\unrestrict")
        })
        .map(str::to_owned)
        .collect()
}

/// Builds `file` of the corpus from an empty database with a Plumb plan and compares the dumps.
async fn built_from_empty_dumps_like_the_original(sample: &str, file: &str) {
    let schema = corpus().join(file);
    if !schema.is_file() {
        println!(
            "corpus tier not run: no {sample} at {} (set PLUMB_CORPUS_DIR to the shared/corpus folder)",
            schema.display()
        );
        return;
    }
    let names = (format!("{sample}_original"), format!("{sample}_built"));
    let (original, built) =
        tokio::join!(TestDb::fresh(Server::Postgres, &names.0), TestDb::fresh(Server::Postgres, &names.1));
    original.exec(&std::fs::read_to_string(&schema).unwrap()).await;
    let (empty, desired) = (built.source().load().await.unwrap(), original.source().load().await.unwrap());
    assert!(desired.unsupported.is_empty(), "{sample}: everything in it is modelled: {:?}", desired.unsupported);
    let plan = plan(&empty, &desired, &DiffOptions::default()).unwrap();
    let report = apply_to_scratch(&built.source(), &plan).await.unwrap();
    assert!(report.verified, "zero diff after the plan");
    let (want, got) = (dump(original.url()), dump(built.url()));
    let missing: Vec<&String> = want.iter().filter(|l| !got.contains(l)).collect();
    let extra: Vec<&String> = got.iter().filter(|l| !want.contains(l)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{sample}: pg_dump differs:\nmissing {missing:#?}\nextra {extra:#?}"
    );
    assert_eq!(want, got, "{sample}: pg_dump writes the same statements in the same order");
}

#[tokio::test]
async fn pagila_built_from_empty_dumps_like_the_original() {
    built_from_empty_dumps_like_the_original("pagila", "samples/pagila/e0e35a6/pagila-schema.sql").await;
}

/// Sakila's PostgreSQL port: payments split by month into tables that inherit, rules routing
/// the rows to them.
#[tokio::test]
async fn sakila_built_from_empty_dumps_like_the_original() {
    built_from_empty_dumps_like_the_original("sakila", "samples/sakila/postgres-sakila-db/postgres-sakila-schema.sql")
        .await;
}
