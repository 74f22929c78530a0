//! The runs of the project last opened, and their evidence.

use plumb_db::evidence::EvidenceFile;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;

use crate::error::{ErrorCode, IpcError};
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

/// Every file of a listed run's evidence folder, the numbered reports first.
#[tauri::command]
pub(crate) fn history_files(state: State<'_, AppState>, folder: String) -> Result<Vec<EvidenceFile>, IpcError> {
    state.plans.evidence_files(&folder)
}

/// Opens a listed run's evidence folder in the system's file manager.
#[tauri::command]
pub(crate) fn history_open_folder(app: AppHandle, state: State<'_, AppState>, folder: String) -> Result<(), IpcError> {
    let folder = state.plans.run_folder(&folder)?;
    app.opener().open_path(folder.display().to_string(), None::<&str>).map_err(|e| IpcError {
        code: ErrorCode::Unsupported,
        message: format!("the file manager could not open {}: {e}", folder.display()),
        details: None,
    })
}
