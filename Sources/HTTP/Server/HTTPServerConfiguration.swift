/// How an ``HTTPServer`` listens and what it tolerates: plain values with documented defaults,
/// checked by ``validate()`` when the server is built.
public struct HTTPServerConfiguration: Sendable {
    /// IP address or host name to bind. Default `127.0.0.1`.
    public var host: String
    /// Port to bind; 0 picks a free one (see ``HTTPServer/boundAddress()``). Default 8080.
    public var port: Int
    /// Certificate chain and key for HTTPS; `nil` (the default) serves plain HTTP.
    public var tls: HTTPServerTLS?
    /// Size limits and timeouts.
    public var limits: HTTPServerLimits
    /// Bodies of at least this many bytes are compressed when the client's `Accept-Encoding`
    /// allows gzip or deflate; `nil` never compresses. Default 1,024.
    public var minimumCompressedBodyBytes: Int?
    /// How long a graceful shutdown lets in-flight requests run before it closes their
    /// connections. Default 10 s.
    public var shutdownGracePeriod: Duration
    /// The answer sent before closing a rejected connection (timeouts excepted), `nil` to close
    /// without one. Called on an event loop: it must return at once. Default
    /// ``HTTPRejection/defaultResponse(for:)``.
    public var rejectionResponse: @Sendable (HTTPRejection) -> HTTPResponse?

    /// A configuration with the defaults above.
    public init(host: String = "127.0.0.1", port: Int = 8080, tls: HTTPServerTLS? = nil, limits: HTTPServerLimits = HTTPServerLimits()) {
        self.host = host; self.port = port; self.tls = tls; self.limits = limits
        minimumCompressedBodyBytes = 1_024
        shutdownGracePeriod = .seconds(10)
        rejectionResponse = HTTPRejection.defaultResponse(for:)
    }

    /// What is wrong with the configuration; empty when it can work.
    public func validate() -> [String] {
        var problems = limits.validate()
        if !(0...65_535).contains(port) { problems.append("port must be 0…65535") }
        if shutdownGracePeriod < .zero { problems.append("shutdownGracePeriod must not be negative") }
        return problems
    }
}

/// PEM files for HTTPS, read when the ``HTTPServer`` is built.
public struct HTTPServerTLS: Sendable, Hashable {
    /// The server certificate first, then the intermediates.
    public var certificateChainPath: String
    /// The certificate's private key.
    public var privateKeyPath: String

    /// TLS from two PEM files.
    public init(certificateChainPath: String, privateKeyPath: String) {
        self.certificateChainPath = certificateChainPath; self.privateKeyPath = privateKeyPath
    }
}

/// What the server tolerates from a client before it rejects the request or closes the
/// connection (see ``HTTPRejection``). The timers run only while the server waits for the
/// client, never while a responder is producing an answer.
public struct HTTPServerLimits: Sendable, Hashable {
    /// Largest request body as sent (compressed or not). Default 64 MiB.
    public var maximumBodyBytes: Int
    /// Largest request head: request line plus header fields. Default 16 KiB.
    public var maximumHeaderBytes: Int
    /// From the first byte of a request to the end of its head (for a new connection, from the
    /// accept). Default 10 s.
    public var headerReadTimeout: Duration
    /// From the end of a request's head to the end of its body. Default 30 s.
    public var bodyReadTimeout: Duration
    /// How long a keep-alive connection may wait for its next request. Default 75 s.
    public var keepAliveIdleTimeout: Duration
    /// Open connections at most; one more is answered 503 and closed. Default 1,024.
    public var maximumConnections: Int
    /// Largest decoded body of a gzip or deflate request. Default 64 MiB.
    public var maximumDecompressedBytes: Int
    /// Largest decoded-to-encoded ratio of a gzip or deflate request whose decoded body is over
    /// 1 MiB (see ``HTTPDecompressionLimit``). Default 100.
    public var maximumDecompressionRatio: Int
    /// After a rejection answer, how long the server reads and discards what the client still
    /// sends (so that the client sees the answer rather than a reset). Default 2 s.
    public var lingerTimeout: Duration

    /// The defaults above.
    public init() {
        maximumBodyBytes = 64 << 20
        maximumHeaderBytes = 16 << 10
        headerReadTimeout = .seconds(10)
        bodyReadTimeout = .seconds(30)
        keepAliveIdleTimeout = .seconds(75)
        maximumConnections = 1_024
        maximumDecompressedBytes = 64 << 20
        maximumDecompressionRatio = 100
        lingerTimeout = .seconds(2)
    }

    /// The decompression bounds as one value.
    public var decompression: HTTPDecompressionLimit {
        HTTPDecompressionLimit(maximumBytes: maximumDecompressedBytes, maximumRatio: maximumDecompressionRatio)
    }

    /// What is wrong with the limits; empty when they can work.
    public func validate() -> [String] {
        var problems: [String] = []
        let counts = [
            ("maximumBodyBytes", maximumBodyBytes), ("maximumHeaderBytes", maximumHeaderBytes),
            ("maximumConnections", maximumConnections), ("maximumDecompressedBytes", maximumDecompressedBytes),
            ("maximumDecompressionRatio", maximumDecompressionRatio),
        ]
        for (name, value) in counts where value < 1 { problems.append("\(name) must be at least 1") }
        let times = [
            ("headerReadTimeout", headerReadTimeout), ("bodyReadTimeout", bodyReadTimeout),
            ("keepAliveIdleTimeout", keepAliveIdleTimeout), ("lingerTimeout", lingerTimeout),
        ]
        for (name, value) in times where value <= .zero { problems.append("\(name) must be positive") }
        return problems
    }
}
