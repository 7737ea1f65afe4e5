import HTTP
import Telemetry

/// The separate metrics listener (`[metrics] listen`): `/metrics` in the Prometheus text
/// format and `/health`, on the HTTP module's server. Any process can use it.
public struct MonitoringResponder: HTTPResponder {
    let registry: MetricsRegistry
    let metricsPath: String?
    let healthPath: String
    let health: @Sendable () async -> RouterHealth

    /// Serves `registry` at `metricsPath` (nil: not at all) and `health` at `healthPath`.
    public init(registry: MetricsRegistry, metricsPath: String?, healthPath: String, health: @escaping @Sendable () async -> RouterHealth) {
        self.registry = registry
        self.metricsPath = metricsPath
        self.healthPath = healthPath
        self.health = health
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return HTTPResponse(status: 405, headers: ["Allow": "GET"]) }
        if request.path == metricsPath {
            return HTTPResponse(status: 200, headers: ["Content-Type": PrometheusText.contentType], body: Array(await registry.exposition().utf8))
        }
        if request.path == healthPath {
            let state = await health()
            return .text(state.isReady ? 200 : 503, state.description + "\n")
        }
        return .text(404, "not found\n")
    }
}
