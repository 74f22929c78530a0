//! A migrations folder against several databases.

use tauri::State;

use crate::error::IpcError;
use crate::migrations::{Matrix, NewMigration, Target};
use crate::state::AppState;

/// Where each migration of `folder` (or of the project last opened) stands on each target.
#[tauri::command]
pub(crate) async fn migrations_status(
    state: State<'_, AppState>,
    folder: Option<String>,
    targets: Vec<Target>,
) -> Result<Matrix, IpcError> {
    crate::migrations::matrix(&state.profiles, folder.as_deref(), state.plans.projects.project_root(), targets).await
}

/// The migration that takes `folder` to `desired` (a schema.prisma, an SQL file, a database),
/// shown before anything is written; `null` when the folder already builds it.
#[tauri::command]
pub(crate) async fn migrations_new_preview(
    state: State<'_, AppState>,
    folder: String,
    name: String,
    desired: String,
) -> Result<Option<NewMigration>, IpcError> {
    crate::migrations::new_migration(&state.profiles, &folder, &name, &desired).await
}

/// Writes the migration shown by `migrations_new_preview`, if it is still the same (`hash`);
/// returns the files written.
#[tauri::command]
pub(crate) async fn migrations_new_write(
    state: State<'_, AppState>,
    folder: String,
    name: String,
    desired: String,
    hash: String,
) -> Result<Vec<String>, IpcError> {
    crate::migrations::write_migration(&state.profiles, &folder, &name, &desired, &hash).await
}

/// The pending migrations of `folder` on `target` as a new plan file, for Review & apply; `null`
/// when nothing is pending.
#[tauri::command]
pub(crate) async fn migrations_deploy(
    state: State<'_, AppState>,
    folder: String,
    target: String,
    target_name: String,
) -> Result<Option<String>, IpcError> {
    crate::migrations::deploy(&state.profiles, &state.plans.projects, &folder, &target, &target_name).await
}
