//! What `plumb init` writes from a detection: `.plumb/project.toml` with the truth about the
//! schema and the environments the project's URL variables name, and why it chose so.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{Detection, Tool};
use crate::migrations::Folder;
use crate::project::CONFIG_PATH;
use crate::{Error, Result};

/// A project file to write, and what it rests on, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export, rename = "ProjectProposal"))]
pub struct Proposal {
    /// The text of `.plumb/project.toml`.
    pub text: String,
    /// What was chosen and why, a line each.
    pub reasons: Vec<String>,
}

/// The project file `detection` leads to; `None` when nothing tells where the schema is and no
/// variable names a database.
pub fn propose(detection: &Detection) -> Option<Proposal> {
    let mut reasons = Vec::new();
    let mut environments: Vec<(String, String)> = Vec::new();
    for variable in &detection.variables {
        let Some(env) = environment_of(&variable.name) else {
            reasons.push(format!("${} left out: a shadow or direct connection, not an environment", variable.name));
            continue;
        };
        if let Some((_, taken)) = environments.iter().find(|(name, _)| *name == env) {
            reasons.push(format!("${} left out: {env} is already {taken}", variable.name));
            continue;
        }
        reasons.push(format!("{env} is the database in ${} ({})", variable.name, variable.file));
        environments.push((env, format!("env:{}", variable.name)));
    }
    let readable_folder = detection
        .migrations
        .as_deref()
        .filter(|folder| Folder::read(&detection.root.join(folder)).is_ok_and(|f| !f.migrations.is_empty()));
    let prisma_schema = detection
        .schema
        .as_deref()
        .filter(|s| s.ends_with(".prisma") && detection.tools.iter().any(|t| t.tool == Tool::Prisma));
    let mut text = String::from("# Written by plumb init from what plumb detect found; edit it freely.\n");
    match (readable_folder, prisma_schema, environments.first()) {
        (Some(folder), _, _) => {
            reasons.insert(0, format!("the truth is the repository's migrations in {folder}"));
            text.push_str(&format!("truth = \"repo\"\nschema = {}\n", quoted(folder)));
        }
        (None, Some(schema), _) => {
            reasons.insert(0, format!("the truth is the repository's {schema}"));
            text.push_str(&format!("truth = \"repo\"\nschema = {}\n", quoted(schema)));
        }
        (None, None, Some((first, _))) => {
            let why = match &detection.migrations {
                Some(folder) => format!("{folder} holds no SQL migrations Plumb reads"),
                None => "the repository holds no schema Plumb reads".to_owned(),
            };
            reasons.insert(
                0,
                format!("the truth is the {first} database: {why}; plumb pull brings the repository after it"),
            );
            text.push_str(&format!("truth = \"database\"\ndatabase = {}\n", quoted(first)));
            if let Some(schema) = prisma_schema {
                text.push_str(&format!("schema = {}\n", quoted(schema)));
            }
        }
        (None, None, None) => return None,
    }
    text.push_str("\n[environments]\n");
    for (name, source) in &environments {
        text.push_str(&format!("{} = {}\n", bare_or_quoted(name), quoted(source)));
    }
    Some(Proposal { text, reasons })
}

/// Writes `proposal` as the project file of `root` (`.plumb/project.toml`); refuses to write over
/// one unless `force`. Returns the file's path.
pub fn write_project_file(root: &Path, proposal: &Proposal, force: bool) -> Result<PathBuf> {
    let path = root.join(CONFIG_PATH);
    let io = |source: std::io::Error| Error::Io { path: path.clone(), source };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(&path).map_err(io)?;
    file.write_all(proposal.text.as_bytes()).map_err(io)?;
    Ok(path)
}

/// The environment a URL variable is for: `DATABASE_URL` is dev, `STAGING_DATABASE_URL` staging,
/// `PROD_DB_URL` prod; a shadow or direct connection is none.
fn environment_of(variable: &str) -> Option<String> {
    let upper = variable.to_ascii_uppercase();
    if upper.contains("SHADOW") || upper.contains("DIRECT") {
        return None;
    }
    let stem = ["_DATABASE_URL", "_DB_URL", "_DATABASE", "_URL", "_DSN", "_FILE_NAME"]
        .iter()
        .find_map(|suffix| upper.strip_suffix(suffix))
        .unwrap_or(if upper == "DATABASE_URL" { "" } else { &upper });
    Some(match stem {
        "" | "DEV" | "DEVELOPMENT" | "LOCAL" | "DB" | "DATABASE" => "dev".to_owned(),
        "PROD" | "PRODUCTION" | "LIVE" => "prod".to_owned(),
        "STAGING" | "STAGE" => "staging".to_owned(),
        other => other.to_ascii_lowercase().replace('_', "-"),
    })
}

fn quoted(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

fn bare_or_quoted(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        key.to_owned()
    } else {
        quoted(key)
    }
}
