#!/usr/bin/env bash
# Runs a command with a throwaway slapd configured the way Debian's slapd package configures a
# fresh install (its own /usr/share/slapd/slapd.init.ldif: cn=config, core/cosine/nis/
# inetorgperson, one mdb database and its base entry, root over ldapi:// with SASL EXTERNAL),
# but in a folder in /tmp and on an ldapi socket there only. Exports SLAPD_LDAPI_URI and
# SLAPD_BASE_DN to the command, then stops slapd and removes its files. Needs root (EXTERNAL
# as uid 0), slapd and ldap-utils. scripts/check-ansible.sh runs the directory role on it:
#   scripts/with-slapd.sh bash -c 'ldapsearch -Q -Y EXTERNAL -H "$SLAPD_LDAPI_URI" -b cn=config dn'
set -euo pipefail
template=/usr/share/slapd/slapd.init.ldif
[ -r "$template" ] || { echo "with-slapd.sh: $template missing (apt-get install slapd)" >&2; exit 1; }
base="dc=example,dc=com"
folder="$(mktemp -d /tmp/tessera-slapd.XXXXXX)"
pid=""
# slapd is this shell's child: wait for it after the signal, then remove its folder.
trap '[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }; rm -rf "$folder"' EXIT
mkdir -p "$folder/slapd.d" "$folder/db"
# What Debian's postinst substitutes, plus this folder instead of /var/lib/ldap and /run/slapd.
sed -e "s|@SUFFIX@|$base|g" -e "s|@PASSWORD@|$(slappasswd -s "$(head -c 12 /dev/urandom | base64)")|g" \
    -e "s|/var/lib/ldap|$folder/db|" -e "s|/var/run/slapd|$folder|g" "$template" >"$folder/init.ldif"
slapadd -q -n 0 -F "$folder/slapd.d" -l "$folder/init.ldif"
# The base entry, as the postinst makes it from slapd/domain and shared/organization.
printf 'dn: %s\nobjectClass: top\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n' \
  "$base" | slapadd -q -F "$folder/slapd.d" -b "$base"
socket="$folder/ldapi"
uri="ldapi://$(printf '%s' "$socket" | sed 's|/|%2F|g')"
slapd -d 0 -F "$folder/slapd.d" -h "$uri" >"$folder/slapd.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  ldapwhoami -Q -Y EXTERNAL -H "$uri" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$folder/slapd.log" >&2; exit 1; }
  sleep 0.05
done
export SLAPD_LDAPI_URI="$uri" SLAPD_BASE_DN="$base"
"$@"
