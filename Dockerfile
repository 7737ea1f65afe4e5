# Tessera's container image (docker-compose.yml; docs/deployment.md, "Docker Compose").
#   build    the Swift toolchain builds `tessera` (release, Swift runtime linked statically)
#   runtime  Debian slim with the C libraries the binary loads, a non-root user `tessera`
#   drill    python3 + zeep for the failover drills' load client (scripts/drill-*.sh)
ARG SWIFT_VERSION=6.3
ARG DEBIAN_RELEASE=bookworm

FROM swift:${SWIFT_VERSION}-${DEBIAN_RELEASE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends pkg-config libsqlite3-dev libmariadb-dev libldap-dev \
      libsasl2-dev libcrypt-dev libxml2-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product tessera --static-swift-stdlib \
 && install -D "$(swift build -c release --show-bin-path)/tessera" /out/tessera

FROM debian:${DEBIAN_RELEASE}-slim AS runtime
# What `ldd tessera` names besides libc: SQLite, MariaDB Connector/C, OpenLDAP, SASL, libxml2,
# libxcrypt (and through them OpenSSL, ICU, zlib); curl for the health checks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsqlite3-0 libmariadb3 libldap-2.5-0 libsasl2-2 \
      libxml2 libcrypt1 libstdc++6 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group --home-dir /var/lib/tessera --shell /usr/sbin/nologin tessera \
 && install -d -o tessera -g tessera -m 0750 /var/lib/tessera /etc/tessera/keys /srv/tessera
# Named volumes mounted on these folders start out owned by tessera.
COPY --from=build /out/tessera /usr/local/bin/tessera
USER tessera
WORKDIR /var/lib/tessera
ENTRYPOINT ["/usr/local/bin/tessera"]
CMD ["--help"]

FROM debian:${DEBIAN_RELEASE}-slim AS drill
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3-zeep \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --user-group drill
USER drill
