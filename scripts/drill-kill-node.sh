#!/usr/bin/env bash
# Failover drill: node1, which serves s1 (alice's home), dies at once (SIGKILL) and comes back
# 30 s later. Passes when alice's writes resume on a standby node before node1 is back.
# Settings and report: scripts/drill-lib.sh.
set -euo pipefail
# shellcheck source=scripts/drill-lib.sh
. "$(dirname "$0")/drill-lib.sh"
fault() { "${compose[@]}" kill node1; }
repair() { "${compose[@]}" start node1; }
drill "node1 killed (SIGKILL)"
