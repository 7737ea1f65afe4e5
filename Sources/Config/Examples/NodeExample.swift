extension ConfigExample {
    static let nodeText = preamble + """

        #
        # A node on the embedded default: its servers in SQLite files, users in the SQL
        # directory (also SQLite; manage them with `tessera directory user add …`). Right for
        # one host; for several nodes use MariaDB and LDAP (node-mariadb-ldap.example.toml).

        [node]
        name = "node1"                                   # unique in the cluster
        listen = "0.0.0.0:236"                           # the SOAP listener
        advertise_url = "http://node1.example.com:236/soap"   # the URL others reach it at
        data_dir = "/var/lib/tessera"                    # the node's own state

        # TLS of the listener (PEM files); without this table it speaks plain HTTP.
        # [node.tls]
        # cert_file = "/etc/tessera/tls/node1.crt"
        # key_file = "/etc/tessera/tls/node1.key"

        # One [[server]] table per server this node may serve. A server is a database and a
        # blob store; its name is what the directory stores as users' home server.
        [[server]]
        name = "s1"
        database = "sqlite:/var/lib/tessera/s1.sqlite"
        blobs = "/var/lib/tessera/s1-blobs"              # or "s3://BUCKET[/PREFIX]" with the s3_* keys
        # s3_endpoint = "http://127.0.0.1:9000"          # S3 blobs (docs/storage.md, "Blob stores")
        # s3_style = "path"
        # s3_access_key_file = "/etc/tessera/s3-access-key"
        # s3_secret_key_file = "/etc/tessera/s3-secret"
        role = "serve"                                   # "standby": only on failover
        max_connections = 8

        [sessions]
        # Session keys, base64, one a line, 32 bytes or more (`openssl rand -base64 32`).
        # The first signs, all verify; the same file on every node.
        key_file = "/etc/tessera/session.keys"
        lifetime = "8h"
        clock_skew = "60s"

        [logon]
        max_user_failures = 5                            # per login within `window`
        max_address_failures = 20                        # per client address within `window`
        window = "5m"
        max_total_failures = 3000                        # all users together; 0: no cap

        # Cluster membership; leave it out to run a single node.
        # [cluster]
        # bind = "0.0.0.0:7946"
        # advertise = "10.0.0.11:7946"
        # seeds = ["10.0.0.12:7946", "10.0.0.13:7946"]
        # key_file = "/etc/tessera/cluster.keys"         # `tessera cluster keygen`

        [directory]
        backend = "sql"                                  # "sql" | "ldap" | "unix"

        [directory.sql]
        database = "sqlite"
        path = "/var/lib/tessera/directory.sqlite"
        password_scheme = "yescrypt"                     # or "sha512"
        max_connections = 4

        [directory.cache]
        ttl = 300                                        # seconds a found user is trusted
        negative_ttl = 60                                # seconds a "no such user" is trusted
        stale_ttl = 3600                                 # served stale this long while the backend is down
        max_entries = 100000
        stale_authentication = false

        [provisioning]
        interval = "5m"                                  # directory sync
        max_orphan_share = 0.05                          # more orphans than this waits for an operator

        """ + operationsText(metricsListen: "# listen = \"127.0.0.1:9236\"                      # a separate listener for metrics and health")
}
