//! The Audit view's commands.

use plumb_db::audit::Report;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// Audits a database of the sidebar: findings, why each matters, the SQL that fixes it.
#[tauri::command]
pub(crate) async fn audit_run(
    state: State<'_, AppState>,
    source: String,
    ticket: Option<String>,
) -> Result<Report, IpcError> {
    state.work.run(ticket.as_deref(), crate::audit::audit(&state.profiles, &state.plans.projects, &source)).await
}

/// Saves the plan of the fixes of `checks` (every fixable one when empty) as a new plan file at
/// `path` (relative to the project's folder unless absolute); returns its path for Review & apply,
/// or nothing when no chosen fix is a schema change.
#[tauri::command]
pub(crate) async fn audit_create_plan(
    state: State<'_, AppState>,
    source: String,
    checks: Vec<String>,
    path: String,
) -> Result<Option<String>, IpcError> {
    crate::audit::create_plan(&state.profiles, &state.plans.projects, &source, &checks, &path).await
}
