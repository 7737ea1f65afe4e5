/// `[limits]`: what the HTTP listener of a node or router accepts, so that slow or oversized
/// requests are refused early.
public struct HTTPLimits: Sendable, Hashable {
    /// Largest request body (bytes).
    public var maximumBodyBytes: Int
    /// Largest request head: request line plus header fields (bytes).
    public var maximumHeaderBytes: Int
    /// Longest time to receive the request head.
    public var headerTimeout: Duration
    /// Longest time to receive the body.
    public var bodyTimeout: Duration
    /// How long an idle keep-alive connection stays open.
    public var idleTimeout: Duration
    /// Most client connections open at once.
    public var maximumConnections: Int

    static let schema = TableSchema(
        "HTTP limits of the SOAP listener: requests beyond them are refused with an HTTP error before any SOAP is parsed.",
        keys: [
            KeySpec("max_body", .byteSize(1_024...(1 << 30)), .defaulted(.string("4 MiB")),
                    "Largest request body, as sent and (on a node) once gzip or deflate is decoded. SOAP's own limit (XML.Limits) is 4 MiB; attachments travel in chunks below it."),
            KeySpec("max_header", .byteSize(1_024...(1 << 20)), .defaulted(.string("16 KiB")), "Largest request line plus header fields."),
            KeySpec("header_timeout", .duration(1...300), .defaulted(.string("10s")), "Longest time to receive the request head (slow clients are cut off)."),
            KeySpec("body_timeout", .duration(1...3_600), .defaulted(.string("60s")), "Longest time to receive a request body."),
            KeySpec("idle_timeout", .duration(1...3_600), .defaulted(.string("75s")), "How long an idle keep-alive connection stays open."),
            KeySpec("max_connections", .integer(1...1_000_000), .defaulted(.integer(10_000)), "Most client connections open at once."),
        ])

    init?(_ reader: SectionReader) {
        guard let body = reader.bytes("max_body"), let header = reader.bytes("max_header"),
              let headerTimeout = reader.duration("header_timeout"), let bodyTimeout = reader.duration("body_timeout"),
              let idle = reader.duration("idle_timeout"), let connections = reader.int("max_connections")
        else { return nil }
        maximumBodyBytes = body
        maximumHeaderBytes = header
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        idleTimeout = idle
        maximumConnections = connections
    }
}
