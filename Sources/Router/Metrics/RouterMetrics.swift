import Telemetry

/// The router's metrics, created once (STYLE 7) and registered in its ``MetricsRegistry``.
/// docs/router.md, "Metrics", lists them with what to watch for.
public struct RouterMetrics: Sendable {
    /// Requests answered, by class (`logon`, `session`, `wsdl`, `metrics`, `health`, `other`)
    /// and HTTP status.
    public let requests: Counter
    /// Time from the request head to the end of the answer, by class.
    public let latency: Histogram
    /// Faults the router answered itself, by reason.
    public let routingFaults: Counter
    /// Failed exchanges with nodes, by reason.
    public let upstreamErrors: Counter
    /// Requests the ``InlineForwardHandler`` took on the event loop (also counted in
    /// ``requests``; one whose node answered with a redirect is retried by the connection's task).
    public let inlineRequests: Counter
    /// Requests sent a second time, by reason (`redirect`, `connect_refused`, `closed_before_sending`).
    public let retries: Counter
    /// Client connections closed by a limit, by reason.
    public let rejections: Counter
    /// Client connections open now.
    public let openConnections: Gauge
    /// Client connections accepted.
    public let connections: Counter
    /// ``requests`` and ``latency`` of the common answer, a session request's 200, kept for the
    /// ``InlineForwardHandler`` (no label lookup per request).
    let sessionAnswered: Counter.Series
    let sessionLatency: Histogram.Series
    /// ``inlineRequests``, kept likewise.
    let inlineRequest: Counter.Series

    /// The metrics, registered in `registry`.
    public init(registry: MetricsRegistry) {
        requests = registry.register(Counter("tessera_router_requests_total", "Requests answered, by operation class and HTTP status.", labels: ["class", "status"]))
        latency = registry.register(Histogram("tessera_router_request_duration_seconds", "Time from request head to the end of the answer.", labels: ["class"]))
        routingFaults = registry.register(Counter("tessera_router_routing_faults_total", "SOAP faults the router answered itself, by reason.", labels: ["reason"]))
        upstreamErrors = registry.register(Counter("tessera_router_upstream_errors_total", "Failed exchanges with nodes, by reason.", labels: ["reason"]))
        inlineRequests = registry.register(Counter("tessera_router_inline_requests_total", "Requests taken on the event loop, without the connection's task."))
        retries = registry.register(Counter("tessera_router_retries_total", "Requests sent to a node a second time, by reason.", labels: ["reason"]))
        rejections = registry.register(Counter("tessera_router_rejections_total", "Client connections closed by a limit, by reason.", labels: ["reason"]))
        openConnections = registry.register(Gauge("tessera_router_open_connections", "Client connections open now."))
        connections = registry.register(Counter("tessera_router_connections_total", "Client connections accepted."))
        sessionAnswered = requests.series("session", "200")
        sessionLatency = latency.series("session")
        inlineRequest = inlineRequests.series()
    }
}
