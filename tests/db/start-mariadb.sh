#!/usr/bin/env bash
# Starts a throwaway MariaDB (from the Debian packages) in DIR on a free loopback port, root with an
# empty password, and prints its admin URL. Stop it with tests/db/stop.sh DIR.
set -euo pipefail
dir=$1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$dir/my"
user=$(id -un)
mariadb-install-db --no-defaults --datadir="$dir/my/data" --user="$user" \
  --auth-root-authentication-method=normal --skip-test-db >"$dir/my/install.log" 2>&1
# As root, mariadbd needs --user=root explicitly (toolchain.md).
mariadbd --no-defaults --datadir="$dir/my/data" --socket="$dir/my/sock" --port="$port" --bind-address=127.0.0.1 \
  --user="$user" --pid-file="$dir/my/pid" --log-error="$dir/my/err" --skip-log-bin \
  --innodb-flush-log-at-trx-commit=0 --max-connections=200 &
for _ in $(seq 100); do
  mariadb-admin --no-defaults -h 127.0.0.1 -P "$port" -uroot ping >/dev/null 2>&1 && break
  sleep 0.1
done
mariadb-admin --no-defaults -h 127.0.0.1 -P "$port" -uroot ping >/dev/null
echo "mysql://root@127.0.0.1:$port/mysql"
