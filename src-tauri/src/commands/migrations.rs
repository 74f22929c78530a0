//! A migrations folder against several databases.

use tauri::State;

use crate::error::IpcError;
use crate::migrations::{Matrix, Target};
use crate::state::AppState;

/// Where each migration of `folder` (or of the project last opened) stands on each target.
#[tauri::command]
pub(crate) async fn migrations_status(
    state: State<'_, AppState>,
    folder: Option<String>,
    targets: Vec<Target>,
) -> Result<Matrix, IpcError> {
    crate::migrations::matrix(&state.profiles, folder.as_deref(), state.plans.project_root(), targets).await
}
