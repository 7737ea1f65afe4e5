/// `[upstream]`: the router's connections to nodes.
public struct UpstreamSection: Sendable, Hashable {
    /// The longest a node holds a GetNotifications long poll (`SOAPServiceConfiguration`'s
    /// default `maximumNotificationWait`); responses must be awaited longer than that.
    public static let longestNodeWait: Double = 120

    /// Idle keep-alive connections kept per node on each event loop.
    public var poolSize: Int
    /// Longest time to connect to a node, the TLS handshake included.
    public var connectTimeout: Duration
    /// Longest wait for a node's response.
    public var responseTimeout: Duration
    /// How long an unused pooled connection stays open.
    public var idleTimeout: Duration
    /// CAs trusted for nodes' certificates (`https://` advertise URLs); nil = the system's.
    public var caFile: String?

    static let schema = TableSchema(
        "Connections from the router to nodes (proxy mode).",
        keys: [
            KeySpec("pool_size", .integer(1...1_024), .defaulted(.integer(16)), "Idle keep-alive connections kept per node on each event loop."),
            KeySpec("connect_timeout", .duration(0.1...60), .defaulted(.string("5s")), "Longest time to connect to a node, the TLS handshake included, before the request fails."),
            KeySpec("response_timeout", .duration(1...3_600), .defaulted(.string("150s")),
                    "Longest wait for a node's response; must exceed the 120 s a GetNotifications long poll may wait."),
            KeySpec("idle_timeout", .duration(1...3_600), .defaulted(.string("60s")), "How long an unused pooled connection stays open."),
            KeySpec("ca_file", .readableFile, .computed("the system's CAs"), "PEM file of the CAs that sign the nodes' certificates (for `https://` advertise URLs)."),
        ])

    init?(_ reader: SectionReader) {
        guard let pool = reader.int("pool_size"), let connect = reader.duration("connect_timeout"),
              let responseSeconds = reader.seconds("response_timeout"), let response = reader.duration("response_timeout"),
              let idle = reader.duration("idle_timeout")
        else { return nil }
        guard responseSeconds > Self.longestNodeWait else {
            reader.report(.outOfRange, "response_timeout", "must be above 120s: a node holds a GetNotifications long poll up to 120s")
            return nil
        }
        poolSize = pool
        connectTimeout = connect
        responseTimeout = response
        idleTimeout = idle
        caFile = reader.string("ca_file")
    }
}
