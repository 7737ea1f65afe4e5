# shellcheck shell=bash
# The failover drills' common part, sourced by scripts/drill-*.sh (docs/deployment.md,
# "Docker Compose"). A drill defines fault() and repair() and calls `drill WHAT`, which:
#   1. starts the compose cluster (built from this checkout) and waits until it is healthy;
#   2. runs the load client (deploy/compose/drill/load.py in the `drill` container): alice,
#      homed on s1 (served by node1), writes an item every 0.1 s through router1 (router2
#      when router1 does not answer) for DRILL_SECONDS (60);
#   3. calls fault() after DRILL_FAULT_AT seconds (15) and repair() at DRILL_REPAIR_AT (45);
#   4. reports what the writes saw (deploy/compose/drill/report.py) and exits 0 only if they
#      resumed before the repair, with no acknowledged write lost.
# Needs docker with the compose plugin, and python3 on the host for the report.
set -euo pipefail
cd "$(dirname "$0")/.."
compose=(docker compose --file docker-compose.yml)
seconds="${DRILL_SECONDS:-60}"
fault_at="${DRILL_FAULT_AT:-15}"
repair_at="${DRILL_REPAIR_AT:-45}"

# The container of a compose service.
container() { "${compose[@]}" ps --quiet "$1"; }

drill() {
  local what="$1" log fault_time repair_time load
  docker compose version >/dev/null 2>&1 || { echo "drill: needs docker with the compose plugin" >&2; exit 2; }
  echo "== starting the cluster (docker compose up --build --wait)"
  "${compose[@]}" up --detach --build --wait
  "${compose[@]}" --profile drill build drill >/dev/null
  log="$(mktemp /tmp/tessera-drill.XXXXXX)"
  echo "== load: alice writes through the routers for ${seconds}s; the fault at ${fault_at}s: $what"
  "${compose[@]}" --profile drill run --rm --no-deps -T drill python3 /drill/load.py \
    --routers http://router1:8236/soap,http://router2:8236/soap --user alice:demo --seconds "$seconds" >"$log" &
  load=$!
  sleep "$fault_at"
  fault_time="$(date +%s.%N)"
  echo "== fault: $what"
  fault
  sleep "$((repair_at - fault_at))"
  repair_time="$(date +%s.%N)"
  echo "== repair"
  repair
  wait "$load" || { echo "drill: the load client failed; its log: $log" >&2; exit 1; }
  echo "== what the writes saw (log: $log)"
  if python3 deploy/compose/drill/report.py "$log" "$fault_time" "$repair_time"; then
    echo "drill passed: $what"
  else
    echo "drill failed: $what"
    echo "(automatic failover is not implemented yet: the node drills pass once it lands)"
    return 1
  fi
}
