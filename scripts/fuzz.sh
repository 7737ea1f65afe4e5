#!/usr/bin/env bash
# Builds the SOAP envelope fuzzer (fuzz/, libFuzzer with AddressSanitizer) and runs it for a
# bounded time on a copy of the seed corpus (docs/protocol.md, "Fuzzing").
#   scripts/fuzz.sh [--seconds N] [--work DIR] [--build-only] [-- extra libFuzzer options]
# Exits non-zero on any finding (crash, trap, sanitizer report, timeout, out of memory) and
# prints the path of the saved input (fuzz/findings/) with the command that replays it.
# The committed corpus (fuzz/corpus/soap-envelope) is never written to: new inputs go to a
# working corpus, seeded from it, that is removed afterwards, unless --work names a folder to
# keep it in (for a long session whose finds are then merged, docs/protocol.md "Fuzzing").
set -euo pipefail

seconds=30
work=""
build_only=0
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --work) work="$(realpath -m "$2")"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: scripts/fuzz.sh [--seconds N] [--work DIR] [--build-only] [-- libFuzzer options]" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")/.."

# `--sanitize fuzzer` makes SwiftPM keep the executable's entry point `main` for libFuzzer (it
# renames it otherwise) and instruments the C targets; `-sanitize=fuzzer,address` in one flag
# is what the Swift modules need (of two -sanitize= flags swiftc keeps only the last).
echo "== building the SOAP envelope fuzzer (release, libFuzzer + AddressSanitizer)"
swift build --package-path fuzz -c release --sanitize fuzzer \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
fuzzer="$(swift build --package-path fuzz -c release --show-bin-path)/soap-envelope-fuzzer"
[ "$build_only" = 1 ] && exit 0

scratch="$(mktemp -d /tmp/tessera-fuzz.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
if [ -z "$work" ]; then work="$scratch/corpus"; fi
mkdir -p "$work"
cp fuzz/corpus/soap-envelope/* "$work/"
findings="$PWD/fuzz/findings"
mkdir -p "$findings"
started="$scratch/started"
touch "$started"

echo "== fuzzing the SOAP envelope decoder for ${seconds} s"
# Traps go straight to libFuzzer (the Swift backtracer would take seconds per crash);
# AddressSanitizer symbolises its reports with the toolchain's llvm-symbolizer.
status=0
SWIFT_BACKTRACE=enable=no \
ASAN_SYMBOLIZER_PATH="$(dirname "$(command -v swift)")/llvm-symbolizer" \
  "$fuzzer" "$work" \
  -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=8192 \
  -dict=fuzz/soap.dict -artifact_prefix="$findings/" -print_final_stats=1 \
  ${extra[@]+"${extra[@]}"} || status=$?

if [ "$status" != 0 ]; then
  echo "== FUZZ FINDING (exit status $status); saved input:" >&2
  find "$findings" -type f -newer "$started" -print | while read -r file; do
    echo "   $file" >&2
    echo "   replay: SWIFT_BACKTRACE=enable=no $fuzzer $file" >&2
  done
  exit 1
fi
echo "== no findings"
