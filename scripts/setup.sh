# Sourced by run-app.sh and test.sh: installs whatever is missing on a Debian/Ubuntu machine and
# checks the toolchains that cannot come from apt. Never reinstalls what is already there.

# Packages to build and run the desktop app (Tauri 2 on WebKitGTK).
APP_PACKAGES=(build-essential pkg-config libssl-dev libdbus-1-dev libwebkit2gtk-4.1-dev libgtk-3-dev
  libayatana-appindicator3-dev librsvg2-dev)
# Extra packages for the tests: a virtual display, the WebDriver for WebKitGTK, a private D-Bus
# session with a Secret Service (gnome-keyring) so the window never prompts.
# Real database servers (local ones, or throwaway instances started from these packages) and
# their dump tools for the benchmark, and each dialect's command-line client (restore scripts are
# tested with psql, mariadb and sqlite3).
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools python3 python3-venv
  postgresql postgresql-client postgresql-postgis mariadb-server mariadb-client openssl sqlite3 percona-toolkit)

MIN_RUST="1.89"
MIN_NODE="20.19"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else die "need root to run: $* (install sudo or run as root)"
  fi
}

version_at_least() { # version_at_least HAVE WANT
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}

ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get: install them by hand"
  say "Installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_rust() {
  command -v cargo >/dev/null || die "Rust is not installed: install Rust >= $MIN_RUST with rustup (https://rustup.rs), then rerun"
  local have
  have=$(rustc --version | awk '{print $2}')
  version_at_least "$have" "$MIN_RUST" || die "Rust $have is too old: run 'rustup update' (need >= $MIN_RUST)"
}

ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    ensure_apt_packages nodejs npm
  fi
  local have
  have=$(node --version | tr -d v)
  version_at_least "$have" "$MIN_NODE" || die "Node.js $have is too old for Vite 8: install Node.js >= $MIN_NODE (e.g. from nodejs.org or NodeSource), then rerun"
}

ensure_ui_packages() {
  # npm ci only when node_modules is missing or older than the lock file.
  if [ ! -f ui/node_modules/.package-lock.json ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    say "Installing the UI's npm packages"
    npm --prefix ui ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_tauri_driver() {
  command -v tauri-driver >/dev/null && return 0
  say "Installing tauri-driver (WebDriver bridge for the end-to-end tests)"
  # Pinned to 2.x: the registry's newest is a 3.0 alpha (toolchain.md).
  cargo install tauri-driver --locked --version '^2'
}

# Alembic, from the Python package registry, in a virtualenv of its own: Plumb runs Alembic's
# offline mode to read revisions written in Python, and the tests check that Alembic itself
# accepts the revisions Plumb writes. PLUMB_PYTHON is the variable Plumb reads to find it.
ensure_alembic() {
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/plumb/alembic-venv"
  if ! "$venv/bin/python" -c 'import alembic' 2>/dev/null; then
    say "Installing Alembic (PyPI) into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'alembic>=1.13,<2'
  fi
  export PLUMB_PYTHON="$venv/bin/python"
}

# migra (PyPI), the PostgreSQL diff tool the benchmark measures Plumb against, in a virtual
# environment of its own; exports PLUMB_MIGRA.
ensure_migra() {
  local venv="${XDG_CACHE_HOME:-$HOME/.cache}/plumb/migra-venv"
  if ! "$venv/bin/migra" --help >/dev/null 2>&1; then
    say "Installing migra (PyPI) into $venv"
    python3 -m venv "$venv"
    # SQLAlchemy 2 connects to postgresql:// URLs with psycopg 3.
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'migra>=3,<4' 'psycopg[binary]>=3.1,<4' setuptools
  fi
  export PLUMB_MIGRA="$venv/bin/migra"
}

# One target dir outside the clone, so fresh clones (CI) reuse earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/plumb/target}"
