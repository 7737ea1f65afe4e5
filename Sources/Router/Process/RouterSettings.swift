import HTTP

/// What the router runs with, as plain values (the executable builds them from
/// `RouterConfiguration`; tests may build them directly). Every field has a documented default.
public struct RouterSettings: Sendable {
    /// How requests reach the serving node.
    public enum Mode: String, Sendable, Hashable {
        /// Forward over pooled keep-alive connections.
        case proxy
        /// Answer `MAPI_E_UNABLE_TO_COMPLETE` with the serving node's URL (Kopano's way).
        case redirect
    }

    /// Listener address; port 0 picks a free one.
    public var host: String
    /// Listener port.
    public var port: Int
    /// TLS of the listener; nil for plain HTTP.
    public var tls: HTTPServerTLS?
    /// Proxy or redirect. Default proxy.
    public var mode: Mode = .proxy
    /// Threads serving connections; nil: NIO's shared group, one per core.
    public var eventLoops: Int?
    /// Home server of Logons whose user the directory names none for; nil: such Logons fail.
    public var defaultServer: String?

    /// Largest request body. Default 4 MiB (the node's).
    public var maximumBodyBytes = 4 << 20
    /// Largest request head. Default 16 KiB.
    public var maximumHeaderBytes = 16 << 10
    /// Time to receive a new connection's first request head. Default 10 s.
    public var headerTimeout: Duration = .seconds(10)
    /// Time to receive a request body after its head. Default 60 s.
    public var bodyTimeout: Duration = .seconds(60)
    /// How long a kept-alive connection may wait for (and deliver) its next request head. Default 75 s.
    public var idleTimeout: Duration = .seconds(75)
    /// Most client connections open at once. Default 10,000.
    public var maximumConnections = 10_000

    /// Bytes of a body the router scans for the session token and the operation. Default 64 KiB.
    public var peekBytes = 64 << 10
    /// Largest Logon body (it is buffered to read the login). Default 64 KiB.
    public var maximumLogonBytes = 64 << 10
    /// Largest request body kept for a retry; larger ones stream without a copy and are not
    /// retried (the node's redirect fault then goes to the client). Default 256 KiB.
    public var retryBodyBytes = 256 << 10

    /// Idle keep-alive connections kept per node on each event loop. Default 16.
    public var upstreamPoolSize = 16
    /// Time to connect to a node. Default 5 s.
    public var upstreamConnectTimeout: Duration = .seconds(5)
    /// Time from sending a request to the end of the node's answer; above the 120 s long poll.
    /// Default 150 s.
    public var upstreamResponseTimeout: Duration = .seconds(150)
    /// How long an idle pooled connection is kept. Default 60 s.
    public var upstreamIdleTimeout: Duration = .seconds(60)
    /// CAs for nodes' certificates (`https` endpoints); nil: the system's.
    public var upstreamCAFile: String?

    /// Path of the metrics on the SOAP listener; nil: not served there. Default `/metrics`.
    public var metricsPath: String? = "/metrics"
    /// Path of the health check on the SOAP listener; nil: not served there. Default `/health`.
    public var healthPath: String? = "/health"

    /// Settings for a listener; the rest default.
    public init(host: String, port: Int, tls: HTTPServerTLS? = nil) {
        self.host = host
        self.port = port
        self.tls = tls
    }
}
