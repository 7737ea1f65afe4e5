/// A request for ``HTTPClient/send(_:)``.
public struct HTTPClientRequest: Sendable, Hashable {
    /// The method. Default `GET`.
    public var method: String
    /// The request target: path and query (`/soap?x=1`). Default `/`.
    public var target: String
    /// Header fields; `Host` and `Content-Length` are added, `Accept-Encoding` too unless given.
    public var headers: HTTPHeaderFields
    /// The body.
    public var body: [UInt8]
    /// Whether sending it twice is harmless; decides the retry after a reused connection was
    /// closed under the request (see ``HTTPClient``). Default: true for GET, HEAD, PUT, DELETE,
    /// OPTIONS and TRACE (RFC 9110 §9.2.2).
    public var isIdempotent: Bool

    /// A request.
    public init(method: String = "GET", target: String = "/", headers: HTTPHeaderFields = [:], body: [UInt8] = [], isIdempotent: Bool? = nil) {
        self.method = method; self.target = target; self.headers = headers; self.body = body
        self.isIdempotent = isIdempotent ?? ["GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"].contains(method.uppercased())
    }
}
