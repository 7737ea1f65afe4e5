import Cluster
import Config
import Directory
import HTTP
import Logging
import NIOPosix
import ServiceLifecycle
import Telemetry

/// A router assembled from its configuration (ARCHITECTURE §1): its gossip membership (as a
/// router member), the directory behind its cache, the placement it follows, the SOAP
/// listener, and the metrics listener when `[metrics] listen` names one. `tessera router` runs
/// one; tests start them in-process. It stores nothing.
public final class RouterProcess: Sendable {
    /// The configuration.
    public let configuration: RouterConfiguration
    /// Its cluster membership.
    public let cluster: ClusterService
    /// The SOAP listener.
    public let server: RouterServer
    /// The placement it routes by.
    public let placement: PlacementCache
    /// Its metrics.
    public let registry: MetricsRegistry
    private let metricsServer: HTTPServer?
    private let directory: OpenDirectory
    /// The listener's threads when `[router] event_loops` is set.
    private let loops: MultiThreadedEventLoopGroup?
    private let logger: Logger

    /// Opens the directory and builds the services; nothing listens until ``run()``.
    public init(configuration: RouterConfiguration, version: String = "", logger: Logger) async throws {
        self.configuration = configuration
        self.logger = logger
        let cluster = try ClusterService(configuration: configuration.clusterServiceConfiguration(version: version), logger: logger)
        self.cluster = cluster
        directory = try await OpenDirectory.open(configuration.directory, logger: logger)
        placement = PlacementCache { await cluster.snapshot() }
        registry = MetricsRegistry()
        let settings = RouterSettings(configuration)
        let core = try RouterCore(
            settings: settings, placement: placement, directory: directory.cached, registry: registry, logger: logger)
        // Its own threads when configured; otherwise NIO's shared group (one per core).
        loops = settings.eventLoops.map { MultiThreadedEventLoopGroup(numberOfThreads: $0) }
        server = try RouterServer(core: core, group: loops ?? MultiThreadedEventLoopGroup.singleton)
        let cached = directory.cached
        registry.addCollector { ComponentMetricFamilies.gossip(await cluster.metrics()) }
        registry.addCollector { ComponentMetricFamilies.directoryCache(await cached.metrics) }
        registry.addCollector {
            [MetricFamily(name: "tessera_router_upstream_idle_connections", help: "Idle pooled connections to nodes.", kind: .gauge,
                          samples: [MetricSample(name: "tessera_router_upstream_idle_connections", value: Double(core.pool.idleCount))])]
        }
        let operations = configuration.operations
        if let listen = operations.metrics.listen {
            let responder = MonitoringResponder(
                registry: registry, metricsPath: operations.metrics.enabled ? operations.metrics.path : nil,
                healthPath: operations.health.path, health: { core.health() })
            metricsServer = try HTTPServer(
                configuration: HTTPServerConfiguration(host: listen.host, port: listen.port), responder: responder, logger: logger)
        } else {
            metricsServer = nil
        }
    }

    /// Serves until SIGTERM or SIGINT (when `handlesSignals`; tests cancel instead), then shuts
    /// down gracefully: the listener stops, requests in progress finish, the member leaves the
    /// cluster. `alongside` run in the same group, after the router's own services (so they are
    /// the first told to shut down): `tessera router` runs its systemd notifier there.
    public func run(handlesSignals: Bool = true, alongside: [any Service] = []) async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: (services + alongside).map { .init(service: $0) },
                gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [], logger: logger))
        defer { close() }
        try await group.run()
    }

    /// The long-running parts (for a process that runs several in one group, like `tessera
    /// dev`): membership, the placement follower, the listener, the metrics listener if any.
    /// Whoever runs them closes the router with ``close()`` afterwards.
    public var services: [any Service] {
        var services: [any Service] = [cluster, PlacementFollower(placement: placement, events: cluster.events), server]
        if let metricsServer { services.append(metricsServer) }
        return services
    }

    /// Closes the directory and stops the router's own threads, if any (``run(handlesSignals:)``
    /// does it on its way out).
    public func close() {
        directory.close()
        loops?.shutdownGracefully { _ in }
    }

    /// The SOAP listener's port, once bound.
    public func boundPort() async throws -> Int { try await server.boundPort() }

    /// The metrics listener's address, once bound; nil without one.
    public func metricsAddress() async throws -> HTTPServerAddress? { try await metricsServer?.boundAddress() }
}

/// Keeps the placement current from gossip for as long as the router runs.
struct PlacementFollower: Service {
    let placement: PlacementCache
    let events: AsyncStream<ClusterEvent>

    func run() async throws {
        await cancelWhenGracefulShutdown { await placement.follow(events) }
    }
}

extension RouterSettings {
    /// Settings from a router's configuration file.
    public init(_ configuration: RouterConfiguration) {
        let router = configuration.router, limits = configuration.operations.limits, upstream = configuration.upstream
        let operations = configuration.operations
        self.init(
            host: router.listen.host, port: router.listen.port,
            tls: router.tls.map { HTTPServerTLS(certificateChainPath: $0.certificateFile, privateKeyPath: $0.privateKeyFile) })
        mode = router.mode == .redirect ? .redirect : .proxy
        defaultServer = router.defaultServer
        eventLoops = router.eventLoops
        (maximumBodyBytes, maximumHeaderBytes, maximumConnections) = (limits.maximumBodyBytes, limits.maximumHeaderBytes, limits.maximumConnections)
        (headerTimeout, bodyTimeout, idleTimeout) = (limits.headerTimeout, limits.bodyTimeout, limits.idleTimeout)
        (upstreamPoolSize, upstreamCAFile) = (upstream.poolSize, upstream.caFile)
        (upstreamConnectTimeout, upstreamResponseTimeout, upstreamIdleTimeout) = (upstream.connectTimeout, upstream.responseTimeout, upstream.idleTimeout)
        let separate = operations.metrics.listen != nil
        metricsPath = operations.metrics.enabled && !separate ? operations.metrics.path : nil
        healthPath = separate ? nil : operations.health.path
    }
}
