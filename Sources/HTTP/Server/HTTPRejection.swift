/// Why the server refused a connection or a request instead of handing it to the responder.
/// A rejected connection is closed; the server goes on serving the others.
///
/// For most reasons the server first answers with
/// ``HTTPServerConfiguration/rejectionResponse`` (by default ``defaultResponse(for:)``); for
/// the timeouts it only closes (a client that stalls is not waiting for an answer).
public struct HTTPRejection: Error, Sendable, Hashable {
    /// The reasons, one counter each in ``HTTPServerMetrics/rejections``.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// The body (as sent, or as announced by `Content-Length`) is over
        /// ``HTTPServerLimits/maximumBodyBytes``: 413.
        case bodyTooLarge
        /// The request line and header fields are over ``HTTPServerLimits/maximumHeaderBytes``: 431.
        case headersTooLarge
        /// Not HTTP/1.x: a bad request line, header or chunk framing: 400.
        case malformedRequest
        /// A `Content-Encoding` other than gzip, deflate or identity: 415.
        case unsupportedContentEncoding
        /// The gzip or deflate body is corrupt or truncated: 400.
        case badCompression
        /// The decoded body would exceed ``HTTPServerLimits/maximumDecompressedBytes`` or
        /// ``HTTPServerLimits/maximumDecompressionRatio``: 413.
        case decompressionLimit
        /// ``HTTPServerLimits/maximumConnections`` connections are open already: 503.
        case tooManyConnections
        /// The head was not complete within ``HTTPServerLimits/headerReadTimeout``: closed, no answer.
        case headerTimeout
        /// The body was not complete within ``HTTPServerLimits/bodyReadTimeout``: closed, no answer.
        case bodyTimeout
        /// The TLS handshake failed: closed (nothing can be answered).
        case tlsHandshake
    }

    /// Why.
    public var reason: Reason
    /// Details for logs (never request bytes).
    public var diagnostic: String

    /// A rejection.
    public init(_ reason: Reason, _ diagnostic: String = "") { self.reason = reason; self.diagnostic = diagnostic }

    /// Whether the client is sent a response before the close (all but the timeouts and TLS).
    public var isAnswered: Bool { ![.headerTimeout, .bodyTimeout, .tlsHandshake].contains(reason) }

    /// The status code that fits the reason.
    public var status: Int {
        switch reason {
        case .bodyTooLarge, .decompressionLimit: 413
        case .headersTooLarge: 431
        case .malformedRequest, .badCompression: 400
        case .unsupportedContentEncoding: 415
        case .tooManyConnections: 503
        case .headerTimeout, .bodyTimeout: 408
        case .tlsHandshake: 400
        }
    }

    /// The server's own answer: the status and a one-line plain-text body naming the reason.
    public static func defaultResponse(for rejection: HTTPRejection) -> HTTPResponse? {
        var response = HTTPResponse.text(rejection.status, "\(rejection.reason.rawValue)\n")
        if rejection.reason == .tooManyConnections { response.headers.add("Retry-After", "1") }
        return response
    }
}
