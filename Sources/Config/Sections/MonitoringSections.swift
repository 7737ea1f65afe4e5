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

/// `[log]`: how much the process logs, and where: standard error, or journald's native
/// protocol with a field per metadata value (docs/deployment.md, "systemd").
public struct LogSection: Sendable, Hashable {
    /// The levels of swift-log, least severe first.
    public static let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// Where log records go.
    public enum Target: String, Sendable, Hashable, CaseIterable {
        /// journald when standard error is the journal stream systemd set up (`JOURNAL_STREAM`
        /// names it), standard error otherwise.
        case auto
        /// Standard error, one line per record.
        case stderr
        /// journald's native socket, one structured entry per record.
        case journal
    }

    /// The lowest level written.
    public var level: String
    /// Where records go.
    public var target: Target
    /// journald's native socket, for the `journal` target.
    public var journalSocket: String

    static let schema = TableSchema(
        "Logging.",
        keys: [
            KeySpec("level", .choice(levels), .defaulted(.string("info")), "Lowest level written."),
            KeySpec(
                "target", .choice(Target.allCases.map(\.rawValue)), .defaulted(.string("auto")),
                "`journal`: structured entries to journald (a field per metadata value); `stderr`: one line per record; `auto`: journal when standard error is the journal (`JOURNAL_STREAM`, as under systemd), else stderr."
            ),
            KeySpec(
                "journal_socket", .path, .defaulted(.string("/run/systemd/journal/socket")),
                "journald's native socket (`AF_UNIX` datagrams). If it is missing at startup, records go to standard error."),
        ])

    init?(_ reader: SectionReader) {
        guard let level = reader.string("level"), let targetName = reader.string("target"), let target = Target(rawValue: targetName),
              let journalSocket = reader.string("journal_socket")
        else { return nil }
        guard journalSocket.hasPrefix("/"), journalSocket.utf8.count < 108 else {
            reader.report(.invalidValue, "journal_socket", "\(journalSocket): an AF_UNIX socket is an absolute path under 108 bytes")
            return nil
        }
        self.level = level
        self.target = target
        self.journalSocket = journalSocket
    }
}
