/// `[metrics]`: the Prometheus endpoint (ARCHITECTURE §9).
public struct MetricsSection: Sendable, Hashable {
    /// Whether `/metrics` is served.
    public var enabled: Bool
    /// Its URL path.
    public var path: String
    /// A separate listener for it; nil = the SOAP listener.
    public var listen: HostPort?

    static let schema = TableSchema(
        "Prometheus metrics (text format).",
        keys: [
            KeySpec("enabled", .boolean, .defaulted(.boolean(true)), "Whether metrics are served."),
            KeySpec("path", .urlPath, .defaulted(.string("/metrics")), "URL path of the metrics."),
            KeySpec("listen", .hostPort, .computed("the SOAP listener"), "A separate plain-HTTP listener for metrics and health, e.g. `127.0.0.1:9236`."),
        ])

    init?(_ reader: SectionReader) {
        guard let enabled = reader.bool("enabled"), let path = reader.string("path") else { return nil }
        self.enabled = enabled
        self.path = path
        listen = reader.hostPort("listen")
    }
}

/// `[health]`: the health endpoint that load balancers and systemd drills ask.
public struct HealthSection: Sendable, Hashable {
    /// Its URL path.
    public var path: String

    static let schema = TableSchema(
        "Health endpoint: 200 when ready, 503 otherwise, with a short JSON body.",
        keys: [KeySpec("path", .urlPath, .defaulted(.string("/health")), "URL path of the health check (served where metrics are).")])

    init?(_ reader: SectionReader) {
        guard let path = reader.string("path") else { return nil }
        self.path = path
    }
}

/// `[log]`: how much the process logs (to standard error, or journald under systemd).
public struct LogSection: Sendable, Hashable {
    /// The levels of swift-log, least severe first.
    public static let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// The lowest level written.
    public var level: String

    static let schema = TableSchema(
        "Logging.",
        keys: [KeySpec("level", .choice(levels), .defaulted(.string("info")), "Lowest level written.")])

    init?(_ reader: SectionReader) {
        guard let level = reader.string("level") else { return nil }
        self.level = level
    }
}
