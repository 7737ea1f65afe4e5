extension ConfigExample {
    static let routerText = preamble.replacingOccurrences(
        of: "TESSERA_NODE__LISTEN=0.0.0.0:8236   TESSERA_SERVER__0__BLOBS=/srv/blobs",
        with: "TESSERA_ROUTER__LISTEN=0.0.0.0:8237  TESSERA_ROUTER__MODE=redirect") + """

        #
        # A router: clients connect here; it finds each user's serving node through the
        # directory (home server) and the cluster (who serves it), and forwards.

        [router]
        name = "router1"                                 # unique in the cluster
        listen = "0.0.0.0:237"
        mode = "proxy"                                   # "redirect": answer with the node's URL
        # event_loops = 2                                 # threads; default one per core

        [router.tls]
        cert_file = "/etc/tessera/tls/router1.crt"
        key_file = "/etc/tessera/tls/router1.key"

        [upstream]
        pool_size = 16                                   # idle keep-alive connections per node and event loop
        connect_timeout = "5s"
        response_timeout = "150s"                        # above the nodes' 120 s long polls
        idle_timeout = "60s"
        ca_file = "/etc/ssl/certs/example-ca.pem"        # CAs of the nodes' certificates

        [cluster]
        bind = "0.0.0.0:7946"
        advertise = "10.0.0.21:7946"                     # needed with a wildcard bind
        seeds = ["10.0.0.11:7946", "10.0.0.12:7946", "10.0.0.13:7946"]
        key_file = "/etc/tessera/cluster.keys"

        [directory]
        backend = "ldap"

        [directory.ldap]
        preset = "openldap"
        uris = ["ldaps://ldap1.example.com", "ldaps://ldap2.example.com"]
        ca_file = "/etc/ssl/certs/example-ca.pem"
        base_dn = "dc=example,dc=com"
        bind = "simple"
        bind_dn = "cn=tessera-router,ou=services,dc=example,dc=com"
        bind_password_file = "/etc/tessera/ldap-password"

        # The router asks the directory for a user's home server on every logon; the cache
        # keeps that cheap and answers stale while the directory is down.
        [directory.cache]
        ttl = 600
        negative_ttl = 60
        stale_ttl = 86400
        max_entries = 1000000
        stale_authentication = false                     # logons still need the directory

        """ + operationsText(maxConnections: 50_000, metricsListen: "# listen = \"127.0.0.1:9237\"                      # a separate listener for metrics and health")
}
