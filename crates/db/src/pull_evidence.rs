//! Evidence of the database-first flow — a database is the truth, the repository follows it
//! (`plumb pull` into `schema.prisma`, `plumb export` into the context files) — in a run folder
//! like an apply's: `00-ssot-mode-check.md` (where the project says the truth is, and whether
//! this source is it), `01-db-pull-instructions.md` (what was read, and the commands that bring
//! the repository after it), `02-import-prisma-log.md` (what the pull wrote, as a diff) and
//! `03-context-refresh-log.md` (what the export wrote). A step the command did not do says so,
//! and which command does it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use plumb_engine::model::Database;

use crate::project::{Project, CONFIG_PATH};
use crate::{Error, Result};

/// What `plumb pull` did.
#[derive(Debug, Clone)]
pub struct Pulled {
    /// The schema file.
    pub file: PathBuf,
    /// Its text before (none when new).
    pub before: Option<String>,
    /// Its text now.
    pub after: String,
    /// Models in it.
    pub models: usize,
    /// What Prisma cannot say, one line per object.
    pub warnings: Vec<String>,
}

/// One run of the flow.
pub struct Run<'a> {
    /// `pull` or `export`.
    pub command: &'a str,
    /// The source as given (`@prod`, `env:DATABASE_URL`; never a password).
    pub source_text: &'a str,
    /// Where it was read from (no password).
    pub source_shown: String,
    /// What was read.
    pub database: &'a Database,
    /// The project.
    pub project: &'a Project,
    /// The pull, when this run pulled.
    pub pulled: Option<Pulled>,
    /// The files the export wrote and whether each changed, when this run exported.
    pub exported: Option<Vec<(PathBuf, bool)>>,
}

fn mode_check(run: &Run<'_>) -> String {
    let mut out = String::from("# Source-of-truth mode check\n\n");
    let config_path = run.project.root.join(CONFIG_PATH);
    let config = run.project.config.as_ref();
    match (config, config.and_then(|c| c.truth_database())) {
        (None, _) => {
            let _ = writeln!(
                out,
                "No `{}`: the project does not say where the truth is. `plumb init` proposes one; until then, \
                 pulling makes `{}` the truth by hand.",
                config_path.display(),
                run.source_text
            );
        }
        (Some(_), Some((truth, truth_text))) => {
            let verdict = if truth_text == run.source_text || format!("@{truth}") == run.source_text {
                format!("**{}** is the truth: the repository follows it. Mode: database-first.", run.source_text)
            } else {
                format!(
                    "**Warning:** the truth is the {truth} database (`{truth_text}`), and this run read `{}`: \
                     the repository would follow a database that is not the truth.",
                    run.source_text
                )
            };
            let _ = writeln!(
                out,
                "`{}` says `truth = \"database\"`, `database = \"{truth}\"`.\n\n{verdict}",
                config_path.display()
            );
        }
        (Some(config), None) => {
            let _ = writeln!(
                out,
                "`{}` says `truth = \"repo\"` (`schema = \"{}\"`): the repository is the truth and databases follow it. \
                 **Warning:** pulling from `{}` writes what a database has over what the repository says; make a plan \
                 from the repository instead unless the project is moving to database-first.",
                config_path.display(),
                config.schema.as_deref().unwrap_or_default(),
                run.source_text
            );
        }
    }
    out
}

fn instructions(run: &Run<'_>) -> String {
    let tables: usize = run.database.schemas.iter().map(|s| s.tables.len()).sum();
    let prisma =
        run.pulled.as_ref().map_or_else(|| "prisma/schema.prisma".to_owned(), |p| p.file.display().to_string());
    format!(
        "# Database pull instructions\n\nRead `{}` ({}): {tables} table(s), schema fingerprint `{}`, at {}.\n\n\
         To bring the repository after the database:\n\n```sh\n# the models (the names the file already gives are kept)\nplumb pull {src} --prisma {prisma} --evidence\n# docs/context/db/schema.json, for people and LLMs\nplumb export {src} --evidence\n# the client, from the pulled schema\nnpx prisma generate\ngit add {prisma} docs/context/db && git commit -m \"Follow the database\"\n```\n\n\
         Never `prisma migrate dev` against the truth in this mode: change the database, then pull.\n",
        run.source_shown,
        run.database.flavor,
        run.database.fingerprint(),
        jiff::Timestamp::now(),
        src = run.source_text,
    )
}

fn prisma_log(run: &Run<'_>) -> String {
    let mut out = String::from("# Import into schema.prisma\n\n");
    let Some(pulled) = &run.pulled else {
        let _ = writeln!(
            out,
            "Not pulled in this run ({}): `plumb pull {} --evidence` does it.",
            run.command, run.source_text
        );
        return out;
    };
    let changed = pulled.before.as_deref() != Some(pulled.after.as_str());
    let _ = writeln!(
        out,
        "`{}`: {} ({} model(s)).\n",
        pulled.file.display(),
        match (&pulled.before, changed) {
            (None, _) => "written (new)",
            (Some(_), true) => "rewritten",
            (Some(_), false) => "unchanged",
        },
        pulled.models
    );
    if changed {
        let diff = similar::TextDiff::from_lines(pulled.before.as_deref().unwrap_or(""), &pulled.after)
            .unified_diff()
            .header("before", "after")
            .to_string();
        let _ = writeln!(out, "```diff\n{}```\n", diff);
    }
    out.push_str("## What Prisma cannot say\n\n");
    if pulled.warnings.is_empty() {
        out.push_str("Nothing: the schema says all of it.\n");
    }
    for warning in &pulled.warnings {
        let _ = writeln!(out, "- {warning}");
    }
    out
}

fn context_log(run: &Run<'_>) -> String {
    let mut out = String::from("# Context refresh\n\n");
    match &run.exported {
        None => {
            let _ = writeln!(
                out,
                "Not refreshed in this run ({}): `plumb export {} --evidence` writes docs/context/db/schema.json.",
                run.command, run.source_text
            );
        }
        Some(files) => {
            for (file, changed) in files {
                let _ = writeln!(out, "- `{}`: {}", file.display(), if *changed { "written" } else { "unchanged" });
            }
        }
    }
    out
}

/// Writes the run's folder under the project's evidence root; its path.
pub fn write(run: &Run<'_>) -> Result<PathBuf> {
    let folder = run.project.evidence_root().join(format!("{}-{}", crate::evidence::new_run_id(), run.command));
    let io = |path: &Path, source| Error::Io { path: path.to_owned(), source };
    std::fs::create_dir_all(&folder).map_err(|e| io(&folder, e))?;
    for (name, text) in [
        ("00-ssot-mode-check.md", mode_check(run)),
        ("01-db-pull-instructions.md", instructions(run)),
        ("02-import-prisma-log.md", prisma_log(run)),
        ("03-context-refresh-log.md", context_log(run)),
    ] {
        let path = folder.join(name);
        std::fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    Ok(folder)
}
