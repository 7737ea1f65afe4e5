# The node's and the routers' TOML, sourced by run.sh (which sets $work and the ports): one node
# serving s1 (the GetProps user's store) and s2 (the logon users') on SQLite with gossip, routers in proxy mode joined to its gossip. Logs at warning.

# The SQL directory on SQLite that the node and the routers share (sha512-crypt, as tessera dev).
directory_toml() {
  cat <<TOML
[directory]
backend = "sql"

[directory.sql]
database = "sqlite"
path = "$work/directory.sqlite"
password_scheme = "sha512"
TOML
}

node_toml() {
  cat <<TOML
[node]
name = "n1"
listen = "127.0.0.1:$node_port"
advertise_url = "http://127.0.0.1:$node_port/soap"
data_dir = "$work/n1"

[[server]]
name = "s1"
database = "sqlite:$work/s1.sqlite"
blobs = "$work/s1-blobs"

[[server]]
name = "s2"
database = "sqlite:$work/s2.sqlite"
blobs = "$work/s2-blobs"

[sessions]
key_file = "$work/session.keys"

[cluster]
bind = "127.0.0.1:$node_gossip"
key_file = "$work/cluster.keys"

$(directory_toml)

[provisioning]
interval = "1h"

[log]
level = "warning"
TOML
}

# router_toml NAME PORT GOSSIP_PORT POOL_SIZE [EVENT_LOOPS]
router_toml() {
  cat <<TOML
[router]
name = "$1"
listen = "127.0.0.1:$2"
$([ -n "${5:-}" ] && echo "event_loops = $5")

[cluster]
bind = "127.0.0.1:$3"
seeds = ["127.0.0.1:$node_gossip"]
key_file = "$work/cluster.keys"

$(directory_toml)

[upstream]
pool_size = $4

[limits]
max_connections = 12000

[log]
level = "warning"
TOML
}
