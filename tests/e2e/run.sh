#!/usr/bin/env bash
# Runs the end-to-end journeys in a real Plumb window: Xvfb display, a private D-Bus session with an
# unlocked gnome-keyring (so GTK never pops a keyring prompt), a fresh app data dir (so the demo
# databases are created as on a first start), tauri-driver on free ports. A second user (another
# D-Bus session, keyring and set of app folders, a second tauri-driver) is there for journeys
# where one person approves and another applies.
# Usage: tests/e2e/run.sh PATH/TO/plumb-app
# With E2E_SCREENSHOTS_TO_DOCS=1, a passing run copies its views (every view at 1280 and 1024 px)
# into docs/screenshots/, the README's pictures.
set -euo pipefail
app=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
work=$(mktemp -d /tmp/plumb-e2e-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/data" "$work/runtime"
chmod 700 "$work/runtime"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
native_port=$(free_port)
port_b=$(free_port)
native_port_b=$(free_port)
mkdir -p "$work/b/data" "$work/b/runtime"
chmod 700 "$work/b/runtime"

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/runtime"
export E2E_APP="$app" E2E_PORT="$port" E2E_NATIVE_PORT="$native_port" E2E_OUT="$out" E2E_HERE="$here"
export E2E_PORT_B="$port_b" E2E_NATIVE_PORT_B="$native_port_b" E2E_WORK="$work" E2E_DRIVER_B="http://127.0.0.1:$port_b"

rc=0
dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -u
  eval "$(printf %s plumb-e2e | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
  tauri-driver --port "$E2E_PORT" --native-port "$E2E_NATIVE_PORT" >"$E2E_OUT/tauri-driver.log" 2>&1 &
  driver=$!
  # The second user: own bus, keyring and folders, same display.
  XDG_DATA_HOME="$E2E_WORK/b/data" XDG_CONFIG_HOME="$E2E_WORK/b/config" XDG_CACHE_HOME="$E2E_WORK/b/cache" \
  XDG_RUNTIME_DIR="$E2E_WORK/b/runtime" dbus-run-session -- bash -c "
    eval \"\$(printf %s plumb-e2e-b | gnome-keyring-daemon --unlock --components=secrets)\" >/dev/null
    echo \$\$ >$E2E_WORK/b/driver.pid
    exec tauri-driver --port $E2E_PORT_B --native-port $E2E_NATIVE_PORT_B" >"$E2E_OUT/tauri-driver-b.log" 2>&1 &
  driver_b=$!
  for p in "$E2E_PORT" "$E2E_PORT_B"; do
    for _ in $(seq 50); do
      python3 -c "import socket,sys; socket.create_connection((\"127.0.0.1\", int(sys.argv[1])), 0.2)" "$p" 2>/dev/null && break
      sleep 0.1
    done
  done
  python3 "$E2E_HERE/webdriver.py" "$E2E_APP" "http://127.0.0.1:$E2E_PORT" "$E2E_OUT"
  rc=$?
  kill "$driver" "$(cat "$E2E_WORK/b/driver.pid" 2>/dev/null)" "$driver_b" 2>/dev/null
  wait "$driver" "$driver_b" 2>/dev/null
  exit $rc
' || rc=$?
if [ "$rc" -eq 0 ] && [ "${E2E_SCREENSHOTS_TO_DOCS:-}" = 1 ]; then
  mkdir -p "$here/../../docs/screenshots"
  cp "$out"/views/*.png "$here/../../docs/screenshots/"
  echo "e2e: views copied to docs/screenshots/"
fi
exit "$rc"
