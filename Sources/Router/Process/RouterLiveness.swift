import Cluster
import HTTP

/// What a service manager asks of a running router (`tessera router` under systemd, see
/// docs/deployment.md): when it is ready, whether it still answers, and a status line.
extension RouterProcess {
    /// Returns once the router is ready for clients: its listener is bound and it has joined
    /// the cluster (gossip shows another member alive; at once without seeds). Throws if
    /// binding failed or the task is cancelled.
    public func waitUntilJoined() async throws {
        _ = try await boundPort()
        guard !cluster.configuration.seeds.isEmpty else { return }
        while true {
            let snapshot = await cluster.snapshot()
            if snapshot.members.contains(where: { $0.id != snapshot.localID && $0.status == .alive }) { return }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Returns when the router's SOAP listener answers a `GET` of its health path (any status:
    /// a 404 when health is served on the metrics listener) within `timeout`; throws why not.
    /// See ``LivenessProbe``.
    public func probeLiveness(timeout: Duration) async throws {
        let settings = server.core.settings
        try await LivenessProbe(
            listenHost: settings.host, port: try await boundPort(), tls: settings.tls != nil, path: configuration.operations.health.path,
            timeout: timeout
        ).check()
    }

    /// `routing to 3 nodes (proxy mode)`, or `not ready: …`.
    public var statusSummary: String {
        let health = server.core.health()
        guard health.isReady else { return health.description }
        return "routing to \(health.nodes) node\(health.nodes == 1 ? "" : "s") (\(configuration.router.mode.rawValue) mode)"
    }

    /// Requests answered since start (every class and status).
    public var requestsAnswered: Int {
        Int(server.core.metrics.requests.family.samples.reduce(0) { $0 + $1.value })
    }
}
