//! Every `schema.prisma` of the corpus (Prisma's own examples and schema-engine tests) reads.

use std::path::{Path, PathBuf};

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
fn every_prisma_schema_of_the_corpus_reads() {
    let mut files = Vec::new();
    prisma_files(&corpus().join("samples"), &mut files);
    assert!(files.len() >= 20, "the corpus's Prisma schemas are there: {}", files.len());
    let mut models = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let schema = plumb_engine::prisma::parse(&text).unwrap_or_else(|e| panic!("{}:{e}", file.display()));
        assert_eq!(schema.datasources.len(), 1, "{}", file.display());
        models += schema.models.len();
    }
    assert!(models >= files.len(), "{models} models in {} files", files.len());
}
