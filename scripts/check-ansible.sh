#!/usr/bin/env bash
# Checks the Ansible roles (docs/deployment.md, "Ansible"; scripts/test.sh calls it):
#   1. ansible-lint with the production profile, and ansible-playbook --syntax-check;
#   2. real runs on this machine, each applied twice, the second required to change nothing:
#      - the node and router roles into a scratch tessera_prefix, files only (no service user,
#        owners or systemd units), then `tessera config check` of the files they wrote;
#      - the database role on a throwaway MariaDB (scripts/with-mariadb.sh), no packages;
#      - the directory role on a throwaway slapd set up like Debian's (scripts/with-slapd.sh).
# Not exercised: package installs, systemd units, sysusers, file owners, remote hosts.
# ansible-core and ansible-lint come from PyPI (ansible/requirements-ci.txt) into .venv/ansible.
# The binary: TESSERA_BINARY, or .build/debug/tessera.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
binary="${TESSERA_BINARY:-$root/.build/debug/tessera}"
[ -x "$binary" ] || { echo "check-ansible: no tessera binary at $binary (swift build, or set TESSERA_BINARY)" >&2; exit 1; }
export venv="$root/.venv/ansible"
if ! cmp -s ansible/requirements-ci.txt "$venv/requirements-ci.txt"; then
  echo "== installing ansible-core and ansible-lint into .venv/ansible"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r ansible/requirements-ci.txt
  cp ansible/requirements-ci.txt "$venv/requirements-ci.txt"
fi
export PATH="$venv/bin:$PATH" ANSIBLE_NOCOLOR=1 NO_COLOR=1
cd ansible

echo "== ansible-lint (production profile)"
ansible-lint -q
echo "== ansible-playbook --syntax-check"
for playbook in site.yml tests/*.yml; do
  ansible-playbook --syntax-check -i inventories/example/hosts.yml "$playbook" >/dev/null
done

export scratch
scratch="$(mktemp -d /tmp/tessera-ansible.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
# twice PLAYBOOK [ARGS]: applies PLAYBOOK to localhost twice; the second run must change nothing.
twice() {
  local run
  for run in first second; do
    ansible-playbook -i localhost, -c local -e "ansible_python_interpreter=$venv/bin/python" "$@" \
      >"$scratch/$run.log" 2>&1 || { cat "$scratch/$run.log" >&2; echo "check-ansible: $1 failed ($run run)" >&2; return 1; }
  done
  local recap
  recap="$(grep -E '^localhost +:' "$scratch/second.log" | tr -s ' ')"
  echo "   $1, second run: ${recap#localhost : }"
  if ! grep -q ' changed=0 ' <<<"$recap"; then
    grep -E '^(TASK|changed)' "$scratch/second.log" | grep -B1 '^changed' >&2
    echo "check-ansible: $1 is not idempotent: its second run changed the tasks above" >&2
    return 1
  fi
}

echo "== the node and router roles, into a scratch prefix, twice"
prefix="$scratch/root"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -keyout "$scratch/tls.key" \
  -out "$scratch/tls.crt" 2>/dev/null
cat >"$scratch/vars.yml" <<YAML
tessera_prefix: $prefix
tessera_binary_src: $binary
tessera_cluster_keys: ["$("$binary" cluster keygen)"]
tessera_cluster_bind: 127.0.0.1:17946
tessera_directory_password: ldap secret
tessera_tls_certificate: |
$(sed 's/^/  /' "$scratch/tls.crt")
tessera_tls_private_key: |
$(sed 's/^/  /' "$scratch/tls.key")
node_name: n1
node_session_keys: ["$("$binary" cluster keygen)", "$("$binary" cluster keygen)"]
node_servers:
  - { name: s1, database: "sqlite:/var/lib/tessera/s1.sqlite", blobs: /var/lib/tessera/s1-blobs }
  - { name: s2, database: "mariadb://tessera@db.example.com/tessera_s2", database_password: db secret,
      blobs: /var/lib/tessera/s2-blobs, role: standby, max_connections: 4 }
node_logon: { max_user_failures: 7, window: 10m }
node_metrics: { listen: "127.0.0.1:9236" }
router_name: r1
router_upstream: { pool_size: 4, response_timeout: 180s }
YAML
twice tests/prefix.yml -e "@$scratch/vars.yml"
for file in node-n1.toml router.toml; do
  "$binary" config check "$prefix/etc/tessera/$file" | sed 's/^/   /'
done
for file in session.keys cluster.keys directory-password db-s2.password tls/tessera.key; do
  [ "$(stat -c %a "$prefix/etc/tessera/$file")" = 600 ] || { echo "check-ansible: $file is not mode 0600" >&2; exit 1; }
done

echo "== the database role, on a throwaway MariaDB, twice"
../scripts/with-mariadb.sh bash -c "$(declare -f twice); twice tests/database.yml"

echo "== the directory role, on a throwaway slapd, twice"
../scripts/with-slapd.sh bash -c "$(declare -f twice); twice tests/directory.yml"
echo "check-ansible: ok"
