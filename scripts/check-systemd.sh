#!/usr/bin/env bash
# Checks deploy/systemd (scripts/test.sh runs it after the build; docs/deployment.md, "systemd"):
#  1. `systemd-analyze verify` on each unit. It refuses a unit whose ExecStart binary does not
#     exist, and CI has no /usr/local/bin/tessera: the units are copied to a scratch folder with
#     that path replaced by the built binary (TESSERA_BINARY, or the debug build). Unknown or
#     misspelt keys are only warnings there, so any output at all fails the check.
#  2. `systemd-analyze security --offline`: the exposure score, which must stay at or below 2.0.
#  3. The sysusers.d and tmpfiles.d snippets, applied to a scratch root (--root): they parse,
#     and the user and directories come out as the units expect.
#  4. MemoryDenyWriteExecute=yes: a node started under the kernel's own form of it
#     (prctl PR_SET_MDWE, Linux 6.3 or later) must answer /health — the Swift runtime or a
#     library that wanted writable executable memory would crash it. Skipped, saying so, on
#     older kernels.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/scratch-node.sh
. scripts/scratch-node.sh
units=deploy/systemd
binary="${TESSERA_BINARY:-$(swift build --show-bin-path)/tessera}"
[ -x "$binary" ] || { echo "check-systemd: no tessera binary at $binary (build first)" >&2; exit 1; }
command -v systemd-analyze >/dev/null || { echo "check-systemd: systemd-analyze missing (Debian package systemd; make test-deps)" >&2; exit 1; }
scratch="$(mktemp -d)"
trap 'kill "${node:-}" 2>/dev/null || true; rm -rf "$scratch"' EXIT
failed=0

echo "-- systemd-analyze verify (ExecStart -> $binary)"
for unit in "$units"/*.service; do
  copy="$scratch/$(basename "$unit")"
  sed "s|/usr/local/bin/tessera|$(realpath "$binary")|g" "$unit" >"$copy"
  output="$(systemd-analyze verify --man=no "$copy" 2>&1)" || failed=1
  if [ -n "$output" ]; then
    echo "$output"
    failed=1
  fi
  echo "$(basename "$unit"): $([ -z "$output" ] && echo ok || echo FAILED)"
done

echo "-- systemd-analyze security --offline (exposure at most 2.0)"
for copy in "$scratch"/*.service; do
  if ! systemd-analyze security --offline=yes --threshold=20 "$copy" 2>&1 | grep "Overall exposure"; then
    echo "$(basename "$copy"): exposure above 2.0 (run systemd-analyze security --offline=yes on it)"
    failed=1
  fi
done

echo "-- sysusers.d and tmpfiles.d in a scratch root"
# Installed where the documentation says, then applied as on a host (--root: only there).
root="$scratch/root"
mkdir -p "$root/etc" "$root/usr/lib/sysusers.d" "$root/usr/lib/tmpfiles.d"
cp "$units/sysusers.d/tessera.conf" "$root/usr/lib/sysusers.d/"
cp "$units/tmpfiles.d/tessera.conf" "$root/usr/lib/tmpfiles.d/"
systemd-sysusers --root="$root" tessera.conf 2>&1 || failed=1
systemd-tmpfiles --root="$root" --create tessera.conf || failed=1
# Ids from the scratch root's files (this host may give them other names).
uid="$(awk -F: '$1 == "tessera" { print $3 }' "$root/etc/passwd")"
gid="$(awk -F: '$1 == "tessera" { print $3 }' "$root/etc/group")"
if [ -n "$uid" ] && [ -n "$gid" ]; then
  echo "sysusers: user tessera ($uid), group tessera ($gid)"
else
  echo "sysusers: no user or group tessera"
  failed=1
fi
for expected in "etc/tessera 750 0:$gid root:tessera" "var/lib/tessera 750 $uid:$gid tessera:tessera"; do
  set -- $expected
  found="$(stat -c "%a %u:%g" "$root/$1" 2>/dev/null || echo missing)"
  if [ "$found" = "$2 $3" ]; then
    echo "tmpfiles: /$1 $2 $4"
  else
    echo "tmpfiles: /$1 is $found, should be $2 $4"
    failed=1
  fi
done

echo "-- MemoryDenyWriteExecute: a node under PR_SET_MDWE"
if [ "$(/usr/bin/python3 -c 'import ctypes; print(ctypes.CDLL(None, use_errno=True).prctl(66, 0, 0, 0, 0))')" -lt 0 ]; then
  echo "skipped: this kernel has no PR_SET_MDWE (Linux 6.3 or later)"
else
  port="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  scratch_node_config "$scratch" mdwe "$port"
  # PR_SET_MDWE (65) with PR_MDWE_REFUSE_EXEC_GAIN (1), then exec: the setting survives execve
  # (a writable and executable mmap then fails with EACCES, as under systemd's seccomp form).
  /usr/bin/python3 -c '
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
if libc.prctl(65, 1, 0, 0, 0) != 0: sys.exit("prctl(PR_SET_MDWE): errno %d" % ctypes.get_errno())
os.execv(sys.argv[1], sys.argv[1:])' "$binary" node --config "$scratch/node.toml" >"$scratch/node.log" 2>&1 &
  node=$!
  answered=""
  for _ in $(seq 1 300); do
    if /usr/bin/python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
      "http://127.0.0.1:$port/health" 2>/dev/null; then answered=yes; break; fi
    kill -0 "$node" 2>/dev/null || break
    sleep 0.2
  done
  if [ -n "$answered" ]; then
    echo "a node under PR_SET_MDWE answers /health"
  else
    echo "a node under PR_SET_MDWE did not answer /health:"
    tail -20 "$scratch/node.log"
    failed=1
  fi
  kill "$node" 2>/dev/null || true
  wait "$node" 2>/dev/null || true
fi

[ "$failed" -eq 0 ] && echo "check-systemd: ok" || { echo "check-systemd: FAILED" >&2; exit 1; }
