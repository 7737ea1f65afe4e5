import Cluster
import Config
import Database
import Directory
import Foundation
import HTTP
import Logging
import MAPI
import SOAP
import ServiceLifecycle

/// A node assembled from its configuration (ARCHITECTURE §1): the servers it serves (their
/// engines, after taking ownership), the directory behind a cache, the session machinery, the
/// SOAP service and its HTTP endpoint. A swift-service-lifecycle `Service`: `tessera node` runs
/// it in a `ServiceGroup` that shuts it down on SIGTERM or SIGINT; tests run one in-process in a
/// group of their own and shut it down with `triggerGracefulShutdown()`.
public final class NodeProcess: Service, Sendable {
    public let configuration: NodeConfiguration
    public let http: HTTPServer
    public let service: SOAPService
    /// Membership and placement gossip; nil for a node without `[cluster]`.
    public let cluster: ClusterService?
    let servers: [LocalServer]
    /// Directory sync of each served server, by server name (lower case).
    public let provisioners: [String: StoreProvisioner]
    let executor: BlockingExecutor
    let directory: DirectoryHandle
    let notifications: NotificationHub
    let logger: Logger

    /// Opens every server whose role is `serve` (taking ownership; a crashed writer's leftovers
    /// are recovered) and builds the services; nothing listens until ``run()``. A node that is
    /// never run must be ``close()``d.
    public init(configuration: NodeConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        let node = configuration.node
        executor = BlockingExecutor(name: "store", threadCount: max(4, ProcessInfo.processInfo.activeProcessorCount * 2))
        directory = try await DirectoryHandle.open(configuration.directory, logger: logger)

        var servers: [LocalServer] = []
        for section in configuration.servers where section.role == .serve {
            let engine = try Self.openEngine(section, node: node.name, logger: logger)
            servers.append(LocalServer(engine: engine, revocations: ServerRevocations(engine: engine, executor: executor)))
        }
        self.servers = servers
        let names = servers.map(\.name)
        let cluster = try configuration.clusterServiceConfiguration(version: TesseraVersion.current).map {
            try ClusterService(configuration: $0, logger: logger)
        }
        self.cluster = cluster
        let view: any ClusterView & ServerPlacement = cluster.map { ClusterPlacement(cluster: $0, servers: names) }
            ?? StandaloneClusterView(node: node.name, url: node.advertiseURL, servers: names)
        let placement: any ServerPlacement = view
        let homes = HomeServers(servers, placement: placement, directory: directory.cached)
        let authority = SessionTokenAuthority(
            keyring: try SessionKeyring(keys: configuration.sessions.keys.rawKeys),
            lifetime: configuration.sessions.lifetime.seconds, allowedClockSkew: configuration.sessions.allowedClockSkew.seconds)
        let logons = LogonService(
            directory: directory.cached, authority: authority, servers: homes, executor: executor,
            rateLimits: configuration.logon.policy, logger: logger)
        let gate = SessionGate(authority: authority, directory: directory.cached, servers: homes, logger: logger)
        let engines = servers.map(\.engine)
        let executor = self.executor
        let cached = directory.cached
        provisioners = Dictionary(
            servers.map { server in
                let provisioner = StoreProvisioner(
                    engine: server.engine, directory: cached, defaultServer: nil, executor: executor, logger: logger)
                return (server.name.lowercased(), provisioner)
            }, uniquingKeysWith: { first, _ in first })
        let hub = NotificationHub { store throws(MAPIError) in
            try await executor.runBlocking { () throws(MAPIError) in try Self.changeCursor(of: store, engines) }
        }
        notifications = hub
        service = SOAPService(
            servers: servers, sessions: NodeSessions(logons: logons, gate: gate),
            notifications: StoreNotifications(hub: hub, executor: executor), directory: directory.cached,
            cluster: view, executor: executor,
            configuration: SOAPServiceConfiguration(nodeName: node.name), logger: logger)

        var http = HTTPServerConfiguration(
            host: node.listen.host, port: node.listen.port,
            tls: node.tls.map { HTTPServerTLS(certificateChainPath: $0.certificateFile, privateKeyPath: $0.privateKeyFile) },
            limits: configuration.operations.limits.serverLimits)
        http.rejectionResponse = SOAPRejections.response(for:)
        let admin = AdminEndpoint(
            provisioners: provisioners, signature: AdminSignature(keys: configuration.sessions.keys.rawKeys),
            maximumOrphanShare: configuration.provisioning.maximumOrphanShare)
        let metrics = NodeMetrics()
        let monitoring = configuration.operations
        let responder = NodeHTTPResponder(
            service: service, advertisedURL: node.advertiseURL, admin: admin, metrics: metrics,
            metricsPath: monitoring.metrics.enabled ? monitoring.metrics.path : nil, trustedProxies: Set(node.trustedProxies)
        ) { [servers] in Self.health(of: servers) }
        self.http = try HTTPServer(configuration: http, responder: responder, logger: logger)
        metrics.collect(http: self.http, cluster: cluster, directory: directory.cached, servers: servers, hub: hub)
    }

    /// The long-running parts: the HTTP endpoint, the periodic directory sync, and the cluster membership with this node's
    /// ownership announcements when there is a cluster.
    public var services: [any Service] {
        var services: [any Service] = [
            http,
            ProvisioningService(
                provisioners: Array(provisioners.values), interval: configuration.provisioning.interval,
                maximumOrphanShare: configuration.provisioning.maximumOrphanShare, logger: logger),
        ]
        if let cluster {
            services.append(cluster)
            services.append(OwnershipAnnouncer(cluster: cluster, engines: servers.map(\.engine), logger: logger))
        }
        return services
    }

    /// Serves until cancelled or shut down gracefully (requests in flight are answered first),
    /// then closes what the node opened. Logs the bound address once it listens.
    public func run() async throws {
        defer { close() }
        // A service group of its own: it shuts down gracefully when this service is asked to.
        let services = ServiceGroup(configuration: .init(services: self.services.map { .init(service: $0) }, logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            group.addTask {
                guard let address = try? await self.http.boundAddress() else { return }
                self.logger.notice("listening", metadata: ["address": "\(address)", "url": "\(self.configuration.node.advertiseURL)"])
            }
            try await group.waitForAll()
        }
    }

    /// GetNotifications long polls waiting now.
    public var waitingPolls: Int { notifications.waiterCount() }

    /// Stops the threads and connections the node opened (``run()`` does it on its way out).
    public func close() {
        executor.shutdown()
        directory.close()
    }

    /// Ready when every served server's database still names this node the owner.
    static func health(of servers: [LocalServer]) -> NodeHealth {
        NodeHealth(
            problems: servers.filter { $0.engine.ownershipEpoch == nil }.map { "server \($0.name) is fenced" },
            servers: servers.map(\.name))
    }

    private static func openEngine(_ section: ServerSection, node: String, logger: Logger) throws -> StoreEngine {
        if let path = section.sqlitePath {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        let engine = try StoreEngine(
            database: section.database.makePool(maximumConnections: section.maximumConnections),
            blobs: BlobStoreFactory.open(section, node: node, logger: logger),
            configuration: StoreEngineConfiguration(serverName: section.name, nodeName: node), logger: logger)
        try engine.claimOwnership()
        logger.notice("serving", metadata: ["server": "\(section.name)", "epoch": "\(engine.ownershipEpoch ?? 0)"])
        return engine
    }

    /// The change counter of `store`, from whichever served server holds it.
    private static func changeCursor(of store: GUID, _ engines: [StoreEngine]) throws(MAPIError) -> Int64 {
        for engine in engines {
            do {
                return try engine.changeCursor(of: store)
            } catch where error.code == .notFound {
                continue
            }
        }
        throw MAPIError(.notFound, "no served server holds store \(store)")
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`.
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
