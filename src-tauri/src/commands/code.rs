//! The commands of the schema browser's Code tab and of a development profile's Seed.

use plumb_db::scan::Report;
use plumb_db::seed::{Idempotency, Seeded};
use tauri::State;

use crate::error::IpcError;
use crate::state::AppState;

/// The tables and columns the code names that the database `source` lacks.
#[tauri::command]
pub(crate) async fn code_scan(
    state: State<'_, AppState>,
    source: String,
    folder: Option<String>,
    ticket: Option<String>,
) -> Result<Report, IpcError> {
    let work = crate::code::scan(&state.profiles, &state.plans.projects, &source, folder.as_deref());
    state.work.run(ticket.as_deref(), work).await
}

/// Whether the seed at `path` is idempotent, on a scratch copy of `source`'s schema.
#[tauri::command]
pub(crate) async fn seed_check(
    state: State<'_, AppState>,
    source: String,
    path: String,
) -> Result<Idempotency, IpcError> {
    crate::code::check(&state.profiles, &source, &path).await
}

/// Seeds the development database `source` with the seed at `path`.
#[tauri::command]
pub(crate) async fn seed_run(state: State<'_, AppState>, source: String, path: String) -> Result<Seeded, IpcError> {
    let demos = state.demo_list().await?;
    crate::code::seed(&state.profiles, &state.plans.projects, &demos, &source, &path).await
}
