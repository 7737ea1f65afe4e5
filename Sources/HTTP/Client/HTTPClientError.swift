/// Why ``HTTPClient/send(_:)`` failed.
public struct HTTPClientError: Error, Sendable, Hashable {
    /// What failed.
    public enum Code: String, Sendable, Hashable {
        /// The TCP connection could not be made (name resolution, network unreachable, …).
        case connectFailed
        /// Nothing listens at the endpoint.
        case connectionRefused
        /// Connecting (with the TLS handshake) took longer than the connect timeout.
        case connectTimeout
        /// The TLS handshake failed: certificate not trusted, name mismatch, protocol error.
        case tlsFailure
        /// The response was not complete within the response timeout.
        case responseTimeout
        /// The server closed the connection before the response was complete.
        case connectionClosed
        /// The response body (after decompression) is over the limit.
        case responseTooLarge
        /// The response is not valid HTTP/1.1 or its compressed body is corrupt.
        case invalidResponse
        /// The configuration cannot work (see ``HTTPClientConfiguration/validate()``).
        case invalidConfiguration
        /// The client was shut down.
        case shutDown
        /// The task was cancelled while it waited for a connection.
        case cancelled
    }
    /// What failed.
    public var code: Code
    /// Details for logs.
    public var diagnostic: String

    /// An error.
    public init(code: Code, diagnostic: String = "") { self.code = code; self.diagnostic = diagnostic }
}
