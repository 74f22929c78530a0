#!/usr/bin/env bash
# Stops the throwaway servers started in DIR by start-postgres.sh / start-mariadb.sh and removes DIR.
set -uo pipefail
dir=$1
if [ -f "$dir/pg/data/postmaster.pid" ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  as_pg=()
  [ "$(id -u)" -eq 0 ] && as_pg=(runuser -u postgres --)
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/pg/data" -m immediate stop >/dev/null 2>&1
fi
if [ -f "$dir/my/pid" ]; then
  kill "$(cat "$dir/my/pid")" 2>/dev/null
  for _ in $(seq 50); do [ -f "$dir/my/pid" ] || break; sleep 0.1; done
fi
rm -rf "$dir"
