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

    /// `serving s1 (epoch 3); standby for s2, s3`, or `not ready: server s1 is fenced`.
    public var statusSummary: String {
        let health = Self.health(of: servers, standbyAllowed: cluster != nil)
        guard health.isReady else { return health.description }
        let served = servers.compactMap { server in server.engine.ownershipEpoch.map { "\(server.name) (epoch \($0))" } }
        let standby = servers.filter { $0.engine.ownershipEpoch == nil }.map(\.name)
        let serving = served.isEmpty ? "serving no server" : "serving " + served.joined(separator: ", ")
        return standby.isEmpty ? serving : serving + "; standby for " + standby.joined(separator: ", ")
    }

    /// HTTP requests answered since start.
    public var requestsServed: Int { http.metrics.requestsServed }
}
