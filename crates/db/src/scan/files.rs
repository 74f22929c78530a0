//! The source files under the paths given: TypeScript, JavaScript and Python, walked as git
//! would see them (`.gitignore` respected) and never inside dependencies or build output.

use std::path::PathBuf;

use crate::{Error, Result};

const EXTENSIONS: &[&str] = &["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "py"];
const SKIPPED: &[&str] = &["node_modules", ".venv", "venv", "__pycache__", "dist", "build", ".next", ".git"];

/// Every source file under `paths` (a path that is a file is taken as it is), sorted.
pub(super) fn sources(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(Error::FileNotFound { path: path.clone() });
        }
        if path.is_file() {
            out.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(false)
            .filter_entry(|e| !e.file_name().to_str().is_some_and(|n| SKIPPED.contains(&n)))
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| Error::Io { path: path.clone(), source: std::io::Error::other(e) })?;
            let file = entry.path();
            if file.is_file() && file.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.contains(&e)) {
                out.push(file.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}
