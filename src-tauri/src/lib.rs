//! Plumb's desktop shell: a thin Tauri 2 layer over `plumb-engine` and `plumb-db`.
//!
//! This crate holds no business rules, SQL or catalog queries. Commands get the state, call the
//! engine or an [`state::AppState`] method, and convert errors to [`error::IpcError`].

mod audit;
mod code;
mod commands;
mod compare;
mod drift;
mod error;
mod migrations;
mod plans;
mod profiles;
mod projects;
mod state;
mod work;

use tauri::Manager;

/// Starts the app.
pub fn run() {
    tauri::Builder::default()
        // The SQLite file picker of the profile form; the capability allows "open" only.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        // Size, position and maximized state come back as the window was left.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .setup(|app| {
            let state = state::AppState::init(app.handle())?;
            app.manage(state);
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::demo::demo_list,
            commands::schema::schema_introspect,
            commands::schema::work_cancel,
            commands::audit::audit_run,
            commands::audit::audit_create_plan,
            commands::code::code_scan,
            commands::code::seed_check,
            commands::code::seed_run,
            commands::project::project_set_up,
            commands::project::project_init,
            commands::diff::diff_compare,
            commands::diff::diff_recompare,
            commands::diff::diff_plan_path,
            commands::diff::diff_create_plan,
            commands::diff::diff_schemas,
            commands::profile::profile_list,
            commands::profile::profile_save,
            commands::profile::profile_delete,
            commands::profile::profile_test,
            commands::profile::profile_check,
            commands::profile::profile_set_password,
            commands::profile::profile_unlock,
            commands::profile::profile_lock,
            commands::profile::profile_parse_url,
            commands::plan::plan_open,
            commands::plan::plan_approve,
            commands::plan::plan_trust_preview,
            commands::plan::plan_trust,
            commands::apply::apply_preview,
            commands::apply::apply_run,
            commands::history::history_list,
            commands::history::history_evidence,
            commands::history::history_files,
            commands::history::history_open_folder,
            commands::migrations::migrations_status,
            commands::migrations::migrations_new_preview,
            commands::migrations::migrations_new_write,
            commands::migrations::migrations_deploy,
            commands::project::project_get,
            commands::project::project_choose,
            commands::project::project_drift,
        ])
        .run(tauri::generate_context!())
        .expect("the Tauri runtime failed to start");
}
