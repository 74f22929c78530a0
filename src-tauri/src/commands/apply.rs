//! Applying a plan file to a target through the gate, with progress.

use plumb_db::apply::ApplyEvent;
use tauri::ipc::Channel;
use tauri::State;

use crate::error::IpcError;
use crate::plans::{ApplyOutcome, ApplyPreview};
use crate::state::AppState;

/// What the gate asks for applying the plan to `target`, and what it would refuse now. Writes
/// nothing.
#[tauri::command]
pub(crate) async fn apply_preview(
    state: State<'_, AppState>,
    path: String,
    target: String,
    applier: String,
    acknowledged: Vec<String>,
) -> Result<ApplyPreview, IpcError> {
    let demos = state.demo_list().await?;
    state.plans.preview(&state.profiles, &demos, &path, &target, &applier, &acknowledged).await
}

/// Applies the plan to `target` as `applier`, streaming each step to `on_event`.
#[tauri::command]
pub(crate) async fn apply_run(
    state: State<'_, AppState>,
    path: String,
    target: String,
    applier: String,
    acknowledged: Vec<String>,
    confirmation: Option<String>,
    on_event: Channel<ApplyEvent>,
) -> Result<ApplyOutcome, IpcError> {
    let demos = state.demo_list().await?;
    // A closed channel (the view went away) must not stop the run.
    let events = move |event: ApplyEvent| {
        let _ = on_event.send(event);
    };
    state
        .plans
        .run(&state.profiles, &demos, &path, &target, &applier, &acknowledged, confirmation.as_deref(), &events)
        .await
}
