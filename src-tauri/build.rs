//! Declares our commands so that `capabilities/default.json` can allow each one by name, and makes
//! sure `../ui/dist` exists so that `cargo check` works before the UI was built (GitButler's trick).

const COMMANDS: &[&str] = &[
    "demo_list",
    "schema_introspect",
    "work_cancel",
    "diff_compare",
    "diff_recompare",
    "diff_plan_path",
    "diff_create_plan",
    "diff_schemas",
    "audit_run",
    "audit_create_plan",
    "code_scan",
    "seed_check",
    "seed_run",
    "project_set_up",
    "project_init",
    "profile_list",
    "profile_save",
    "profile_delete",
    "profile_test",
    "profile_check",
    "profile_set_password",
    "profile_unlock",
    "profile_lock",
    "profile_parse_url",
    "plan_open",
    "plan_approve",
    "plan_trust_preview",
    "plan_trust",
    "apply_preview",
    "apply_run",
    "history_list",
    "history_evidence",
    "history_files",
    "history_open_folder",
    "migrations_status",
    "migrations_new_preview",
    "migrations_new_write",
    "migrations_deploy",
    "project_get",
    "project_choose",
    "project_drift",
];

fn main() {
    let dist = std::path::Path::new("../ui/dist");
    if !dist.exists() {
        std::fs::create_dir_all(dist).expect("create ../ui/dist");
        std::fs::write(dist.join("index.html"), "<!doctype html><p>Build the UI first: npm --prefix ui run build</p>")
            .expect("write placeholder ../ui/dist/index.html");
    }
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script");
}
