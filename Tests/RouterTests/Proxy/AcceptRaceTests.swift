import Cluster
import Directory
import Logging
@testable import Router
import Telemetry
import TestSupport
import Testing

/// A router listener that stops while connections are still being accepted: no accepted
/// connection may be dropped unserved and left open, and `run()` returns. Each round starts a
/// listener, has four threads connect to it as fast as they can, ends it while they go on,
/// waits for `run()` and then for every connection to be closed, while the clients still hold
/// theirs open (a client that resets its connection would close a forgotten one too).
@Suite(.serialized) struct AcceptRaceTests {
    static let rounds = 25

    @Test(.timeLimit(.minutes(5)), arguments: [ListenerStop.gracefulShutdown, .cancellation])
    func connectionsArrivingDuringTheStopAreNeverDropped(stop: ListenerStop) async throws {
        var logger = Logger(label: "tessera.router-tests")
        logger.logLevel = .critical
        // Placement and directory are never asked: no connection sends a request.
        let cluster = try ClusterService(
            configuration: ClusterServiceConfiguration(name: "r", role: .router, port: 0, keys: [ClusterKeyring.generateKey()]), logger: logger)
        let directory = UnixDirectory(configuration: UnixConfiguration(defaultDomain: "example.org"), logger: logger)
        for _ in 0..<Self.rounds {
            let core = try RouterCore(
                settings: RouterSettings(host: "127.0.0.1", port: 0), placement: PlacementCache { await cluster.snapshot() },
                directory: directory, registry: MetricsRegistry(), logger: logger)
            let server = try RouterServer(core: core)
            let raced = try await raceListenerStop(
                stop, run: { try await server.run() }, port: { try await server.boundPort() },
                stopped: {
                    // Closing is asynchronous: allow it a moment.
                    let open = { core.metrics.openConnections.family.samples.first?.value ?? 0 }
                    let deadline = ContinuousClock.now + .seconds(10)
                    while open() != 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
                    #expect(open() == 0, "connections left open")
                })
            #expect(raced)
        }
    }
}
