//! Demo databases.

use tauri::State;

use crate::error::IpcError;
use crate::state::{AppState, SourceEntry};

/// Lists the bundled demo databases, creating them on first start.
#[tauri::command]
pub(crate) async fn demo_list(state: State<'_, AppState>) -> Result<Vec<SourceEntry>, IpcError> {
    Ok(state.demo_list().await?)
}
