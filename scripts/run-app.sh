#!/usr/bin/env bash
# Installs whatever is missing, builds the UI and the desktop app, and opens Plumb on the bundled
# demo databases (created in the app data dir on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_apt_packages "${APP_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_ui_packages

say "Building the UI"
npm --prefix ui run build --silent
say "Building the desktop app (the first build takes a few minutes)"
cargo build -p plumb-app --locked
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  die "no display to open a window on; on a headless machine run: xvfb-run -a scripts/run-app.sh"
fi
say "Starting Plumb"
exec "$CARGO_TARGET_DIR/debug/plumb-app"
