/// A complete HTTP response: what an ``HTTPResponder`` returns and what ``HTTPClient`` receives.
///
/// The server sets `Content-Length` from the body (any value given is replaced), adds
/// `Connection: close` when it closes after the response, and compresses the body when the
/// client accepts it (see docs/http.md); a responder sets neither.
public struct HTTPResponse: Sendable, Hashable {
    /// The status code (200, 404, …).
    public var status: Int
    /// The header fields.
    public var headers: HTTPHeaderFields
    /// The body.
    public var body: [UInt8]

    /// A response.
    public init(status: Int, headers: HTTPHeaderFields = [:], body: [UInt8] = []) {
        self.status = status; self.headers = headers; self.body = body
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// Whether a response with this status carries a body at all (not 1xx, 204 or 304).
    static func statusAllowsBody(_ status: Int) -> Bool { status >= 200 && status != 204 && status != 304 }
}
