#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (from the Debian packages) in DIR on a free loopback port, with
# trust authentication, and prints its admin URL. Stop it with tests/db/stop.sh DIR.
# With PLUMB_PG_PASSWORD set, every connection must give that password (scram-sha-256) for user
# postgres: the URL printed holds no password.
set -euo pipefail
dir=$1
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$dir/pg" "$dir/pgsock"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root.
  chmod 755 "$dir"
  chown postgres: "$dir/pg" "$dir/pgsock"
  as_pg=(runuser -u postgres --)
fi
auth=(--auth=trust)
if [ -n "${PLUMB_PG_PASSWORD:-}" ]; then
  printf '%s\n' "$PLUMB_PG_PASSWORD" >"$dir/pg/pwfile"
  [ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pg/pwfile"
  auth=(--auth=scram-sha-256 "--pwfile=$dir/pg/pwfile")
fi
"${as_pg[@]}" "$bin/initdb" -D "$dir/pg/data" -U postgres "${auth[@]}" -E UTF8 --no-sync >"$dir/pg/initdb.log"
rm -f "$dir/pg/pwfile"
# TLS with a self-signed certificate, as Debian's own clusters have, so TLS options can be tested.
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=127.0.0.1" \
  -keyout "$dir/pg/data/server.key" -out "$dir/pg/data/server.crt" >/dev/null 2>&1
chmod 600 "$dir/pg/data/server.key"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pg/data/server.key" "$dir/pg/data/server.crt"
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/pg/data" -w -l "$dir/pg/log" \
  -o "-p $port -k $dir/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c ssl=on" start >/dev/null
echo "postgres://postgres@127.0.0.1:$port/postgres"
