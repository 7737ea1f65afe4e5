/// The server an ``HTTPClient`` talks to.
public struct HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// Host name or IP address.
    public var host: String
    /// TCP port.
    public var port: Int
    /// HTTPS settings; `nil` for plain HTTP.
    public var tls: HTTPClientTLS?

    /// An endpoint.
    public init(host: String, port: Int, tls: HTTPClientTLS? = nil) { self.host = host; self.port = port; self.tls = tls }

    /// `http://host:port` or `https://host:port`.
    public var description: String { "\(tls == nil ? "http" : "https")://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}

/// How the client verifies the server.
public struct HTTPClientTLS: Sendable, Hashable {
    /// PEM file of the certificate authorities to trust instead of the system's; `nil` trusts
    /// the system's roots.
    public var caFile: String?
    /// The name to send (SNI) and to find in the certificate; `nil` uses the endpoint's host
    /// (an IP address is then checked against the certificate's IP addresses).
    public var serverHostname: String?

    /// TLS settings.
    public init(caFile: String? = nil, serverHostname: String? = nil) { self.caFile = caFile; self.serverHostname = serverHostname }
}

/// How an ``HTTPClient`` connects and what it accepts: plain values with documented defaults.
public struct HTTPClientConfiguration: Sendable {
    /// The server.
    public var endpoint: HTTPEndpoint
    /// Open connections at most (one request in flight on each). Default 8.
    public var maximumConnections: Int
    /// From starting to connect to a usable connection (TLS handshake included). Default 5 s.
    public var connectTimeout: Duration
    /// From sending a request to the end of its response. Default 60 s.
    public var responseTimeout: Duration
    /// A pooled connection idle longer than this is closed instead of reused (keep it below the
    /// server's keep-alive timeout, 75 s for ``HTTPServer``). Default 50 s.
    public var idleTimeout: Duration
    /// Request bodies of at least ``minimumCompressedBodyBytes`` are sent with this coding;
    /// `nil` (the default) sends them as they are.
    public var requestCompression: HTTPContentCoding?
    /// See ``requestCompression``. Default 1,024.
    public var minimumCompressedBodyBytes: Int
    /// Largest response body, after decompression (the bound on a compressed response).
    /// Default 64 MiB.
    public var maximumResponseBytes: Int

    /// A configuration with the defaults above.
    public init(endpoint: HTTPEndpoint) {
        self.endpoint = endpoint
        maximumConnections = 8
        connectTimeout = .seconds(5)
        responseTimeout = .seconds(60)
        idleTimeout = .seconds(50)
        requestCompression = nil
        minimumCompressedBodyBytes = 1_024
        maximumResponseBytes = 64 << 20
    }

    /// What is wrong with the configuration; empty when it can work.
    public func validate() -> [String] {
        var problems: [String] = []
        if !(1...65_535).contains(endpoint.port) { problems.append("port must be 1…65535") }
        if maximumConnections < 1 { problems.append("maximumConnections must be at least 1") }
        if maximumResponseBytes < 1 { problems.append("maximumResponseBytes must be at least 1") }
        for (name, value) in [("connectTimeout", connectTimeout), ("responseTimeout", responseTimeout), ("idleTimeout", idleTimeout)]
        where value <= .zero {
            problems.append("\(name) must be positive")
        }
        return problems
    }
}
