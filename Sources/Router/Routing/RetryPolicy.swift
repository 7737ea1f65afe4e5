/// When the router sends a request a second time (ARCHITECTURE §4: "routers retry once on the
/// right node"). A value: each failed attempt goes in, the decision comes out.
///
/// What it guarantees:
/// - At most one retry per request, whatever happens.
/// - Only a request whose body the router still holds whole is retried (bodies are kept for
///   a retry up to a bound; a larger one is streamed and not kept).
/// - A request is sent again only where it cannot have run: the node answered
///   `MAPI_E_UNABLE_TO_COMPLETE` with a URL (it refused to run it), or no connection was made
///   (refused), or a pooled connection turned out closed before any byte of the request went
///   out. A connection that breaks after the request went out is never retried: the node may
///   have run it.
public struct RetryPolicy: Sendable, Hashable {
    /// Why an attempt did not produce an answer to pass on.
    public enum Failure: Sendable, Hashable {
        /// The node answered a redirect fault naming `url`.
        case redirect(url: String)
        /// The connection was refused: nothing was sent.
        case connectRefused
        /// A reused connection was found closed before any byte of the request was written.
        case closedBeforeSending
        /// Anything else (timeouts, TLS, a connection that broke after the request went out).
        case other
    }

    /// What to do.
    public enum Decision: Sendable, Hashable {
        /// Send it again to the node at this URL (from the redirect).
        case retry(UpstreamEndpoint)
        /// Send it again to the server's node, looked up afresh.
        case retrySameServer
        /// Give up: pass the answer on, or answer the failure's fault.
        case giveUp
    }

    /// Whether the one retry has been used.
    public private(set) var retried = false

    /// A policy for a new request.
    public init() {}

    /// The decision after `failure`; `bodyKept` when the router holds the whole request body.
    public mutating func after(_ failure: Failure, bodyKept: Bool) -> Decision {
        guard !retried, bodyKept else { return .giveUp }
        let decision: Decision
        switch failure {
        case .redirect(let url):
            guard let endpoint = UpstreamEndpoint(url: url) else { return .giveUp }
            decision = .retry(endpoint)
        case .connectRefused, .closedBeforeSending:
            decision = .retrySameServer
        case .other:
            return .giveUp
        }
        retried = true
        return decision
    }
}
