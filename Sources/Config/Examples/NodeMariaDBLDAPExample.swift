extension ConfigExample {
    static let nodeMariaDBLDAPText = preamble + """

        #
        # A production node: two servers on MariaDB (it serves s1 and stands by for s2),
        # users from OpenLDAP, TLS, and a three-node cluster.

        [node]
        name = "node1"
        listen = "0.0.0.0:237"
        advertise_url = "https://node1.example.com:237/soap"
        data_dir = "/var/lib/tessera"

        [node.tls]
        cert_file = "/etc/tessera/tls/node1.crt"
        key_file = "/etc/tessera/tls/node1.key"

        [[server]]
        name = "s1"
        # mariadb://USER@HOST[:PORT]/DATABASE[?socket=PATH]; the password stays out of the URL.
        database = "mariadb://tessera@db1.example.com:3306/tessera_s1"
        database_password_file = "/etc/tessera/db-password"
        # A folder of content-addressed files; on NFS, every node that may serve s1 mounts it.
        blobs = "/srv/tessera/s1-blobs"
        role = "serve"
        max_connections = 16

        [[server]]
        name = "s2"
        database = "mariadb://tessera@db2.example.com/tessera_s2"
        database_password_file = "/etc/tessera/db-password"
        # Blobs in S3 (or MinIO, Ceph, …): any node with these keys can serve s2.
        blobs = "s3://tessera-blobs/s2"                  # s3://BUCKET[/PREFIX]
        s3_endpoint = "https://s3.eu-central-1.amazonaws.com"
        s3_region = "eu-central-1"
        s3_style = "virtual-host"                        # or "path" (MinIO, Ceph)
        s3_access_key_file = "/etc/tessera/s3-access-key"
        s3_secret_key_file = "/etc/tessera/s3-secret"
        # s3_ca_file = "/etc/tessera/tls/s3-ca.pem"      # a private CA of an https endpoint
        s3_multipart_threshold = "16 MiB"                # larger blobs go up in parts
        s3_part_size = "8 MiB"
        blob_staging = "/var/lib/tessera/staging/s2"     # local; data waits here until uploaded
        role = "standby"                                 # takes s2 over when its node dies
        max_connections = 16

        [sessions]
        key_file = "/etc/tessera/session.keys"
        lifetime = "8h"
        clock_skew = "60s"

        [logon]
        max_user_failures = 5
        max_address_failures = 20
        window = "5m"
        max_total_failures = 3000

        [cluster]
        bind = "10.0.0.11:7946"                          # an IP literal; 0.0.0.0 needs `advertise`
        seeds = ["10.0.0.12:7946", "10.0.0.13:7946"]
        key_file = "/etc/tessera/cluster.keys"

        [directory]
        backend = "ldap"

        [directory.ldap]
        preset = "openldap"                              # "openldap" | "kopano" | "ad"
        uris = ["ldap://ldap1.example.com", "ldap://ldap2.example.com"]
        tls = "startTLS"
        ca_file = "/etc/ssl/certs/example-ca.pem"
        base_dn = "dc=example,dc=com"
        user_base_dn = "ou=people,dc=example,dc=com"
        group_base_dn = "ou=groups,dc=example,dc=com"
        server_base_dn = "ou=servers,dc=example,dc=com"
        bind = "simple"                                  # "anonymous" | "simple" | "sasl-external"
        bind_dn = "cn=tessera,ou=services,dc=example,dc=com"
        bind_password_file = "/etc/tessera/ldap-password"
        network_timeout = 3
        operation_timeout = 10
        page_size = 500
        max_connections = 4
        max_auth_connections = 4

        # Any key of the preset's attribute map, by name:
        [directory.ldap.attributes]
        loginAttributes = "uid,mail"                     # logon by address too

        [directory.cache]
        ttl = 300
        negative_ttl = 60
        stale_ttl = 3600
        max_entries = 100000
        stale_authentication = false

        [provisioning]
        interval = "5m"
        max_orphan_share = 0.05

        # After a failover a server stays with the node that took it over until
        # `tessera admin failover SERVER --to NODE` (manual), or returns here by itself once
        # this node has been healthy for failback_after (auto). docs/failover.md.
        [failover]
        failback = "manual"
        failback_after = "5m"

        """ + operationsText(metricsListen: "listen = \"127.0.0.1:9236\"                        # metrics and health off the public port")
}
