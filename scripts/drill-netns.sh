#!/usr/bin/env bash
# Failover drills on network-namespace test hosts (issue 7; docs/failover.md, "Drills").
# Makes one host per process on a private bridge — MariaDB, slapd, moto_server, three nodes,
# two routers, each a network namespace with its own address — then runs
# Tests/Drills/failover_drill.py, which starts the processes there, drives a write load through
# the routers and injects the faults one at a time. Needs root, iproute2, mariadb-server,
# slapd, ldap-utils, moto_server and a built `tessera` (`swift build --product tessera`).
#   scripts/drill-netns.sh [failover_drill.py options, e.g. --faults kill:s1,mariadb --rounds 3]
# Environment: TESSERA (the binary; default .build/debug/tessera), DRILL_RESULTS (default
# .build/drills/results.json), DRILL_BLOBS=s3 (blob stores on moto_server), DRILL_KEEP=1 (keep
# the run's folder). Everything it made is removed on exit, and what a killed run left behind is
# removed before the next one starts.
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" = 0 ] || { echo "drill-netns.sh: needs root (network namespaces)" >&2; exit 2; }
for tool in ip mariadbd mariadb-install-db slapd slapadd ldapwhoami python3; do
  command -v "$tool" >/dev/null || { echo "drill-netns.sh: $tool missing (make test-deps)" >&2; exit 2; }
done
tessera="${TESSERA:-$PWD/.build/debug/tessera}"
[ -x "$tessera" ] || { echo "drill-netns.sh: $tessera missing: swift build --product tessera" >&2; exit 2; }
# moto_server: as given, else the one scripts/with-moto.sh installed (make test runs it first),
# else one on PATH.
moto="${MOTO_SERVER:-}"
[ -n "$moto" ] || { [ -x .venv/moto/bin/moto_server ] && moto="$PWD/.venv/moto/bin/moto_server"; } || true
[ -n "$moto" ] || moto="$(command -v moto_server || echo /root/.pyenv/shims/moto_server)"
if [ ! -x "$moto" ]; then
  [ "${DRILL_BLOBS:-files}" = files ] || { echo "drill-netns.sh: DRILL_BLOBS=s3 needs moto_server (pip install 'moto[server]')" >&2; exit 2; }
  echo "drill-netns.sh: no moto_server: the drill runs without an S3 host (blobs are shared folders)"
  moto=""
fi
results="${DRILL_RESULTS:-$PWD/.build/drills/results.json}"

# The hosts: name, last byte of the address. The root namespace is the client (10.78.0.1): the
# load and the checks run there, and no fault cuts it off.
prefix=tsdrill
bridge=tsdrillbr0
subnet=10.78.0
hosts=(db:10 ldap:11 s3:12 n1:21 n2:22 n3:23 r1:31 r2:32)

cleanup() {
  local host pids
  for entry in "${hosts[@]}"; do
    host="${entry%%:*}"
    if ip netns list | grep -qw "$prefix-$host"; then
      pids="$(ip netns pids "$prefix-$host" 2>/dev/null || true)"
      # shellcheck disable=SC2086
      [ -z "$pids" ] || { kill -CONT $pids 2>/dev/null || true; kill -KILL $pids 2>/dev/null || true; }
      ip netns del "$prefix-$host" 2>/dev/null || true
    fi
    ip link del "$prefix-$host" 2>/dev/null || true
  done
  ip link del "$bridge" 2>/dev/null || true
}

# One drill run at a time on this machine; a previous run that was killed left its hosts: remove them.
exec 9>/run/tessera-drill.lock
flock -n 9 || { echo "drill-netns.sh: another drill is running" >&2; exit 2; }
cleanup
folder="$(mktemp -d /tmp/tessera-drill.XXXXXX)"
finish() {
  local status=$?
  cleanup
  mkdir -p "$(dirname "$results")/logs"
  cp "$folder"/logs/*.log "$(dirname "$results")/logs/" 2>/dev/null || true
  if [ "${DRILL_KEEP:-0}" = 1 ]; then echo "drill-netns.sh: kept $folder"; else rm -rf "$folder"; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT TERM

ip link add "$bridge" type bridge
ip addr add "$subnet.1/24" dev "$bridge"
ip link set "$bridge" up
arguments="client=@$subnet.1"
for entry in "${hosts[@]}"; do
  host="${entry%%:*}" address="$subnet.${entry##*:}"
  ip netns add "$prefix-$host"
  ip link add "$prefix-$host" type veth peer name eth0 netns "$prefix-$host"
  ip link set "$prefix-$host" master "$bridge" up
  ip -n "$prefix-$host" addr add "$address/24" dev eth0
  ip -n "$prefix-$host" link set eth0 up
  ip -n "$prefix-$host" link set lo up
  arguments+=",$host=$prefix-$host@$address"
done

python3 Tests/Drills/failover_drill.py --hosts "$arguments" --tessera "$tessera" --folder "$folder" \
  --results "$results" --moto "$moto" "$@"
