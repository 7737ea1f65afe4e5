/// The commented example configurations that `tessera config example NAME` prints and that
/// `deploy/config/NAME.example.toml` holds (a test keeps the files equal to these texts and
/// checks that each loads without a problem).
public enum ConfigExample: String, CaseIterable, Sendable {
    /// A node on the embedded default: SQLite servers and the SQL directory on SQLite.
    case node
    /// A production node: MariaDB servers, an LDAP directory, TLS, a cluster.
    case nodeMariaDBLDAP = "node-mariadb-ldap"
    /// A router in front of the nodes.
    case router

    /// The process the example is for.
    public var role: ProcessRole {
        self == .router ? .router : .node
    }

    /// `node.example.toml`, … under `deploy/config/`.
    public var fileName: String { "\(rawValue).example.toml" }

    /// The example's text.
    public var text: String {
        switch self {
        case .node: Self.nodeText
        case .nodeMariaDBLDAP: Self.nodeMariaDBLDAPText
        case .router: Self.routerText
        }
    }

    /// The header every example starts with: how to check it and override keys.
    static let preamble = """
        # Check with `tessera config check FILE`; docs/configuration.md lists every key.
        # Every key can be overridden by an environment variable: TESSERA_ + the key's path,
        # parts upper-cased and joined by two underscores, array elements by number:
        #   TESSERA_NODE__LISTEN=0.0.0.0:8236   TESSERA_SERVER__0__BLOBS=/srv/blobs
        # Secrets (passwords, keys) are given as files (`*_file`) and never printed.
        """

    /// `[limits]` to `[log]`, with which every example ends.
    static func operationsText(maxConnections: Int = 10_000, metricsListen: String) -> String {
        """

        [limits]
        max_body = "4 MiB"
        max_header = "16 KiB"
        header_timeout = "10s"
        body_timeout = "60s"
        idle_timeout = "75s"
        max_connections = \(maxConnections)

        [metrics]
        enabled = true
        path = "/metrics"
        \(metricsListen)

        [health]
        path = "/health"

        [log]
        level = "info"                                   # trace | debug | info | notice | warning | error | critical
        target = "auto"                                  # journal under systemd (structured fields), else stderr

        """
    }
}
