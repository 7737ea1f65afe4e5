# Tessera: the two commands are `make run` and `make test` (see README.md).
SWIFT ?= swift
# What building and running need, and what the tests need on top (Debian package names).
RUN_PACKAGES = pkg-config libsqlite3-dev libmariadb-dev libldap-dev libsasl2-dev libcrypt-dev libxml2-dev
TEST_PACKAGES = $(RUN_PACKAGES) mariadb-server mariadb-client openssl slapd ldap-utils python3-zeep python3-venv \
	samba-ad-dc samba samba-ad-provision systemd
DATA ?= tessera-data

.PHONY: run test deps test-deps build bench bench-soap bench-directory drill clean

## run: install what is missing, build, and start a local cluster (`tessera dev`: 3 nodes, a
## router, SQLite, demo users); Ctrl-C stops it.
run: deps build
	.build/debug/tessera dev --data $(DATA)/dev

## test: install what the tests need, start their servers and run every test.
test: test-deps
	scripts/test.sh

deps:
	scripts/install-packages.sh $(RUN_PACKAGES)

test-deps:
	scripts/install-packages.sh $(TEST_PACKAGES)

build:
	$(SWIFT) build

## bench: the benchmarks of benchmarks/README.md (release builds).
bench: test-deps
	benchmarks/run.sh

## bench-soap: the SOAP endpoint benchmark (benchmarks/README.md, "SOAP endpoint"; release build).
bench-soap: test-deps
	benchmarks/run.sh --soap

## bench-directory: the directory benchmarks (benchmarks/README.md, "Directory"; release build, own slapd).
bench-directory: test-deps
	benchmarks/directory/run.sh

## drill: the failover drills on network-namespace test hosts (docs/failover.md, "Drills";
## root; about 3 minutes; figures in benchmarks/README.md, "Failover drills").
drill: test-deps
	$(SWIFT) build --product tessera
	scripts/drill-netns.sh $(DRILL_ARGS)

clean:
	rm -rf .build $(DATA)
