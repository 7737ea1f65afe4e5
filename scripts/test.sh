#!/usr/bin/env bash
# Builds everything and runs every test against real servers (`make test` calls this after
# installing the packages). The test servers are started here and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== building (debug, with tests)"
swift build --build-tests
# 45 s of the SOAP envelope fuzzer (docs/protocol.md, "Fuzzing"); it prints its own steps.
scripts/fuzz.sh --seconds 45
echo "== the systemd units (scripts/check-systemd.sh)"
scripts/check-systemd.sh
echo "== logs to a real journald (scripts/check-journald.sh)"
scripts/check-journald.sh
echo "== the WSDL read by an independent SOAP client (Debian's python3-zeep)"
/usr/bin/python3 Tests/Python/test_wsdl.py
# The Ansible roles (lint, syntax, real idempotent runs) and docker-compose.yml (schema).
scripts/check-ansible.sh
scripts/check-compose.sh
# The directory suites start slapd and a Samba AD DC with blocking calls that hold threads of
# the shared concurrency pool for minutes; run on their own, they cannot starve the suites
# that measure timeouts (HTTP, cluster, node processes).
echo "== directory tests (real slapd, Samba AD DC, MariaDB)"
scripts/with-mariadb.sh swift test --skip-build --filter DirectoryTests
# The failover processes (three nodes, two routers, slapd) load both cores for a minute; on
# their own too, so that they do not stretch the timeouts other suites measure.
echo "== failover with real processes (IntegrationTests/FailoverProcessTests)"
swift test --skip-build --filter FailoverProcessTests
echo "== every other test (SQLite, MariaDB, S3 on moto, real processes)"
scripts/with-mariadb.sh scripts/with-moto.sh swift test --skip-build --skip DirectoryTests --skip FailoverProcessTests
# Issue 7: SIGKILL, partition, SIGSTOP of a serving node, slapd and MariaDB restarts under a
# write load, on network-namespace test hosts, blobs on S3 (moto_server) (docs/failover.md,
# "Drills"; about 2 minutes).
echo "== failover drills (scripts/drill-netns.sh)"
DRILL_BLOBS=s3 exec scripts/drill-netns.sh
