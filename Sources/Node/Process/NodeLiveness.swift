import HTTP

/// What a service manager asks of a running node (`tessera node` under systemd, see
/// docs/deployment.md): when it is ready, whether it still answers, and a status line.
extension NodeProcess {
    /// Returns once the node is ready for clients: its servers were claimed when it was built,
    /// so once its HTTP listener is bound. Throws if binding failed.
    public func waitUntilServing() async throws {
        _ = try await http.boundAddress()
    }

    /// Returns when the node's HTTP listener answers a `GET /health` (any status) within
    /// `timeout`; throws why not. See ``LivenessProbe``.
    public func probeLiveness(timeout: Duration) async throws {
        let address = try await http.boundAddress()
        try await LivenessProbe(
            listenHost: address.host, port: address.port, tls: http.configuration.tls != nil, path: "/health", timeout: timeout
        ).check()
    }

    /// `serving s1 (epoch 3), s2 (epoch 1)`, or `not ready: server s1 is fenced`.
    public var statusSummary: String {
        let health = Self.health(of: servers)
        guard health.isReady else { return health.description }
        guard !servers.isEmpty else { return "serving no server" }
        return "serving " + servers.map { "\($0.name) (epoch \($0.engine.ownershipEpoch ?? 0))" }.joined(separator: ", ")
    }

    /// HTTP requests answered since start.
    public var requestsServed: Int { http.metrics.requestsServed }
}
