#!/usr/bin/env bash
# Failover drill: node1, which serves s1, freezes (SIGSTOP to all its processes: a long GC
# pause or a hung host) and resumes 30 s later. Passes when writes resume on another node while
# it is frozen and none is lost when it wakes up (it must find itself fenced).
set -euo pipefail
# shellcheck source=scripts/drill-lib.sh
. "$(dirname "$0")/drill-lib.sh"
fault() { "${compose[@]}" pause node1; }
repair() { "${compose[@]}" unpause node1; }
drill "node1 paused"
