# shellcheck shell=bash
# Sourced by the check scripts: a node configuration in a scratch folder (SQLite server and
# directory, a fresh session key), for a node started by hand.
#   scratch_node_config FOLDER NAME PORT   writes FOLDER/node.toml and FOLDER/session.keys
scratch_node_config() {
  local folder="$1" name="$2" port="$3"
  head -c 32 /dev/urandom | base64 >"$folder/session.keys"
  cat >"$folder/node.toml" <<TOML
[node]
name = "$name"
listen = "127.0.0.1:$port"
advertise_url = "http://127.0.0.1:$port/soap"
data_dir = "$folder/data"
[[server]]
name = "s1"
database = "sqlite:$folder/s1.sqlite"
blobs = "$folder/s1-blobs"
[sessions]
key_file = "$folder/session.keys"
[directory]
backend = "sql"
[directory.sql]
database = "sqlite"
path = "$folder/directory.sqlite"
TOML
}
