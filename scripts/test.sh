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
ensure_alembic

# Snapshots never get written silently: a new or changed one fails (review with `cargo insta review`).
export INSTA_UPDATE=no

say "Formatting"
cargo fmt --all --check

# Every tier's output is also kept here, to add up the counts in the closing line.
log=$(mktemp /tmp/plumb-test-XXXXXX.log)
servers=""
cleanup() {
  rm -f "$log"
  [ -z "$servers" ] || tests/db/stop.sh "$servers"
}
trap cleanup EXIT

# Real servers for the integration tests: PLUMB_TEST_PG_URL / PLUMB_TEST_MYSQL_URL when set, else
# the local servers (PostgreSQL 127.0.0.1:5432, MariaDB 127.0.0.1:3306), else throwaway instances
# started here and stopped on exit. PLUMB_TEST_SERVERS=throwaway always starts throwaway ones.
say "Database servers"
# Called inside $(...), a subshell: the folder must exist before, so the trap can stop the servers.
servers_dir() { [ -n "$servers" ] || servers=$(mktemp -d /tmp/plumb-servers-XXXXXX); }
throwaway() { "tests/db/start-$1.sh" "$servers"; }
if [ -z "${PLUMB_TEST_PG_URL:-}" ]; then
  if [ "${PLUMB_TEST_SERVERS:-}" != throwaway ] && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; then
    export PLUMB_TEST_PG_URL="postgres://postgres@127.0.0.1:5432/postgres"
  else
    servers_dir
    PLUMB_TEST_PG_URL=$(throwaway postgres)
    export PLUMB_TEST_PG_URL
  fi
fi
if [ -z "${PLUMB_TEST_MYSQL_URL:-}" ]; then
  if [ "${PLUMB_TEST_SERVERS:-}" != throwaway ] \
    && mariadb-admin --no-defaults -h 127.0.0.1 -P 3306 -uroot --connect-timeout=3 ping >/dev/null 2>&1; then
    export PLUMB_TEST_MYSQL_URL="mysql://root@127.0.0.1:3306/mysql"
  else
    servers_dir
    PLUMB_TEST_MYSQL_URL=$(throwaway mariadb)
    export PLUMB_TEST_MYSQL_URL
  fi
fi
echo "PostgreSQL: $PLUMB_TEST_PG_URL"
echo "MySQL/MariaDB: $PLUMB_TEST_MYSQL_URL"

say "UI: type-check, unit tests, build"
npm --prefix ui run check --silent
NO_COLOR=1 npm --prefix ui test --silent 2>&1 | tee -a "$log"
npm --prefix ui run build --silent

say "Clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

say "TypeScript bindings of every type crossing the bridge are up to date"
# Regenerated from scratch, so a type no longer sent shows as deleted, a new one as untracked.
bindings="cargo test -p plumb-engine -p plumb-db -p plumb-app --features plumb-app/ts --locked export_bindings"
rm -f ui/src/api/generated/*.ts
$bindings --quiet >/dev/null
if [ -d .git ] && [ -n "$(git status --porcelain -- ui/src/api/generated)" ]; then
  git status --short -- ui/src/api/generated
  die "ui/src/api/generated is stale: run '$bindings' and commit the result"
fi

say "Rust tests: unit, integration on real databases, CLI"
cargo test --workspace --locked 2>&1 | tee -a "$log"

# Third-party test data stays outside the repository: the corpus tier runs when it is beside the
# checkout (../shared/corpus) or PLUMB_CORPUS_DIR points at it, and says so when it is not.
corpus_dir="${PLUMB_CORPUS_DIR:-$(cd .. && pwd)/shared/corpus}"
if [ -f "$corpus_dir/manifest.json" ]; then
  say "Conformance corpus ($corpus_dir): plan, apply, zero diff, rollback, zero diff; Prisma cases; samples dumped"
  export PLUMB_CORPUS_DIR="$corpus_dir"
  cargo test --workspace --test corpus --locked
  cargo test -p plumb-tests --test corpus_prisma --locked 2>&1 | tee -a "$log"
  cargo test -p plumb-tests --test corpus_samples --locked 2>&1 | tee -a "$log"
else
  say "Conformance corpus: NOT RUN (no corpus at $corpus_dir)"
  echo "The corpus tier needs the peer test suites of shared/corpus, which are not in this repository."
  echo "To run it, put them beside the checkout (../shared/corpus) or run: PLUMB_CORPUS_DIR=/path/to/shared/corpus scripts/test.sh"
fi

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
