#!/usr/bin/env bash
# The journal handler against a real systemd-journald (docs/deployment.md, "systemd", "Checks"),
# where none runs — a container: as root, in a private mount namespace with its own tmpfs on
# /run and /var/log/journal, starts systemd-journald by hand and runs JournaldEndToEndTests
# (the handler's entries read back with journalctl: fields, a multi-line value, a memfd), then
# a node whose standard error is the journal stream (JOURNAL_STREAM set the way systemd sets
# it) and queries its entries by field. Nothing outside the namespace is touched; journald
# ends with it. Needs the tests built (swift build --build-tests).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/scratch-node.sh
. scripts/scratch-node.sh
journald=/usr/lib/systemd/systemd-journald
[ "$(id -u)" = 0 ] || { echo "check-journald: run as root (a mount namespace and journald)" >&2; exit 1; }
if [ ! -x "$journald" ] || ! command -v journalctl >/dev/null; then
  echo "check-journald: systemd-journald or journalctl missing" >&2
  exit 1
fi
binary="${TESSERA_BINARY:-$(swift build --show-bin-path)/tessera}"
[ -x "$binary" ] || { echo "check-journald: no tessera binary at $binary (build first)" >&2; exit 1; }

if [ "${1:-}" != --inside ]; then exec unshare --mount --propagation private "$0" --inside; fi

mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /var/log/journal 2>/dev/null || true
mkdir -p /run/systemd/journal /run/log/journal
scratch="$(mktemp -d)"
"$journald" >"$scratch/journald.log" 2>&1 &
journald_pid=$!
trap 'kill "${node:-}" "$journald_pid" 2>/dev/null || true; rm -rf "$scratch"' EXIT
for _ in $(seq 50); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
[ -S /run/systemd/journal/socket ] || { cat "$scratch/journald.log"; echo "check-journald: journald did not start" >&2; exit 1; }

echo "-- JournaldEndToEndTests"
status=0
output="$(swift test --skip-build --filter JournaldEndToEndTests 2>&1)" || status=$?
echo "$output" | grep -E "✔|✘|skipped|Expectation" || true
if [ "$status" != 0 ] || echo "$output" | grep -q skipped; then
  echo "check-journald: JournaldEndToEndTests failed or skipped" >&2
  exit 1
fi

echo "-- a node under a journal stream"
port=$(( 20000 + RANDOM % 20000 ))
scratch_node_config "$scratch" n1 "$port"
# systemd-cat connects standard output and error to journald's stream socket but, unlike
# systemd, sets no JOURNAL_STREAM: a shell in between sets it to its standard error, then execs.
# shellcheck disable=SC2016 # expanded by that shell
systemd-cat -t tessera-stream sh -c 'JOURNAL_STREAM=$(stat -L -c %d:%i /proc/self/fd/2) exec "$0" node --config "$1"' \
  "$binary" "$scratch/node.toml" &
node=$!
for _ in $(seq 100); do
  journalctl -q --no-pager SYSLOG_IDENTIFIER=tessera MESSAGE=listening | grep -q . && break
  sleep 0.2
done
kill -TERM "$node"; wait "$node" || true
failed=0
entries="$(journalctl -q --no-pager -o verbose TESSERA_LABEL=tessera.node HTTP_ADDRESS="127.0.0.1:$port")"
echo "$entries" | grep -E "MESSAGE=|TESSERA_SOURCE=|_TRANSPORT=" | head -8
echo "$entries" | grep -q "MESSAGE=http server listening" || { echo "check-journald: no structured entry from the node" >&2; failed=1; }
echo "$entries" | grep -q "_TRANSPORT=journal" || failed=1
lines="$(journalctl -q --no-pager -t tessera-stream)"
[ -z "$lines" ] || { echo "check-journald: the node wrote lines to its standard error:" >&2; echo "$lines" >&2; failed=1; }
[ "$failed" = 0 ] && echo "check-journald: ok"
exit "$failed"
