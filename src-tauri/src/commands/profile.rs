//! Connection profiles: list, save, check, delete, unlock. Passwords go in, never out.

use plumb_db::profile::Preflight;
use tauri::State;

use crate::error::IpcError;
use crate::profiles::{parse_url, ParsedUrl, ProfileEntry, ProfileForm, ProfileListing};
use crate::state::AppState;

/// Every profile, the keychain's state and the profile file's place.
#[tauri::command]
pub(crate) async fn profile_list(state: State<'_, AppState>) -> Result<ProfileListing, IpcError> {
    state.profiles.list().await
}

/// Adds (no id) or replaces a profile; a non-empty password goes to the OS keychain.
#[tauri::command]
pub(crate) async fn profile_save(
    state: State<'_, AppState>,
    form: ProfileForm,
    password: Option<String>,
) -> Result<ProfileEntry, IpcError> {
    state.profiles.save(form, password).await
}

/// Removes a profile and its password.
#[tauri::command]
pub(crate) async fn profile_delete(state: State<'_, AppState>, id: String) -> Result<(), IpcError> {
    state.profiles.delete(id).await
}

/// Checks a saved profile's connection and records the result.
#[tauri::command]
pub(crate) async fn profile_test(state: State<'_, AppState>, id: String) -> Result<ProfileEntry, IpcError> {
    state.profiles.test(id).await
}

/// Checks the connection an unsaved form describes.
#[tauri::command]
pub(crate) async fn profile_check(
    state: State<'_, AppState>,
    form: ProfileForm,
    password: Option<String>,
) -> Result<Preflight, IpcError> {
    state.profiles.check(form, password).await
}

/// Saves a profile's password (asked for when it was not known).
#[tauri::command]
pub(crate) async fn profile_set_password(
    state: State<'_, AppState>,
    id: String,
    password: String,
) -> Result<ProfileEntry, IpcError> {
    state.profiles.set_password(id, password).await
}

/// Allows writes to a read-only profile for `minutes`.
#[tauri::command]
pub(crate) async fn profile_unlock(
    state: State<'_, AppState>,
    id: String,
    minutes: u64,
) -> Result<ProfileEntry, IpcError> {
    state.profiles.unlock(id, minutes).await
}

/// Ends an unlock now.
#[tauri::command]
pub(crate) async fn profile_lock(state: State<'_, AppState>, id: String) -> Result<ProfileEntry, IpcError> {
    state.profiles.lock(id).await
}

/// Reads a pasted connection URL into the form's fields.
#[tauri::command]
pub(crate) fn profile_parse_url(url: String, environment: String) -> Result<ParsedUrl, IpcError> {
    parse_url(&url, &environment)
}
