#!/usr/bin/env bash
# Failover drill: node1, which serves s1, loses the network (disconnected from the compose
# network: no gossip, no database, no clients) and is reconnected 30 s later. Passes when
# writes resume on another node meanwhile and none is lost after the partition heals.
set -euo pipefail
# shellcheck source=scripts/drill-lib.sh
. "$(dirname "$0")/drill-lib.sh"
network="tessera_cluster"
fault() { docker network disconnect "$network" "$(container node1)"; }
repair() { docker network connect --ip 172.28.0.11 --alias node1 "$network" "$(container node1)"; }
drill "node1 partitioned from the network"
