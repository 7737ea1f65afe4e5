#!/usr/bin/env bash
# Runs a command with a throwaway S3 server (moto_server, from PyPI into .venv/moto, pinned in
# scripts/requirements-moto.txt) on 127.0.0.1 and a free port, in the manner of
# ../shared/scripts/moto-s3-throwaway.sh. moto checks SigV4 signatures here: an IAM user with
# an access key and an s3:* policy is made while authentication is still off, then it is
# switched on, so every request of the tests must be signed right (scripts/moto-server.py starts
# it, with moto's canonical query string fixed). Exports to the command:
#   MOTO_S3_ENDPOINT (http://127.0.0.1:PORT), MOTO_S3_BUCKET (an existing bucket),
#   MOTO_S3_ACCESS_KEY, MOTO_S3_SECRET_KEY
# then stops the server.
#   scripts/with-moto.sh swift test --skip-build --filter S3
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv/moto"
if ! cmp -s "$root/scripts/requirements-moto.txt" "$venv/requirements-moto.txt"; then
  echo "== installing moto[server] into .venv/moto" >&2
  rm -rf "$venv"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/scripts/requirements-moto.txt"
  cp "$root/scripts/requirements-moto.txt" "$venv/requirements-moto.txt"
fi
port="${MOTO_PORT:-}"
if [ -z "$port" ]; then
  for _ in $(seq 50); do
    port=$(( 20000 + RANDOM % 30000 ))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
fi
log="$(mktemp /tmp/tessera-moto.XXXXXX.log)"
"$venv/bin/python" "$root/scripts/moto-server.py" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
pid=$!
stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$log"
}
trap stop EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 300); do
  (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.05
done
# The user, its key and its bucket; then authentication on (reset-auth 0: from now on every
# request is checked against IAM, signature included).
credentials="$(MOTO_S3_ENDPOINT="$endpoint" "$venv/bin/python" - <<'PY'
import json, os, urllib.request
import boto3
endpoint = os.environ["MOTO_S3_ENDPOINT"]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="tessera")
policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
iam.put_user_policy(UserName="tessera", PolicyName="s3", PolicyDocument=json.dumps(policy))
key = iam.create_access_key(UserName="tessera")["AccessKey"]
request = urllib.request.Request(endpoint + "/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"})
urllib.request.urlopen(request).read()
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
s3.create_bucket(Bucket="tessera-test")
print(key["AccessKeyId"], key["SecretAccessKey"])
PY
)" || { cat "$log" >&2; exit 1; }
read -r access secret <<<"$credentials"
export MOTO_S3_ENDPOINT="$endpoint" MOTO_S3_BUCKET="tessera-test" MOTO_S3_ACCESS_KEY="$access" MOTO_S3_SECRET_KEY="$secret"
"$@"
