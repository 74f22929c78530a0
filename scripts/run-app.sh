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
  # A headless machine: run the window on a virtual display (for screenshots and remote checks).
  ensure_apt_packages xvfb xauth
  say "No display: starting Plumb on a virtual one (Xvfb)"
  exec xvfb-run -a "$CARGO_TARGET_DIR/debug/plumb-app"
fi
say "Starting Plumb"
exec "$CARGO_TARGET_DIR/debug/plumb-app"
