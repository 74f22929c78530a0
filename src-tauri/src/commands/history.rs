//! The runs of the project last opened, and their evidence.

use tauri::State;

use crate::error::IpcError;
use crate::plans::History;
use crate::state::AppState;

/// Every run recorded in the evidence folder of the project last opened, newest first.
#[tauri::command]
pub(crate) fn history_list(state: State<'_, AppState>) -> Result<History, IpcError> {
    state.plans.history()
}

/// One evidence file (`04-post-verify.md`) of a listed run.
#[tauri::command]
pub(crate) fn history_evidence(state: State<'_, AppState>, folder: String, file: String) -> Result<String, IpcError> {
    state.plans.evidence(&folder, &file)
}
