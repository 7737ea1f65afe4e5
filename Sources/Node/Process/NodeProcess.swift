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

/// A node assembled from its configuration (ARCHITECTURE §1): the servers it may serve (their
/// engines: those it serves hold the ownership epoch, the others stand by for failover, see
/// docs/failover.md), the directory behind a cache, the session machinery, the
/// SOAP service and its HTTP endpoint. A swift-service-lifecycle `Service`: `tessera node` runs
/// it in a `ServiceGroup` that shuts it down on SIGTERM or SIGINT; tests run one in-process in a
/// group of their own and shut it down with `triggerGracefulShutdown()`.
public final class NodeProcess: Service, Sendable {
    public let configuration: NodeConfiguration
    public let http: HTTPServer
    public let service: SOAPService
    /// Membership and placement gossip; nil for a node without `[cluster]`.
    public let cluster: ClusterService?
    /// Failover and the ownership lease checks; nil for a node without `[cluster]`.
    let failover: FailoverService?
    /// Every server this node has open: served (holding the epoch) or standing by.
    let servers: [LocalServer]
    /// Directory sync of each served server, by server name (lower case).
    public let provisioners: [String: StoreProvisioner]
    let executor: BlockingExecutor
    let directory: DirectoryHandle
    let notifications: NotificationHub
    let logger: Logger

    /// Opens every configured server and takes those whose role is `serve` unless another node
    /// holds them (after a failover: this node then stands by, see ``openServers(_:node:hasCluster:logger:)``);
    /// a crashed writer's leftovers are recovered. Builds the services; nothing listens until
    /// ``run()``. A node that is never run must be ``close()``d.
    public init(configuration: NodeConfiguration, logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        let node = configuration.node
        executor = BlockingExecutor(name: "store", threadCount: max(4, ProcessInfo.processInfo.activeProcessorCount * 2))
        directory = try await DirectoryHandle.open(configuration.directory, logger: logger)

        let servers = try Self.openServers(configuration, executor: executor, logger: logger)
        self.servers = servers
        let cluster = try configuration.clusterServiceConfiguration(version: TesseraVersion.current).map { membership in
            // Candidates for the servers whose databases opened, not for every one configured.
            var membership = membership
            membership.metadata?.serversReachable = servers.map(\.name)
            return try ClusterService(configuration: membership, logger: logger)
        }
        self.cluster = cluster
        let storeExecutor = executor
        let failover = cluster.map { cluster in
            FailoverService(
                cluster: cluster, servers: servers, preferred: Set(configuration.servers.filter { $0.role == .serve }.map(\.name)),
                failback: configuration.failover.policy, executor: storeExecutor, nodeName: node.name, logger: logger,
                leaseTimeout: max(.seconds(1), (configuration.cluster?.probeInterval ?? .milliseconds(500)) * 4))
        }
        self.failover = failover
        let view: any ClusterView & ServerPlacement = cluster.map { ClusterPlacement(cluster: $0, servers: servers) }
            ?? StandaloneClusterView(node: node.name, url: node.advertiseURL, servers: servers.map(\.name))
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
            maximumOrphanShare: configuration.provisioning.maximumOrphanShare, failover: failover)
        let metrics = NodeMetrics()
        let monitoring = configuration.operations
        let responder = NodeHTTPResponder(
            service: service, advertisedURL: node.advertiseURL, admin: admin, metrics: metrics,
            metricsPath: monitoring.metrics.enabled ? monitoring.metrics.path : nil, trustedProxies: Set(node.trustedProxies)
        ) { [servers, hasCluster = cluster != nil] in Self.health(of: servers, standbyAllowed: hasCluster) }
        self.http = try HTTPServer(configuration: http, responder: responder, logger: logger)
        metrics.collect(http: self.http, cluster: cluster, directory: directory.cached, servers: servers, hub: hub)
    }

    /// The long-running parts: the HTTP endpoint, the periodic directory sync, and when there is
    /// a cluster, the membership with this node's ownership announcements and failover.
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
        if let failover { services.append(failover) }
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

    /// In a cluster a node is ready whatever it serves (a standby serves nothing until a
    /// failover); a node alone is not ready when it lost a server it was serving.
    static func health(of servers: [LocalServer], standbyAllowed: Bool) -> NodeHealth {
        let served = servers.filter { $0.engine.ownershipEpoch != nil }
        return NodeHealth(
            problems: standbyAllowed ? [] : servers.filter { $0.engine.ownershipEpoch == nil }.map { "server \($0.name) is fenced" },
            servers: served.map(\.name))
    }

    /// Opens every configured server. One with `role = "serve"` is taken when its database names
    /// no owner or this node (a restart); when it names another node, that node took it over in a
    /// failover and keeps it (failback is by `[failover]` policy), so this node stands by. A
    /// standby server whose database cannot be opened is left out (logged), so that one
    /// unreachable standby does not keep the node from serving its own; a served one fails the
    /// start.
    private static func openServers(_ configuration: NodeConfiguration, executor: BlockingExecutor, logger: Logger) throws -> [LocalServer] {
        let node = configuration.node.name
        var servers: [LocalServer] = []
        for section in configuration.servers {
            let engine: StoreEngine
            do {
                engine = try openEngine(section, node: node, logger: logger)
            } catch where section.role == .standby {
                logger.error("cannot open a standby server; it is no failover candidate here until a restart", metadata: ["server": "\(section.name)", "error": "\(error)"])
                continue
            }
            if section.role == .serve {
                let owner = try engine.currentOwner()
                if owner == nil || owner?.node == node {
                    try engine.takeOver(expectedEpoch: owner?.epoch)
                    logger.notice("serving", metadata: ["server": "\(section.name)", "epoch": "\(engine.ownershipEpoch ?? 0)"])
                } else if configuration.cluster == nil {
                    // No cluster, no failover: the configured owner takes its server back.
                    try engine.claimOwnership()
                    logger.notice("serving", metadata: ["server": "\(section.name)", "epoch": "\(engine.ownershipEpoch ?? 0)"])
                } else {
                    logger.notice(
                        "standing by: another node took this server over",
                        metadata: ["server": "\(section.name)", "owner": "\(owner?.node ?? "")", "epoch": "\(owner?.epoch ?? 0)"])
                }
            } else {
                logger.info("standing by", metadata: ["server": "\(section.name)"])
            }
            servers.append(LocalServer(engine: engine, revocations: ServerRevocations(engine: engine, executor: executor)))
        }
        return servers
    }

    private static func openEngine(_ section: ServerSection, node: String, logger: Logger) throws -> StoreEngine {
        if let path = section.sqlitePath {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        return try StoreEngine(
            database: section.database.makePool(maximumConnections: section.maximumConnections),
            blobs: BlobStoreFactory.open(section, node: node, logger: logger),
            configuration: StoreEngineConfiguration(serverName: section.name, nodeName: node), logger: logger)
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
