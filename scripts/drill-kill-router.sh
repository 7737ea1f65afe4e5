#!/usr/bin/env bash
# Failover drill: router1 dies (SIGKILL) and comes back 30 s later. The load client, like a
# client behind DNS with two routers, turns to router2; passes when writes go on through it
# (routers hold no state, so this one should pass today).
set -euo pipefail
# shellcheck source=scripts/drill-lib.sh
. "$(dirname "$0")/drill-lib.sh"
fault() { "${compose[@]}" kill router1; }
repair() { "${compose[@]}" start router1; }
drill "router1 killed (SIGKILL)"
