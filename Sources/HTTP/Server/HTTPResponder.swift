/// Answers requests: the application side of an ``HTTPServer`` (the node's SOAP endpoint, the
/// router). Called concurrently for different connections, in order for one connection; it runs
/// on Swift's concurrency pool, never on an event loop, and may take as long as it needs (no
/// server timer runs meanwhile).
public protocol HTTPResponder: Sendable {
    /// The response to `request`.
    func respond(to request: HTTPRequest) async -> HTTPResponse
}

/// A responder made of a closure.
public struct HTTPClosureResponder: HTTPResponder {
    private let body: @Sendable (HTTPRequest) async -> HTTPResponse

    /// A responder that calls `body`.
    public init(_ body: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) { self.body = body }

    /// Calls the closure.
    public func respond(to request: HTTPRequest) async -> HTTPResponse { await body(request) }
}
