//! The diff viewer: compare two sources, then re-compare them with other options.

use tauri::ipc::Channel;
use tauri::State;

use crate::compare::{CompareOptions, CompareProgress, CompareResult, PairSchemas};
use crate::error::IpcError;
use crate::state::AppState;

/// Reads `from` (current) and `to` (desired), streaming each side's steps to `on_progress`, and
/// returns what differs with the plan between them. Never writes anything.
#[tauri::command]
pub(crate) async fn diff_compare(
    state: State<'_, AppState>,
    from: String,
    to: String,
    options: CompareOptions,
    ticket: Option<String>,
    on_progress: Channel<CompareProgress>,
) -> Result<CompareResult, IpcError> {
    // A closed channel (the view went away) must not fail the comparison.
    let progress = move |p: CompareProgress| {
        let _ = on_progress.send(p);
    };
    state
        .work
        .run(ticket.as_deref(), async {
            let (from, to) = state.profiles.resolve_pair(&from, &to).await?;
            state.comparisons.compare(from, to, options, &progress).await
        })
        .await
}

/// Where a plan from `from` to `to` (the sources' names) is saved by default: the project's plans
/// folder, under a dated name no file has yet; `null` while the window has no project.
#[tauri::command]
pub(crate) fn diff_plan_path(state: State<'_, AppState>, from: String, to: String) -> Result<Option<String>, IpcError> {
    state.plans.projects.new_plan_path(&from, &to)
}

/// Saves the plan of the comparison `id` under `options` as a new plan file at `path` (relative
/// to the project's folder unless absolute), provided it is the plan shown (`hash`); returns the
/// file's path for Review & apply. Never writes over a file.
#[tauri::command]
pub(crate) async fn diff_create_plan(
    state: State<'_, AppState>,
    id: u64,
    options: CompareOptions,
    hash: String,
    path: String,
) -> Result<String, IpcError> {
    let path = state.plans.projects.new_plan_file(&path)?;
    state.comparisons.save_plan(id, options, &hash, &path).await?;
    Ok(path.display().to_string())
}

/// Both schemas of the comparison `id`, as read, for the diagram of what differs.
#[tauri::command]
pub(crate) fn diff_schemas(state: State<'_, AppState>, id: u64) -> Result<PairSchemas, IpcError> {
    state.comparisons.schemas(id)
}

/// Compares the pair `id` read earlier with other options (a confirmed rename, an exclude
/// pattern), without reading the databases again.
#[tauri::command]
pub(crate) async fn diff_recompare(
    state: State<'_, AppState>,
    id: u64,
    options: CompareOptions,
) -> Result<CompareResult, IpcError> {
    state.comparisons.recompare(id, options).await
}
