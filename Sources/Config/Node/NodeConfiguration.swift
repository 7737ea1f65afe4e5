import Cluster

/// Everything `tessera node` is configured with: one TOML file (`[node]`, `[[server]]`,
/// `[sessions]`, `[logon]`, `[cluster]`, `[directory]`, `[provisioning]`, `[failover]`, `[limits]`,
/// `[metrics]`, `[health]`, `[log]`), every key overridable by a `TESSERA_…` environment
/// variable. docs/configuration.md lists every key.
///
/// Build it with ``init(parsing:environment:)``; a file with problems throws a
/// ``ConfigError`` that lists all of them with their key path and line.
public struct NodeConfiguration: Sendable {
    /// `[node]`.
    public var node: NodeSection
    /// `[[server]]`: the servers this node serves or stands by for.
    public var servers: [ServerSection]
    /// `[sessions]`.
    public var sessions: SessionsSection
    /// `[logon]`.
    public var logon: LogonSection
    /// `[cluster]`; nil = a single node without gossip.
    public var cluster: ClusterSection?
    /// `[directory]`.
    public var directory: DirectorySection
    /// `[provisioning]`.
    public var provisioning: ProvisioningSection
    /// `[failover]`.
    public var failover: FailoverSection
    /// `[limits]`, `[metrics]`, `[health]`, `[log]`.
    public var operations: OperationsSections

    /// Parses, overrides from `environment` and checks a node configuration file's text.
    public init(parsing text: String, environment: ConfigEnvironment) throws(ConfigError) {
        self = try Self.decode(text: text, environment: environment)
    }

    /// Checks a parsed document, with the environment's overrides.
    public init(document: TOMLDocument, environment: ConfigEnvironment) throws(ConfigError) {
        self = try Self.decode(document, environment: environment)
    }

    /// The membership service's configuration, with this node's metadata (SOAP URL and the
    /// servers it can reach); nil without `[cluster]`.
    public func clusterServiceConfiguration(version: String = "") -> ClusterServiceConfiguration? {
        cluster?.serviceConfiguration(
            name: node.name, role: .node,
            metadata: MemberMetadata(name: node.name, role: .node, soapEndpoint: node.advertiseURL,
                                     serversReachable: servers.map(\.name), version: version))
    }
}

extension NodeConfiguration: ProcessConfiguration {
    static let role = ProcessRole.node

    /// Every table and key of a node's file.
    public static let schema = TableSchema(
        "A node's configuration.",
        keys: [
            KeySpec("node", .table(NodeSection.schema), .required, "This node."),
            KeySpec("server", .tables(ServerSection.schema, count: 1...1_000), .required, "The servers it may serve."),
            KeySpec("sessions", .table(SessionsSection.schema), .required, "Session tokens."),
            KeySpec("logon", .table(LogonSection.schema), .defaulted(.table(TOMLTable())), "Logon rate limits."),
            KeySpec("cluster", .table(ClusterSection.schema), .optional, "Cluster membership; without it the node runs alone."),
            KeySpec("directory", .table(DirectorySection.schema), .required, "The user directory."),
            KeySpec("provisioning", .table(ProvisioningSection.schema), .defaulted(.table(TOMLTable())), "Store provisioning."),
            KeySpec("failover", .table(FailoverSection.schema), .defaulted(.table(TOMLTable())), "Failback after a failover."),
        ] + OperationsSections.schemaKeys)

    init?(_ root: SectionReader) {
        let node = root.section("node").flatMap(NodeSection.init)
        let serverReaders = root.elements("server")
        let servers = serverReaders.map(ServerSection.init)
        let sessions = root.section("sessions").flatMap(SessionsSection.init)
        let logon = root.section("logon").flatMap(LogonSection.init)
        let clusterReader = root.section("cluster")
        let cluster = clusterReader.flatMap(ClusterSection.init)
        let directory = root.section("directory").flatMap(DirectorySection.init)
        let provisioning = root.section("provisioning").flatMap(ProvisioningSection.init)
        let failover = root.section("failover").flatMap(FailoverSection.init)
        let operations = OperationsSections(root)
        let validServers = servers.compactMap { $0 }
        if validServers.count == servers.count { ServerSection.checkDistinct(validServers, serverReaders) }
        guard let node, !validServers.isEmpty, validServers.count == servers.count, let sessions, let logon,
              clusterReader == nil || cluster != nil, let directory, let provisioning, let failover, let operations
        else { return nil }
        self.node = node
        self.servers = validServers.map { $0.resolvingStaging(dataDirectory: node.dataDirectory) }
        self.sessions = sessions
        self.logon = logon
        self.cluster = cluster
        self.directory = directory
        self.provisioning = provisioning
        self.failover = failover
        self.operations = operations
    }

    /// Lines for `tessera config check`.
    public var summary: [String] {
        var lines = [
            "node       \(node.name), listening on \(node.listen)\(node.tls == nil ? "" : " (TLS)"), advertised as \(node.advertiseURL)",
        ]
        for server in servers {
            lines.append("server     \(server.name) (\(server.role.rawValue)): \(server.database.summary), blobs \(server.blobStore.summary)")
        }
        lines.append("sessions   \(sessions.keys), tokens valid \(sessions.lifetime.configText)")
        lines.append("cluster    " + (cluster?.summary ?? "none (single node)"))
        if cluster != nil {
            lines.append("failover   failback \(failover.failback.rawValue)" + (failover.failback == .auto ? " after \(failover.failbackAfter.configText)" : ""))
        }
        lines.append("directory  \(directory.summary)")
        return lines
    }
}

extension Duration {
    /// `8h`, `90s`, `250ms`.
    var configText: String {
        let (seconds, attoseconds) = components
        return QuantityText.describe(seconds: Double(seconds) + Double(attoseconds) / 1e18)
    }
}
