//! The project folder the window works in: its policy judges plans, its evidence folder keeps runs.

use tauri::State;

use crate::drift::Board;
use crate::error::IpcError;
use crate::projects::{ProjectInfo, ProjectSetUp};
use crate::state::AppState;

/// The project the window works in now, if any: the one chosen, else that of the plan last opened.
#[tauri::command]
pub(crate) fn project_get(state: State<'_, AppState>) -> Result<Option<ProjectInfo>, IpcError> {
    state.plans.projects.project()
}

/// Makes `folder` the project of every plan opened from now on, kept across restarts; `null` goes
/// back to finding each plan's project from its folder.
#[tauri::command]
pub(crate) fn project_choose(
    state: State<'_, AppState>,
    folder: Option<String>,
) -> Result<Option<ProjectInfo>, IpcError> {
    state.plans.projects.choose(folder.as_deref())
}

/// What the project's folder holds and the project file Plumb proposes for it (as `plumb detect`
/// and `plumb init` find them); nothing while there is no project or once it has its file.
#[tauri::command]
pub(crate) fn project_set_up(state: State<'_, AppState>) -> Result<Option<ProjectSetUp>, IpcError> {
    state.plans.projects.set_up()
}

/// Writes the proposed project file, if it is still the text shown; never over an existing file.
#[tauri::command]
pub(crate) fn project_init(state: State<'_, AppState>, text: String) -> Result<ProjectInfo, IpcError> {
    state.plans.projects.init(&text)
}

/// Each environment of the project against its truth, as `plumb drift` computes it, read now.
#[tauri::command]
pub(crate) async fn project_drift(state: State<'_, AppState>) -> Result<Board, IpcError> {
    crate::drift::board(&state.profiles, &state.plans.projects).await
}
