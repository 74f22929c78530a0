//! The evidence folder of each run (`.plumb/runs/<run id>-<slug>/` by default): what was checked,
//! what was planned and approved, what ran with its timings, and what the target looked like
//! afterwards, in files people read and review tools diff. Never a password: the target is shown
//! as its redacted URL, and nothing else in here comes from a connection string.
//!
//! - `00-connection-check.md`: server, version, user, privileges, TLS, round trip.
//! - `01-schema-diff-preview.md`: the changes the plan makes.
//! - `02-migration-plan.md`: SQL, rollback, safety findings, acknowledgements, approvals, backups.
//! - `03-execution-log.md`: each statement with its time and result, written as it runs.
//! - `04-post-verify.md`: the target compared with the plan's desired schema.
//! - `plan.json`, `approvals/*.json`, `rollback.sql`, `restore.sql`, `schema-before.json` (the
//!   starting schema as a snapshot, to plan the way back from a half-done run), `run.json` (the
//!   summary `plumb history` and the app's history list read).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use plumb_engine::approval::Approval;
use plumb_engine::diff::{diff, ChangeSet, DiffOptions};
use plumb_engine::gate::Clearance;
use plumb_engine::plan::backup::TableBackup;
use plumb_engine::plan::Plan;

use crate::apply::history::RunRecord;
use crate::profile::Preflight;
use crate::{Error, Result};

/// A run's summary as `run.json` holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct RunSummary {
    /// The run as the target's history records it.
    #[serde(flatten)]
    pub record: RunRecord,
    /// The target, without password.
    pub target: String,
    /// The evidence folder.
    pub folder: PathBuf,
    /// The public key of the person who applied, when they showed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applier_key: Option<String>,
    /// Their signature of [`signed_text`] of the record, with that key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applier_signature: Option<String>,
}

impl RunSummary {
    /// Whether the record carries a valid signature of the person who applied.
    pub fn signed_by_applier(&self) -> bool {
        match (&self.applier_key, &self.applier_signature) {
            (Some(key), Some(signature)) => {
                plumb_engine::approval::ApprovalKey::verify_text(key, &signed_text(&self.record), signature)
            }
            _ => false,
        }
    }
}

/// What the person applying signs: which run of which plan, where, by whom, when and how it ended.
pub fn signed_text(record: &RunRecord) -> String {
    format!(
        "plumb run\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
        record.run_id,
        record.plan_hash,
        record.environment,
        record.applied_by,
        record.started_at,
        record.finished_at.as_deref().unwrap_or("-"),
        record.status.as_str()
    )
}

/// A new run id: the UTC time and eight random hex digits (`20261122T013000Z-3fa9c2e1`). Four
/// were too few: runs started within the same second on one database (a test applying plan after
/// plan) met on the history's primary key.
pub(crate) fn new_run_id() -> String {
    let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
    let random = uuid::Uuid::new_v4().simple().to_string();
    format!("{stamp}-{}", &random[..8])
}

/// One run's evidence folder, being written.
pub struct RunFolder {
    dir: PathBuf,
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io { path: path.to_owned(), source }
}

fn fenced(language: &str, text: &str) -> String {
    format!("```{language}\n{}\n```\n", text.trim_end())
}

impl RunFolder {
    /// Creates `<root>/<run id>-<slug>`, or opens the folder of `run_id` when it exists (a resumed
    /// run keeps writing where it started).
    pub fn open(root: &Path, run_id: &str, slug: &str) -> Result<Self> {
        std::fs::create_dir_all(root).map_err(|e| io(root, e))?;
        let existing = std::fs::read_dir(root)
            .map_err(|e| io(root, e))?
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.path())
            .find(|path| path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(run_id)));
        let dir = existing.unwrap_or_else(|| root.join(format!("{run_id}-{slug}")));
        std::fs::create_dir_all(dir.join("approvals")).map_err(|e| io(&dir, e))?;
        Ok(Self { dir })
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    fn write(&self, name: &str, text: &str) -> Result<()> {
        let path = self.dir.join(name);
        std::fs::write(&path, text).map_err(|e| io(&path, e))
    }

    /// Appends to the execution log.
    pub(crate) fn log(&self, line: &str) -> Result<()> {
        let path = self.dir.join("03-execution-log.md");
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(&path).map_err(|e| io(&path, e))?;
        writeln!(file, "{line}").and_then(|()| file.sync_data()).map_err(|e| io(&path, e))
    }

    /// Writes what is known before the first statement runs, of `plan` from `start` (the whole
    /// schema it starts from).
    pub(crate) fn before(
        &self,
        (plan, start): (&Plan, &plumb_engine::model::Database),
        check: std::result::Result<&Preflight, String>,
        clearance: &Clearance,
        approvals: &[Approval],
        backups: &[TableBackup],
        backup_file: Option<&Path>,
    ) -> Result<()> {
        self.write("00-connection-check.md", &connection_check(check))?;
        let preview = diff(&plan.from_part, &plan.to_part, &DiffOptions::default())
            .map(|changes| plumb_engine::text::changes(&changes, plan.flavor.has_schemas()))
            .unwrap_or_else(|e| format!("cannot show the changes: {e}\n"));
        self.write("01-schema-diff-preview.md", &format!("# Schema diff preview\n\n{}", fenced("text", &preview)))?;
        self.write("02-migration-plan.md", &migration_plan(plan, clearance, backups, backup_file))?;
        self.write("plan.json", &plan.to_json())?;
        // The whole starting schema as a snapshot: the way back from a half-done MySQL run is a
        // plan from the target to it.
        self.write("schema-before.json", &start.to_snapshot_json())?;
        for approval in approvals {
            let name = approval.approver.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect::<String>();
            self.write(&format!("approvals/{name}.json"), &approval.to_json())?;
        }
        let rollback: String = plan.rollback.iter().map(|s| format!("{};\n", s.sql.trim_end_matches(';'))).collect();
        self.write("rollback.sql", &rollback)?;
        let restore = plumb_engine::plan::backup::restore_script(backups);
        if !restore.is_empty() {
            self.write("restore.sql", &restore)?;
        }
        Ok(())
    }

    /// Writes the run's summary as it starts (status running).
    pub(crate) fn started(&self, summary: &RunSummary) -> Result<()> {
        let json = serde_json::to_string_pretty(summary).expect("a run summary serializes");
        self.write("run.json", &json)
    }

    /// Writes the post-verification and the run's summary.
    pub(crate) fn after(
        &self,
        summary: &RunSummary,
        remaining: Option<&ChangeSet>,
        flavor_schemas: bool,
    ) -> Result<()> {
        let mut text = format!("# Post-verify\n\nStatus: **{}**\n\n", summary.record.status.as_str().to_uppercase());
        match remaining {
            Some(changes) if changes.is_empty() => {
                text.push_str("The target was read again after the run: it has exactly the plan's desired schema (zero differences).\n")
            }
            Some(changes) => {
                let _ = write!(
                    text,
                    "The target was read again after the run and still differs from the plan's desired schema:\n\n{}",
                    fenced("text", &plumb_engine::text::changes(changes, flavor_schemas))
                );
            }
            None => text.push_str("Not verified: the run did not finish (see 03-execution-log.md).\n"),
        }
        if let Some(detail) = &summary.record.detail {
            let _ = write!(text, "\n{detail}\n");
        }
        self.write(POST_VERIFY, &text)?;
        let json = serde_json::to_string_pretty(summary).expect("a run summary serializes");
        self.write("run.json", &json)
    }
}

fn connection_check(check: std::result::Result<&Preflight, String>) -> String {
    let mut out = String::from("# Connection check\n\n");
    match check {
        Ok(p) => {
            let yes_no = |b: bool| if b { "yes" } else { "no" };
            let _ = writeln!(out, "| | |\n|---|---|");
            let _ = writeln!(out, "| Target | `{}` |", p.target);
            let _ = writeln!(out, "| Server | {} {} |", p.flavor, p.server_version);
            let _ = writeln!(out, "| Version text | {} |", p.version_text);
            let _ = writeln!(out, "| User | {} |", p.user.as_deref().unwrap_or("—"));
            let _ = writeln!(out, "| Database | {} |", p.database);
            let _ = writeln!(out, "| Schema | {} |", p.schema.as_deref().unwrap_or("—"));
            let _ = writeln!(out, "| May change the schema | {} ({}) |", yes_no(p.can_change_schema), p.privileges);
            let _ = writeln!(out, "| TLS | {} |", p.tls.map_or("not applicable", yes_no));
            let _ = writeln!(out, "| Tables | {} |", p.tables);
            let _ = writeln!(out, "| Connect time | {} ms |", p.connect_ms);
            let _ = writeln!(out, "| Round trip | {:.2} ms |", p.latency_ms);
            let _ = writeln!(out, "| Checked at | {} |", p.checked_at);
        }
        Err(reason) => {
            let _ = writeln!(out, "The check could not run: {reason}");
        }
    }
    out
}

fn migration_plan(plan: &Plan, clearance: &Clearance, backups: &[TableBackup], backup_file: Option<&Path>) -> String {
    let mut out = String::from("# Migration plan\n\n");
    let _ = writeln!(out, "Plan `{}`, from `{}` to `{}`.\n", plan.hash, plan.from_fingerprint, plan.to_fingerprint);
    out.push_str("## Approvals\n\n");
    if clearance.approvers.is_empty() {
        out.push_str("None were needed for this environment.\n");
    }
    for name in &clearance.approvers {
        let _ = writeln!(out, "- approved by **{name}** (signed; the approval is in `approvals/`)");
    }
    for reason in &clearance.not_counted {
        let _ = writeln!(out, "- not counted: {reason}");
    }
    out.push_str("\n## Acknowledged safety findings\n\n");
    if clearance.acknowledged.is_empty() {
        out.push_str("None.\n");
    }
    for ack in &clearance.acknowledged {
        let _ = writeln!(out, "- `{}` by {}", ack.rule, ack.by);
    }
    out.push_str("\n## SQL, with the way back\n\n");
    out.push_str(&fenced("sql", &plumb_engine::text::plan(plan, true)));
    out.push_str("\n## Backups of the data at risk\n\n");
    if backups.is_empty() {
        out.push_str("No statement destroys data: nothing to back up.\n");
        return out;
    }
    if let Some(file) = backup_file {
        let _ = writeln!(
            out,
            "Before the first statement, the whole database was copied to `{}` (`VACUUM INTO`).\n",
            file.display()
        );
    }
    for backup in backups {
        let _ = writeln!(out, "- `{}` → `{}`: {}", backup.table, backup.copy_name, backup.restore_note);
        if let Some(copy) = &backup.copy_sql {
            out.push_str(&fenced("sql", copy));
        }
    }
    out.push_str(
        "\n### To restore\n\n1. Re-create the structure the run removed: run `rollback.sql` from this folder \
         (or make a plan from the target back to the starting schema in `schema-before.json`, and apply it).\n\
         2. Put the data back: run `restore.sql` from this folder against the same database.\n\
         3. Check, then drop the copies when they are no longer needed.\n",
    );
    out
}

/// Every run under `root`, newest first, from their `run.json` files (one whose process died
/// says running, with no end).
pub fn list(root: &Path) -> Result<Vec<RunSummary>> {
    let entries = match std::fs::read_dir(root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(root, e)),
    };
    let mut runs: Vec<RunSummary> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("run.json")).ok())
        .filter_map(|text| serde_json::from_str(&text).ok())
        .collect();
    runs.sort_by(|a, b| b.record.started_at.cmp(&a.record.started_at));
    Ok(runs)
}

/// The post-verify report of a run: the target compared with the plan's desired schema.
pub const POST_VERIFY: &str = "04-post-verify.md";

/// One file of a run's evidence, and whether it is a report read as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EvidenceFile {
    /// Its name in the run's folder.
    pub name: String,
    /// A report, JSON or SQL file, shown as text; the backup and anything else open with the
    /// folder.
    pub readable: bool,
}

/// Whether `file` is a report of a run folder that is read as text: a plain name (no path) of a
/// Markdown, JSON or SQL file.
fn readable(file: &str) -> bool {
    !file.contains(['/', '\\']) && file != ".." && [".md", ".json", ".sql"].iter().any(|e| file.ends_with(e))
}

/// The folder of a run listed under `root`, as a caller names it: only listed runs' folders are
/// read, so that a name from outside reads nothing else.
pub fn run_folder(root: &Path, folder: &Path) -> Result<PathBuf> {
    if list(root)?.iter().any(|run| run.folder == folder) {
        Ok(folder.to_owned())
    } else {
        Err(Error::NotEvidence { what: folder.display().to_string(), of: "the evidence folder" })
    }
}

/// Every file of a listed run's evidence folder, as a reader goes through them: the numbered
/// reports first, then the rest by name.
pub fn files(root: &Path, folder: &Path) -> Result<Vec<EvidenceFile>> {
    let folder = run_folder(root, folder)?;
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .map_err(|e| io(&folder, e))?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort_by_key(|name| (!name.starts_with(|c: char| c.is_ascii_digit()), name.clone()));
    Ok(names.into_iter().map(|name| EvidenceFile { readable: readable(&name), name }).collect())
}

/// One report of a listed run, by its plain name (`04-post-verify.md`).
pub fn read(root: &Path, folder: &Path, file: &str) -> Result<String> {
    let folder = run_folder(root, folder)?;
    if !readable(file) {
        return Err(Error::NotEvidence { what: file.to_owned(), of: "an evidence file" });
    }
    let path = folder.join(file);
    std::fs::read_to_string(&path).map_err(|e| io(&path, e))
}
