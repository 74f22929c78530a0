//! Schema browsing.

use plumb_engine::model::Database;
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// Reads the schema of a source (`sqlite:PATH`, a snapshot, …).
#[tauri::command]
pub(crate) async fn schema_introspect(state: State<'_, AppState>, source: String) -> Result<Database, IpcError> {
    Ok(state.introspect(&source).await?)
}
