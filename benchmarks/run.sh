#!/usr/bin/env bash
# Tessera store engine benchmarks, one command: builds tessera-bench in release, starts a
# throwaway MariaDB server (scripts/with-mariadb.sh, as the tests use), runs
# the suite on SQLite and on MariaDB, and prints the machine and the results (markdown).
#
#   benchmarks/run.sh [--quick] [--no-profile] [--no-durable]
#   benchmarks/run.sh --soap [--quick]
#
#   --quick       small loops: checks that everything runs, gives no figures worth keeping
#   --no-profile  leave out the statement profile (where the store's time goes)
#   --no-durable  leave out the extra MariaDB pass with innodb_flush_log_at_trx_commit=1
#   --soap        instead of the store suite, the SOAP endpoint benchmark (tessera-soap-bench:
#                 a node on SQLite, GetProps / QueryRows / CreateItem beside the minimal HTTP
#                 responder at 1, 16 and 64 connections, in-process and in a child process, and
#                 memory with 10,000 logged-on sessions; about 8 minutes, needs no MariaDB)
#
# The report is also written to benchmarks/.results/latest.md (soap.md for --soap; not committed). Needs: swift,
# pkg-config, libsqlite3-dev, libmariadb-dev, mariadb-server, mariadb-client (`make bench`
# installs them). Runs in about 10 minutes on 2 cores, the build not counted.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# benchmarks/run.sh --router [--quick] [--users N]: the router benchmark instead
# (benchmarks/router/run.sh: node, router and nginx under GetProps and Logon load; memory).
if [ "${1:-}" = --router ]; then shift; exec "$here/router/run.sh" "$@"; fi
recipe="$repo/scripts/with-mariadb.sh"

bench_args=()
profile=--profile
backends="sqlite,mariadb,mariadb-durable"
product=tessera-bench
for argument in "$@"; do
  case "$argument" in
    --quick) bench_args+=(--quick) ;;
    --no-profile) profile="" ;;
    --no-durable) backends="sqlite,mariadb" ;;
    --soap) product=tessera-soap-bench ;;
    *) echo "usage: benchmarks/run.sh [--quick] [--no-profile] [--no-durable] | --soap [--quick]" >&2; exit 2 ;;
  esac
done
[ -n "$profile" ] && [ "$product" = tessera-bench ] && bench_args+=("$profile")

tools=(swift)
[ "$product" = tessera-bench ] && tools+=(mariadbd mariadb-install-db mariadb)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (make bench installs what is needed)" >&2; exit 1; }
done

echo "building $product (release)…" >&2
swift build -c release --package-path "$here" --product "$product" >&2
bin="$(swift build -c release --package-path "$here" --show-bin-path)/$product"


# Other work on the machine skews the figures: name the busiest processes before and after, and
# time a synchronous 4 KiB write in the temp dir (what a checkpoint or a durable commit waits for;
# on a shared virtual disk it varies a lot with the neighbours' I/O).
busiest() { ps -eo pcpu=,comm= --sort=-pcpu | head -4 | awk '{printf "%s%s %s%%", (NR>1 ? ", " : ""), $2, $1}'; }
sync_write() {
  local file t0 t1
  file="$(mktemp "${TMPDIR:-/tmp}/tessera-bench-sync.XXXXXX")"
  t0=$(date +%s%N)
  dd if=/dev/zero of="$file" bs=4k count=100 oflag=dsync status=none
  t1=$(date +%s%N)
  rm -f "$file"
  awk -v ns=$((t1 - t0)) 'BEGIN {printf "%.2f ms", ns / 100 / 1e6}'
}

mkdir -p "$here/.results"
out="$here/.results/latest.md"
[ "$product" = tessera-soap-bench ] && out="$here/.results/soap.md"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//; s/\..*//') MHz"
ram="$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
tmp="${TMPDIR:-/tmp}"
disk="$(df -hT "$tmp" | awk 'NR==2 {print $2 " on " $1 ", " $3 " total"}')"
{
  echo "## Run of $(date -u '+%Y-%m-%d %H:%M UTC') at $(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo
  echo "- machine: $(nproc) cores ($cpu), $ram RAM, kernel $(uname -r); temp dir $tmp: $disk"
  echo "- $(swift --version 2>&1 | head -1)"
  [ "$product" = tessera-bench ] && echo "- $(mariadbd --version)"
  echo "- load average before: $(cut -d' ' -f1-3 /proc/loadavg); busiest processes: $(busiest); synchronous 4 KiB write: $(sync_write)"
  echo
} >"$out"

started=$(date +%s)
if [ "$product" = tessera-soap-bench ]; then
  "$bin" "${bench_args[@]}" --output "$out.part"
else
# The test server is sized for tests (128 MiB buffer pool): with the suite's ~200 MiB of data
# MariaDB would read pages back from disk and the figures would measure the disk. The buffer pool
# is resized at run time to hold everything (a production server is sized to its working set).
# Its innodb_flush_log_at_trx_commit=0 stays; the mariadb-durable pass sets it to 1.
# shellcheck disable=SC2016
bash "$recipe" bash -c '
  mariadb --no-defaults --socket="$MARIADB_SOCKET" -uroot -e "SET GLOBAL innodb_buffer_pool_size = 512 * 1024 * 1024"
  exec "$@"' inner "$bin" --backends "$backends" "${bench_args[@]}" --output "$out.part"
fi
cat "$out.part" >>"$out"
rm -f "$out.part"
{
  echo "- load average after: $(cut -d' ' -f1-3 /proc/loadavg); busiest processes: $(busiest); synchronous 4 KiB write: $(sync_write); suite took $(( $(date +%s) - started )) s"
} >>"$out"
cat "$out"
