#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (from the Debian packages) in DIR on a free loopback port, with
# trust authentication, and prints its admin URL. Stop it with tests/db/stop.sh DIR.
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
"${as_pg[@]}" "$bin/initdb" -D "$dir/pg/data" -U postgres --auth=trust -E UTF8 --no-sync >"$dir/pg/initdb.log"
# TLS with a self-signed certificate, as Debian's own clusters have, so TLS options can be tested.
openssl req -x509 -newkey rsa:2048 -nodes -days 7 -subj "/CN=127.0.0.1" \
  -keyout "$dir/pg/data/server.key" -out "$dir/pg/data/server.crt" >/dev/null 2>&1
chmod 600 "$dir/pg/data/server.key"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pg/data/server.key" "$dir/pg/data/server.crt"
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/pg/data" -w -l "$dir/pg/log" \
  -o "-p $port -k $dir/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c ssl=on" start >/dev/null
echo "postgres://postgres@127.0.0.1:$port/postgres"
