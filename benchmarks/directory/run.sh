#!/usr/bin/env bash
# Directory benchmarks: builds tessera-directory-bench (release), starts a throwaway slapd on
# 127.0.0.1 (mdb, Tessera's schema, 2,000 users and 200 groups loaded with slapadd), runs the
# measurements of benchmarks/README.md ("Directory") and stops slapd.
#   benchmarks/directory/run.sh [--seconds S] [--concurrency C] [--users N]
# Needs slapd ldap-utils libldap-dev (make test-deps).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repository="$(cd "$here/../.." && pwd)"
users=2000
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = "--users" ] && users="${args[$((i + 1))]}"; done
base="dc=example,dc=test"

echo "== building tessera-directory-bench (release)" >&2
swift build -c release --package-path "$here" >&2
bench="$(swift build -c release --package-path "$here" --show-bin-path)/tessera-directory-bench"

folder="$(mktemp -d /tmp/tessera-bench-slapd.XXXXXX)"
pid=""
stop() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$folder"
}
trap stop EXIT
port=""
for _ in $(seq 50); do
  port=$((20000 + RANDOM % 30000))
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
mkdir -p "$folder/db"
cat >"$folder/slapd.conf" <<CONF
include      /etc/ldap/schema/core.schema
include      /etc/ldap/schema/cosine.schema
include      /etc/ldap/schema/nis.schema
include      /etc/ldap/schema/inetorgperson.schema
include      $repository/deploy/ldap/tessera.schema
modulepath   /usr/lib/ldap
moduleload   back_mdb
pidfile      $folder/slapd.pid
sizelimit    500
database     mdb
maxsize      1073741824
suffix       "$base"
rootdn       "cn=admin,$base"
rootpw       adminpw
directory    $folder/db
index        objectClass eq
index        uid,mail,tesseraAlias,member,entryUUID,cn eq
access to attrs=userPassword by self write by anonymous auth by * none
access to * by * read
CONF
"$bench" ldif --base "$base" --users "$users" --groups 200 >"$folder/data.ldif"
slapadd -q -f "$folder/slapd.conf" -l "$folder/data.ldif"
slapd -d 0 -f "$folder/slapd.conf" -h "ldap://127.0.0.1:$port/" >"$folder/slapd.log" 2>&1 &
pid=$!
for _ in $(seq 200); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$folder/slapd.log" >&2; exit 1; }
  sleep 0.05
done
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); slapd $(slapd -VV 2>&1 | grep -o 'slapd [0-9.]*' | head -1 | cut -d' ' -f2); $(swift --version 2>/dev/null | head -1)" 
"$bench" run --uri "ldap://127.0.0.1:$port" --base "$base" "$@"
