//! Plan review: open a plan file, approve or reject it.

use tauri::State;

use crate::error::IpcError;
use crate::plans::{PlanReview, Verdict};
use crate::state::AppState;
use plumb_db::trust::TrustEdit;

/// Reads a plan file with its approvals, for review. Refuses an edited plan.
#[tauri::command]
pub(crate) async fn plan_open(state: State<'_, AppState>, path: String) -> Result<PlanReview, IpcError> {
    state.plans.open(&state.profiles, &path).await
}

/// Signs the reviewer's decision with their key (created on first use, kept in the OS keychain)
/// and writes it beside the plan; returns the review with it.
#[tauri::command]
pub(crate) async fn plan_approve(
    state: State<'_, AppState>,
    path: String,
    name: String,
    verdict: Verdict,
    comment: String,
    acknowledged: Vec<String>,
) -> Result<PlanReview, IpcError> {
    state.plans.approve(&state.profiles, &path, &name, verdict, &comment, &acknowledged).await
}

/// The project's policy file before and after trusting the reviewer whose approval of the plan is
/// signed with a key the project does not know yet; nothing is written.
#[tauri::command]
pub(crate) fn plan_trust_preview(
    state: State<'_, AppState>,
    path: String,
    approver: String,
) -> Result<TrustEdit, IpcError> {
    state.plans.trust_preview(&path, &approver)
}

/// Saves that edit over the text that was shown (`before`), and returns the review again.
#[tauri::command]
pub(crate) async fn plan_trust(
    state: State<'_, AppState>,
    path: String,
    approver: String,
    before: String,
) -> Result<PlanReview, IpcError> {
    state.plans.trust(&state.profiles, &path, &approver, &before).await
}
