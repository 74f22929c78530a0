#!/usr/bin/env bash
# Installs whatever is missing and runs every test tier, cheapest first (DESIGN.md B.15):
# format, UI type-check and unit tests, clippy, generated bindings, Rust unit + integration + CLI
# tests, and the end-to-end journeys in a real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_apt_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_rust
ensure_node
ensure_ui_packages
ensure_tauri_driver

# Snapshots never get written silently: a new or changed one fails (review with `cargo insta review`).
export INSTA_UPDATE=no

say "Formatting"
cargo fmt --all --check

# Every tier's output is also kept here, to add up the counts in the closing line.
log=$(mktemp /tmp/plumb-test-XXXXXX.log)
trap 'rm -f "$log"' EXIT

say "UI: type-check, unit tests, build"
npm --prefix ui run check --silent
NO_COLOR=1 npm --prefix ui test --silent 2>&1 | tee -a "$log"
npm --prefix ui run build --silent

say "Clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "TypeScript bindings generated from the Rust model are up to date"
cargo test -p plumb-engine --features ts --locked --quiet >/dev/null
if [ -d .git ] && [ -n "$(git status --porcelain -- ui/src/api/generated)" ]; then
  git status --short -- ui/src/api/generated
  die "ui/src/api/generated is stale: run 'cargo test -p plumb-engine --features ts' and commit the result"
fi

say "Rust tests: unit, integration on real databases, CLI"
cargo test --workspace --locked 2>&1 | tee -a "$log"

say "End-to-end in a real window"
cargo build -p plumb-app --locked
tests/e2e/run.sh "$CARGO_TARGET_DIR/debug/plumb-app" 2>&1 | tee -a "$log"

# One closing line for every tier: cargo's own last lines are doc-test runs with nothing in them.
count() { grep -oE "$1" "$log" | grep -oE '[0-9]+ passed' | grep -oE '^[0-9]+' | awk '{s+=$1} END {print s+0}'; }
rust=$(count 'test result: ok\. [0-9]+ passed')
ui=$(count '^ *Tests +[0-9]+ passed')
e2e=$(count '^e2e: [0-9]+ passed')
say "Rust $rust, UI $ui, end-to-end $e2e"
echo "all: $((rust + ui + e2e)) passed, 0 failed"
