import Cluster

/// Everything `tessera router` is configured with: one TOML file (`[router]`, `[upstream]`,
/// `[cluster]`, `[directory]`, `[limits]`, `[metrics]`, `[health]`, `[log]`), every key
/// overridable by a `TESSERA_…` environment variable. docs/configuration.md lists every key.
public struct RouterConfiguration: Sendable {
    /// `[router]`.
    public var router: RouterSection
    /// `[upstream]`.
    public var upstream: UpstreamSection
    /// `[cluster]`: a router learns placement from gossip, so it is required.
    public var cluster: ClusterSection
    /// `[directory]`: to resolve a logon's user to a home server.
    public var directory: DirectorySection
    /// `[limits]`, `[metrics]`, `[health]`, `[log]`.
    public var operations: OperationsSections

    /// Parses, overrides from `environment` and checks a router configuration file's text.
    public init(parsing text: String, environment: ConfigEnvironment) throws(ConfigError) {
        self = try Self.decode(text: text, environment: environment)
    }

    /// Checks a parsed document, with the environment's overrides.
    public init(document: TOMLDocument, environment: ConfigEnvironment) throws(ConfigError) {
        self = try Self.decode(document, environment: environment)
    }

    /// The membership service's configuration, as a router member.
    public func clusterServiceConfiguration(version: String = "") -> ClusterServiceConfiguration {
        cluster.serviceConfiguration(
            name: router.name, role: .router, metadata: MemberMetadata(name: router.name, role: .router, version: version))
    }
}

extension RouterConfiguration: ProcessConfiguration {
    static let role = ProcessRole.router

    /// Every table and key of a router's file.
    public static let schema = TableSchema(
        "A router's configuration.",
        keys: [
            KeySpec("router", .table(RouterSection.schema), .required, "This router."),
            KeySpec("upstream", .table(UpstreamSection.schema), .defaulted(.table(TOMLTable())), "Connections to nodes."),
            KeySpec("cluster", .table(ClusterSection.schema), .required, "Cluster membership."),
            KeySpec("directory", .table(DirectorySection.schema), .required, "The user directory."),
        ] + OperationsSections.schemaKeys)

    init?(_ root: SectionReader) {
        let router = root.section("router").flatMap(RouterSection.init)
        let upstream = root.section("upstream").flatMap(UpstreamSection.init)
        let cluster = root.section("cluster").flatMap(ClusterSection.init)
        let directory = root.section("directory").flatMap(DirectorySection.init)
        let operations = OperationsSections(root)
        guard let router, let upstream, let cluster, let directory, let operations else { return nil }
        self.router = router
        self.upstream = upstream
        self.cluster = cluster
        self.directory = directory
        self.operations = operations
    }

    /// Lines for `tessera config check`.
    public var summary: [String] {
        [
            "router     \(router.name), listening on \(router.listen)\(router.tls == nil ? "" : " (TLS)"), mode \(router.mode.rawValue)",
            "upstream   \(upstream.poolSize) connections per node, response timeout \(upstream.responseTimeout.configText)",
            "cluster    \(cluster.summary)",
            "directory  \(directory.summary)",
        ]
    }
}
