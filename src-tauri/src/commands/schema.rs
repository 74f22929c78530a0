//! Schema browsing.

use plumb_engine::model::Database;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::IpcError;
use crate::state::{AppState, IntrospectProgress};

/// Reads the schema of a source (`sqlite:PATH`, a snapshot, `postgres://…`, `mysql://…`),
/// streaming each completed step to `on_progress`.
#[tauri::command]
pub(crate) async fn schema_introspect(
    state: State<'_, AppState>,
    source: String,
    ticket: Option<String>,
    on_progress: Channel<IntrospectProgress>,
) -> Result<Database, IpcError> {
    // A closed channel (the view went away) must not fail the reading.
    let progress = move |p: IntrospectProgress| {
        let _ = on_progress.send(p);
    };
    state.work.run(ticket.as_deref(), state.introspect(&source, &progress)).await
}

/// Stops the reading or comparison with this ticket; says whether one was running.
#[tauri::command]
pub(crate) fn work_cancel(state: State<'_, AppState>, ticket: String) -> bool {
    state.work.cancel(&ticket)
}
