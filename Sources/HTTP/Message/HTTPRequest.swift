/// A complete HTTP request as the server hands it to an ``HTTPResponder``: the head and the
/// whole body (bodies are bounded by ``HTTPServerLimits/maximumBodyBytes``, so they are
/// buffered). A body that arrived gzip- or deflate-encoded is already decoded: `Content-Encoding`
/// is removed and `Content-Length` gives the decoded size.
public struct HTTPRequest: Sendable, Hashable {
    /// The method as sent (`GET`, `POST`, …).
    public var method: String
    /// The request target's path, without the query (`/soap`).
    public var path: String
    /// The query string after `?`, without it; `nil` when the target has none.
    public var query: String?
    /// The header fields.
    public var headers: HTTPHeaderFields
    /// The body (empty when there is none).
    public var body: [UInt8]
    /// The peer as `address:port` (`[address]:port` for IPv6), or `"unknown"`.
    public var remoteAddress: String

    /// A request.
    public init(
        method: String, path: String, query: String? = nil, headers: HTTPHeaderFields = [:], body: [UInt8] = [],
        remoteAddress: String = "unknown"
    ) {
        self.method = method; self.path = path; self.query = query; self.headers = headers; self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Splits a request target into path and query.
    init(method: String, target: String, headers: HTTPHeaderFields, body: [UInt8], remoteAddress: String) {
        if let mark = target.firstIndex(of: "?") {
            self.init(
                method: method, path: String(target[..<mark]), query: String(target[target.index(after: mark)...]),
                headers: headers, body: body, remoteAddress: remoteAddress)
        } else {
            self.init(method: method, path: target, headers: headers, body: body, remoteAddress: remoteAddress)
        }
    }
}
