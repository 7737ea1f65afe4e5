#!/usr/bin/env bash
# Runs a command with a throwaway MariaDB server: a fresh data folder in /tmp, mariadbd on a
# Unix socket and 127.0.0.1 on a free port (TLS with a test CA), root with an empty
# password. Exports MARIADB_SOCKET, MARIADB_PORT, MARIADB_TLS_CA and MARIADB_TLS_WRONG_CA to the command, then stops the server and removes its files.
#   scripts/with-mariadb.sh swift test
set -euo pipefail
# A port nothing listens on (another test server may be running), unless one is asked for.
port="${MARIADB_PORT:-}"
if [ -z "$port" ]; then
  for _ in $(seq 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
fi
folder="$(mktemp -d /tmp/tessera-mariadb.XXXXXX)"
pid=""
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$folder"
}
trap stop EXIT
mariadb-install-db --no-defaults --datadir="$folder/data" --user="$(id -un)" \
  --auth-root-authentication-method=normal --skip-test-db >"$folder/install.log" 2>&1 \
  || { cat "$folder/install.log" >&2; exit 1; }
# A test CA and a server certificate for 127.0.0.1, so that the TLS tests run too; and a second
# CA that did not sign it, for the refusal test.
tls="$folder/tls"
mkdir -p "$tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tessera test CA" \
  -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Tessera wrong CA" \
  -keyout "$tls/wrong-ca.key" -out "$tls/wrong-ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls/san.ext"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
  -extfile "$tls/san.ext" -out "$tls/server.pem" 2>/dev/null
# Durability is not what the tests measure: no fsync per commit keeps them fast.
mariadbd --no-defaults --user="$(id -un)" --datadir="$folder/data" --socket="$folder/mysqld.sock" \
  --port="$port" --bind-address=127.0.0.1 --pid-file="$folder/mariadbd.pid" --log-error="$folder/error.log" \
  --skip-name-resolve --innodb-buffer-pool-size=128M --innodb-log-file-size=32M --skip-log-bin \
  --innodb-flush-log-at-trx-commit=0 --max-connections=500 \
  --ssl-ca="$tls/ca.pem" --ssl-cert="$tls/server.pem" --ssl-key="$tls/server.key" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do
  mariadb-admin --no-defaults --socket="$folder/mysqld.sock" -uroot ping >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$folder/error.log" >&2; exit 1; }
  sleep 0.05
done
mariadb --no-defaults --socket="$folder/mysqld.sock" -uroot -e \
  "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;"
export MARIADB_SOCKET="$folder/mysqld.sock" MARIADB_PORT="$port"
export MARIADB_TLS_CA="$tls/ca.pem" MARIADB_TLS_WRONG_CA="$tls/wrong-ca.pem"
"$@"
