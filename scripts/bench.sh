#!/usr/bin/env bash
# Every figure of the performance table (README, docs/performance.md) in one run: builds the
# release CLI, installs migra into a virtual environment of its own, and runs `plumb bench all`
# on the local servers (or PLUMB_BENCH_PG_URL / PLUMB_BENCH_MYSQL_URL), where it creates and drops
# its own databases. Extra arguments go to `plumb bench all` (--runs N).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

ensure_apt_packages "${TEST_PACKAGES[@]}"
ensure_rust
ensure_migra

say "Building the release CLI"
cargo build --release --locked -p plumb-cli
say "Measuring"
"$CARGO_TARGET_DIR/release/plumb" bench all \
  --postgres "${PLUMB_BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}" \
  --mysql "${PLUMB_BENCH_MYSQL_URL:-mysql://root@127.0.0.1:3306/mysql}" \
  --migra "$PLUMB_MIGRA" "$@"
