#!/usr/bin/env bash
# The router benchmark (benchmarks/README.md, "Router"), in one run against one node:
#   1. GetProps at 64 and 1 keep-alive clients: straight to the node, through the Tessera router
#      (proxy mode) and through nginx (a plain reverse proxy), plus the router with its default
#      upstream pool at 64 clients;
#   2. Logons per second: straight to the node, through the router with a cold and a warm
#      directory cache;
#   3. the router's RSS (and nginx's) before, with and after 10,000 idle keep-alive connections.
# Node, routers, nginx, the load and the idle connections each run in a process of their own.
#
#   benchmarks/router/run.sh [--quick] [--users N]     (or: benchmarks/run.sh --router …)
#
#   --quick    short runs and fewer connections: checks that everything works, no figures
#   --users N  logon users to seed (default 15000; the cold run needs one per logon it makes)
#   --perf     record the router with perf during part 1 (call graphs too with PERF_CALL_GRAPH=1;
#              the data in benchmarks/.results/router-perf.data); the hottest symbols go to
#              benchmarks/.results/router-perf.txt
#   --compare BIN  also run part 1 through a router started from another build of
#              tessera-router-bench (row "router-compare"): a before/after of a router change
#
# Needs swift, nginx and curl (installed with scripts/install-packages.sh when missing) and a
# file limit of at least 10,500 (raised here up to the hard limit). About 6 minutes on 2 cores,
# the build not counted. The report goes to benchmarks/.results/router.md (not committed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
benchmarks="$(cd "$here/.." && pwd)"
repo="$(cd "$benchmarks/.." && pwd)"

quick=false
perf=false
compare=""
users=15000
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --users) users="$2"; shift ;;
    --perf) perf=true ;;
    --compare) compare="$2"; shift ;;
    *) echo "usage: benchmarks/router/run.sh [--quick] [--users N] [--perf] [--compare BIN]" >&2; exit 2 ;;
  esac
  shift
done
if $quick; then
  getprops_args=(--rounds 1 --warmup 1 --duration 2); logon_args=(--warmup 1 --duration 2); idle=1000; [ "$users" = 15000 ] && users=5000
else
  getprops_args=(); logon_args=(); idle=10000
fi

"$repo/scripts/install-packages.sh" nginx curl
$perf && "$repo/scripts/install-packages.sh" linux-perf
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((idle + 500)) ]; then
  echo "run.sh: $idle connections need a file limit of $((idle + 500)); ulimit -n is $(ulimit -n) (hard $(ulimit -Hn))" >&2
  exit 1
fi

echo "building tessera-router-bench (release)…" >&2
# SwiftPM can miss a source file newly added to the main package (a path dependency) until the
# manifest is read again ("cannot find … in scope"): touching it makes sure it is.
touch "$benchmarks/Package.swift"
swift build -c release --package-path "$benchmarks" --product tessera-router-bench >&2
bin="$(swift build -c release --package-path "$benchmarks" --show-bin-path)/tessera-router-bench"

work="$(mktemp -d "${TMPDIR:-/tmp}/tessera-router-bench.XXXXXX")"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME COMMAND…: runs a process in the background, its output in $work/NAME.log.
start() {
  local name="$1"; shift
  "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  eval "${name}_pid=$!"
}
# wait_port PORT NAME: until something accepts connections on 127.0.0.1:PORT.
wait_port() {
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "run.sh: $2 did not listen on port $1; its log:" >&2; cat "$work/$2.log" >&2; exit 1
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# The processes of the nginx instance: its master and the workers.
nginx_rss_kib() { local total=0 pid; for pid in "$nginx_pid" $(pgrep -P "$nginx_pid"); do total=$((total + $(rss_kib "$pid"))); done; echo $total; }
load_average() { cut -d' ' -f1-3 /proc/loadavg; }
# The busiest processes over the last second (top's second frame; ps would give lifetime averages).
busiest() { top -b -n 2 -d 1 -o %CPU -w 200 | awk '/^ *PID/ {frame++; next} frame == 2 && shown < 4 && NF {printf "%s%s %s%%", (shown++ ? ", " : ""), $12, $9}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f MiB", k / 1024}'; }

read -r node_port node_gossip router_port router_gossip pool16_port pool16_gossip nginx_port compare_port compare_gossip \
  loops1_port loops1_gossip <<<"$("$bin" ports --count 11)"
head -c 32 /dev/urandom | base64 >"$work/session.keys"
head -c 32 /dev/urandom | base64 >"$work/cluster.keys"
# shellcheck source=configs.sh
source "$here/configs.sh"
node_toml >"$work/node.toml"
router_toml router1 "$router_port" "$router_gossip" 64 >"$work/router.toml"
# The router under test runs the default, one event loop per core; row router-1loop runs one
# (router, node and load share the 2 cores: see README, "Router").
router_toml router2 "$pool16_port" "$pool16_gossip" 16 >"$work/router-pool16.toml"
router_toml router3 "$compare_port" "$compare_gossip" 64 >"$work/router-compare.toml"
router_toml router4 "$loops1_port" "$loops1_gossip" 64 1 >"$work/router-1loop.toml"
mkdir -p "$work/nginx"
sed -e "s|@WORK@|$work/nginx|g" -e "s|@PORT@|$nginx_port|g" -e "s|@NODE_PORT@|$node_port|g" "$here/nginx.conf" >"$work/nginx/nginx.conf"

echo "seeding $users users and their stores…" >&2
"$bin" prepare --node-config "$work/node.toml" --directory "$work/directory.sqlite" --users "$users" >&2
start node "$bin" node --config "$work/node.toml"
wait_port "$node_port" node
start router "$bin" router --config "$work/router.toml"
start pool16 "$bin" router --config "$work/router-pool16.toml"
start loops1 "$bin" router --config "$work/router-1loop.toml"
start nginx nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log"
wait_port "$router_port" router
wait_port "$pool16_port" pool16
wait_port "$loops1_port" loops1
wait_port "$nginx_port" nginx
targets="direct=$node_port,router=$router_port,nginx=$nginx_port"
# Whose CPU time counts per request: each proxy's process (nginx: master and workers) and the node's.
cpu="node=$node_pid,router=$router_pid,router-pool16=$pool16_pid,router-1loop=$loops1_pid,nginx=$(pgrep -P "$nginx_pid" | paste -sd+)+$nginx_pid"
if [ -n "$compare" ]; then
  start compare "$compare" router --config "$work/router-compare.toml"
  wait_port "$compare_port" compare
  targets+=",router-compare=$compare_port"
  cpu+=",router-compare=$compare_pid"
fi

mkdir -p "$benchmarks/.results"
out="$benchmarks/.results/router.md"
model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
{
  echo "## Router: run of $(date -u '+%Y-%m-%d %H:%M UTC') at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')$($quick && echo ' (--quick: no figures worth keeping)')"
  echo
  echo "- machine: $(nproc) cores ($model), $(free -g | awk '/^Mem:/ {print $2 " GiB"}') RAM, kernel $(uname -r); $(swift --version 2>&1 | head -1); $(nginx -v 2>&1)"
  echo "- load average before: $(load_average); busiest processes: $(busiest)"
  echo
  echo "### 1. GetProps"
  echo
} >"$out"
started=$(date +%s)

if $perf; then
  perf record -F 999 ${PERF_CALL_GRAPH:+-g} -p "$router_pid" -o "$benchmarks/.results/router-perf.data" >"$work/perf.log" 2>&1 &
  perf_pid=$!
fi
"$bin" getprops --targets "$targets" --extra "router-pool16=$pool16_port,router-1loop=$loops1_port" \
  --cpu "$cpu" "${getprops_args[@]}" --output "$out"
echo "- load average after part 1: $(load_average); busiest processes: $(busiest)" >>"$out"
# What went wrong at the router, if anything (its own counters).
faults="$(curl -s "http://127.0.0.1:$router_port/metrics" | grep -E '^tessera_router_(upstream_errors|routing_faults|retries|rejections)_total' \
  | awk '$2 > 0' | paste -sd ';' | sed 's/;/; /g' || true)"
echo "- the router's error counters after part 1: ${faults:-none}" >>"$out"
# How many requests took the short way (InlineForwardHandler) of all the session requests.
inline="$(curl -s "http://127.0.0.1:$router_port/metrics" | awk '
  /^tessera_router_inline_requests_total / {inline = $2}
  /^tessera_router_requests_total\{class="session"/ {session += $2}
  END {printf "%d of %d", inline, session}')"
echo "- session requests the router forwarded inline (on the event loop, without the connection's task): $inline" >>"$out"
if $perf; then
  kill -INT "$perf_pid"; wait "$perf_pid" || true
  perf report -i "$benchmarks/.results/router-perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep -v '^$' | head -120 \
    | swift demangle --simplified >"$benchmarks/.results/router-perf.txt" || true
  echo "perf: the router's hottest symbols are in benchmarks/.results/router-perf.txt" >&2
fi

printf '\n### 2. Logons\n\n' >>"$out"
"$bin" logons --node "$node_port" --router "$router_port" --users "$users" "${logon_args[@]}" --output "$out"
echo "- load average after part 2: $(load_average)" >>"$out"

# hold NAME PORT RSS-FUNCTION ARGUMENT: the RSS before, while $idle idle connections are open,
# and 3 s after they closed.
hold() {
  local before during after
  before=$($3 "$4")
  "$bin" hold --port "$2" --connections "$idle" --seconds 8 >"$work/hold-$1.log" 2>&1 &
  local holder=$!
  for _ in $(seq 600); do grep -q holding "$work/hold-$1.log" && break; sleep 0.1; done
  grep -q holding "$work/hold-$1.log" || { cat "$work/hold-$1.log" >&2; exit 1; }
  sleep 1
  during=$($3 "$4")
  [ "$1" = router ] && open=$(curl -s "http://127.0.0.1:$2/metrics" | awk '/^tessera_router_open_connections / {print $2}')
  wait "$holder"
  sleep 3
  after=$($3 "$4")
  echo "| $1 | $(mib "$before") | $(mib "$during") | $(mib "$after") | $(awk -v b="$before" -v d="$during" -v n="$idle" 'BEGIN {printf "%.1f KiB", (d - b) / n}') |" >>"$out"
}
{
  printf '\n### 3. Memory with %s idle keep-alive connections\n\n' "$idle"
  echo "| process | RSS before | RSS with the connections open | RSS 3 s after they closed | per connection |"
  echo "|---|---:|---:|---:|---:|"
} >>"$out"
hold router "$router_port" rss_kib "$router_pid"
hold nginx "$nginx_port" nginx_rss_kib ""
{
  echo
  echo "- the router's tessera_router_open_connections while held: ${open:-?} (the metrics request included)"
  echo "- load average after: $(load_average); busiest processes: $(busiest); parts 1–3 took $(($(date +%s) - started)) s"
} >>"$out"
cat "$out"
