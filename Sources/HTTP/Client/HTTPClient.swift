import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A small HTTP/1.1 client for one endpoint: a pool of keep-alive connections (one request in
/// flight on each), connect and response timeouts, optional compression of request bodies,
/// gzip and deflate responses inflated within limits. See docs/http.md.
///
/// **Retry rule.** A request is sent again, once and on a new connection, when
/// - no byte of it reached the socket (the connection was found closed before the request
///   was written), whatever the request; or
/// - the connection had carried a request before (a pooled keep-alive connection), the
///   server closed it after the request was written and before any byte of a response, and
///   the request ``HTTPClientRequest/isIdempotent`` — the race of a server closing an idle
///   connection just as the client reuses it.
///
/// Every other failure is thrown as ``HTTPClientError``, without retry.
public final class HTTPClient: Sendable {
    /// The configuration.
    public let configuration: HTTPClientConfiguration
    /// The event loops the connections run on.
    let eventLoopGroup: any EventLoopGroup
    private let pool: ConnectionPool
    private let hostHeader: String

    /// A client; throws if the configuration is invalid or the CA file cannot be used.
    public convenience init(
        configuration: HTTPClientConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) throws(HTTPClientError) {
        let problems = configuration.validate()
        guard problems.isEmpty else { throw HTTPClientError(code: .invalidConfiguration, diagnostic: problems.joined(separator: "; ")) }
        let tls: NIOSSLContext?
        do {
            tls = try configuration.endpoint.tls.map(TLSContexts.client)
        } catch {
            throw HTTPClientError(code: .invalidConfiguration, diagnostic: "TLS: \(error)")
        }
        self.init(validated: configuration, tls: tls, eventLoopGroup: eventLoopGroup)
    }

    /// A client with a TLS context made by the caller (``LivenessProbe``'s), ignoring the
    /// endpoint's TLS settings; `configuration` must be valid.
    init(validated configuration: HTTPClientConfiguration, tls: NIOSSLContext?, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        pool = ConnectionPool(configuration: configuration, tls: tls, group: eventLoopGroup)
        let endpoint = configuration.endpoint
        hostHeader = "\(endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host):\(endpoint.port)"
    }

    /// Sends `request` and returns the complete response (any status).
    public func send(_ request: HTTPClientRequest) async throws(HTTPClientError) -> HTTPResponse {
        let (head, body) = prepare(request)
        var retried = false
        while true {
            let lease = try await pool.lease()
            do {
                let result = try await lease.connection.execute(head, body: body, responseTimeout: configuration.responseTimeout)
                pool.release(lease, reusable: result.reusable)
                return result.response
            } catch {
                pool.release(lease, reusable: false)
                guard !retried, Self.mayRetry(after: error, reused: lease.reused, idempotent: request.isIdempotent) else { throw error.error }
                retried = true
            }
        }
    }

    /// Closes the pooled connections; requests in flight finish, later ones fail with
    /// ``HTTPClientError/Code/shutDown``.
    public func shutdown() async { await pool.shutdown() }

    /// Idle pooled connections still open, as this client sees them (for tests).
    var openIdleConnections: Int { pool.openIdleConnections }

    /// The retry rule of the type's documentation.
    static func mayRetry(after failure: ClientExchangeFailure, reused: Bool, idempotent: Bool) -> Bool {
        if !failure.requestSent { return true }
        return reused && idempotent && failure.error.code == .connectionClosed && !failure.responseStarted
    }

    private func prepare(_ request: HTTPClientRequest) -> (HTTPRequestHead, [UInt8]) {
        var headers = HTTPHeaders(request.headers.map { ($0.name, $0.value) })
        if !headers.contains(name: "host") { headers.add(name: "Host", value: hostHeader) }
        var body = request.body
        if let coding = configuration.requestCompression, body.count >= configuration.minimumCompressedBodyBytes,
           !headers.contains(name: "content-encoding") {
            body = coding.encode(body)
            headers.add(name: "Content-Encoding", value: coding.rawValue)
        }
        headers.remove(name: "transfer-encoding")
        headers.replaceOrAdd(name: "content-length", value: "\(body.count)")
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: request.target, headers: headers)
        return (head, body)
    }
}
