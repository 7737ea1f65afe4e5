import Directory
import Logging
import NIOSSL
import SOAP
import Telemetry

/// What every client connection of a router shares: settings, the routing policy, placement,
/// directory, upstream pool, metrics. One per router.
final class RouterCore: Sendable {
    let settings: RouterSettings
    let policy: RoutingPolicy
    let placement: PlacementCache
    let directory: any UserDirectory
    let directoryStatus = DirectoryStatus()
    let pool: UpstreamPool
    let registry: MetricsRegistry
    let metrics: RouterMetrics
    let logger: Logger

    init(
        settings: RouterSettings, placement: PlacementCache, directory: any UserDirectory, registry: MetricsRegistry, logger: Logger
    ) throws {
        self.settings = settings
        policy = RoutingPolicy(metricsPath: settings.metricsPath, healthPath: settings.healthPath, peekLimit: settings.peekBytes)
        self.placement = placement
        self.directory = directory
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        tls.certificateVerification = .fullVerification
        if let caFile = settings.upstreamCAFile { tls.trustRoots = .file(caFile) }
        pool = UpstreamPool(settings: .init(
            poolSize: settings.upstreamPoolSize, connectTimeout: settings.upstreamConnectTimeout,
            idleTimeout: settings.upstreamIdleTimeout, responseTimeout: settings.upstreamResponseTimeout,
            tls: try NIOSSLContext(configuration: tls)))
        self.registry = registry
        metrics = RouterMetrics(registry: registry)
        self.logger = logger
        placement.whenNodesGo { [pool, logger] endpoints in
            let closed = pool.abandon(endpoints)
            if closed > 0 {
                logger.notice(
                    "closed the connections to nodes gossip declared gone",
                    metadata: ["router.nodes": "\(endpoints.map(\.description).sorted())", "router.connections": "\(closed)"])
            }
        }
    }

    /// Health now.
    func health() -> RouterHealth {
        RouterHealth(nodes: placement.current.nodes.count, directoryError: directoryStatus.error)
    }

    /// Where a Logon for `login` goes: the user's home server, the default server, or (for a
    /// login the directory does not know) any node, which answers it like a wrong password.
    func logonTarget(login: String) async throws(RouterFault) -> RouteTarget {
        let user: DirectoryUser?
        do {
            user = try await directory.resolve(login)
            directoryStatus.succeeded()
        } catch {
            directoryStatus.failed(error)
            logger.warning("directory lookup failed", metadata: ["directory.error": "\(error)"])
            throw .directoryUnavailable
        }
        guard let user else { return .anyNode }
        if let home = user.homeServer, !home.isEmpty { return .server(home) }
        if let fallback = settings.defaultServer { return .server(fallback) }
        throw .noHomeServer
    }

    /// Where a request goes, as the placement says now.
    func select(_ target: RouteTarget, key: String) async -> PlacementView.Selection {
        switch target {
        case .server(let server):
            return await placement.select(server: server)
        case .anyNode:
            if let node = placement.current.anyNode(key: key) { return .node(node) }
            if let node = await placement.refresh().anyNode(key: key) { return .node(node) }
            return .unavailable("no node is known")
        }
    }
}

/// Where a request is routed to.
enum RouteTarget: Sendable, Hashable {
    /// The node serving this server.
    case server(String)
    /// Any node.
    case anyNode
}
