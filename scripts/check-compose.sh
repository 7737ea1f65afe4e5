#!/usr/bin/env bash
# Checks docker-compose.yml without a container engine (docs/deployment.md, "Docker Compose";
# scripts/test.sh calls it):
#   1. against the Compose Specification's JSON schema (the copy check-jsonschema ships as
#      vendor.compose-spec), with check-jsonschema from PyPI in .venv/compose;
#   2. every local file it names (bind mounts, secrets, the build's Dockerfile and targets)
#      exists;
#   3. each node's and router's configuration, with that container's TESSERA_ variables, passes
#      `tessera config check` (its key and password files pointed at scratch copies).
# Not checked: that images build or containers start (no engine here), the drills themselves.
# The binary: TESSERA_BINARY, or .build/debug/tessera.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${TESSERA_BINARY:-$PWD/.build/debug/tessera}"
[ -x "$binary" ] || { echo "check-compose: no tessera binary at $binary (swift build, or set TESSERA_BINARY)" >&2; exit 1; }
venv="$PWD/.venv/compose"
requirement="check-jsonschema==0.39.0"
if [ "$(cat "$venv/requirement" 2>/dev/null)" != "$requirement" ]; then
  echo "== installing $requirement into .venv/compose"
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$requirement"
  echo "$requirement" >"$venv/requirement"
fi

echo "== docker-compose.yml against the Compose Specification schema"
"$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec docker-compose.yml

echo "== files, Dockerfile targets and tessera configurations of docker-compose.yml"
scratch="$(mktemp -d /tmp/tessera-compose.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT
"$binary" cluster keygen >"$scratch/cluster.keys"
"$binary" cluster keygen >"$scratch/session.keys"
echo secret >"$scratch/password"
TESSERA_BINARY="$binary" SCRATCH="$scratch" "$venv/bin/python" - <<'PYTHON'
import os, re, subprocess, sys
from ruamel.yaml import YAML

compose = YAML(typ="safe").load(open("docker-compose.yml"))
problems = []
targets = set(re.findall(r"(?im)^FROM\s+\S+\s+AS\s+(\S+)", open("Dockerfile").read()))
for name, secret in compose.get("secrets", {}).items():
    if not os.path.isfile(secret["file"]):
        problems.append("secret %s: no file %s" % (name, secret["file"]))
scratch = os.environ["SCRATCH"]
# Inside a container the secrets and keys are at these paths; here, at scratch copies.
redirect = {
    "TESSERA_CLUSTER__KEY_FILE": scratch + "/cluster.keys",
    "TESSERA_DIRECTORY__LDAP__BIND_PASSWORD_FILE": scratch + "/password",
}
for name, service in compose["services"].items():
    build = service.get("build")
    if build and build.get("target") not in targets:
        problems.append("%s: the Dockerfile has no stage %s" % (name, build.get("target")))
    mounts = {}
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source.startswith("./"):
            if not os.path.exists(source):
                problems.append("%s: no file %s" % (name, source))
            mounts[target] = source
    command = service.get("command") or []
    if command[:1] in (["node"], ["router"]):
        config = mounts[command[command.index("--config") + 1]]
        env = {k: v for k, v in os.environ.items() if not k.startswith("TESSERA_")}
        env.update({k: str(v) for k, v in service.get("environment", {}).items()}, **redirect)
        if command[0] == "node":
            env["TESSERA_SESSIONS__KEY_FILE"] = scratch + "/session.keys"
            env.update({"TESSERA_SERVER__%d__DATABASE_PASSWORD_FILE" % i: scratch + "/password" for i in range(3)})
        check = subprocess.run([os.environ["TESSERA_BINARY"], "config", "check", "--role", command[0], config],
                               env=env, capture_output=True, text=True)
        if check.returncode != 0:
            problems.append("%s: tessera config check %s:\n%s" % (name, config, check.stderr.strip()))
        else:
            print("   %s: %s ok" % (name, config))
for problem in problems:
    print("check-compose:", problem, file=sys.stderr)
sys.exit(1 if problems else 0)
PYTHON
echo "check-compose: ok"
