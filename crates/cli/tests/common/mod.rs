//! Shared by the CLI test binaries that need a real Secret Service.

use std::process::Command;

/// Set in the inner run of a test that re-runs itself inside a private Secret Service.
const INSIDE: &str = "PLUMB_TEST_PRIVATE_KEYRING";

/// Runs the test named `test` again inside a private D-Bus session with an unlocked gnome-keyring
/// and returns `false`; inside that run, returns `true` (run the body). The outer run passes only
/// when the inner one does.
pub fn inside_private_keyring(test: &str) -> bool {
    if std::env::var_os(INSIDE).is_some() {
        return true;
    }
    let keyrings = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let script = r#"eval "$(printf %s plumb-test | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
exec "$@""#;
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", script, "sh"])
        .arg(&exe)
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(INSIDE, "1")
        // gnome-keyring keeps its (encrypted) keyring files here, not in the user's home.
        .env("XDG_DATA_HOME", keyrings.path())
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run dbus-run-session ({e}): install dbus and gnome-keyring (scripts/setup.sh)")
        });
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success() && text.contains("1 passed"), "inside a private Secret Service:\n{text}");
    false
}
