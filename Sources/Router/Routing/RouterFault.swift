import MAPI
import SOAP

/// A SOAP fault the router answers itself, with its HTTP status and the reason it is counted
/// under (`tessera_router_routing_faults_total{reason}`). Every refusal of the router is one of
/// these, so clients see the same fault detail as from a node (docs/protocol.md, "Faults").
public struct RouterFault: Error, Sendable, Hashable {
    /// The MAPI error the fault carries.
    public var error: MAPIError
    /// The HTTP status: 500 as SOAP 1.1 wants, or the status of an HTTP limit (413, 431, 503).
    public var status: Int
    /// Short reason for metrics and logs (`no_node`, `bad_token`, …).
    public var reason: String

    /// A fault.
    public init(_ code: MAPIErrorCode, _ diagnostic: String, status: Int = 500, reason: String, redirectURL: String? = nil) {
        error = MAPIError(code, diagnostic)
        error.redirectURL = redirectURL
        self.status = status
        self.reason = reason
    }

    /// The fault the SOAP module built (a parse error, say), kept with its MAPI code.
    public init(soapFault fault: SOAPFault, reason: String) {
        let prefix = fault.mapiName + ": "
        let diagnostic = fault.message.hasPrefix(prefix) ? String(fault.message.dropFirst(prefix.count)) : fault.message
        self.init(MAPIErrorCode(rawValue: fault.mapiCode) ?? .invalidParameter, diagnostic, reason: reason)
    }

    public static func == (a: RouterFault, b: RouterFault) -> Bool {
        a.error.code == b.error.code && a.error.diagnostic == b.error.diagnostic && a.error.redirectURL == b.error.redirectURL
            && a.status == b.status && a.reason == b.reason
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(error.code)
        hasher.combine(error.diagnostic)
        hasher.combine(reason)
    }

    /// The response body: a SOAP envelope holding the fault.
    public var body: [UInt8] { SOAPEnvelope.fault(SOAPFault(error)) }

    /// No node serves the user's server now (`MAPI_E_NETWORK_ERROR`; clients retry with the
    /// same token, and the next try works as soon as gossip names a serving node).
    public static func noServingNode(_ server: String, _ why: String) -> RouterFault {
        RouterFault(.networkError, "no node serves server \(server) now (\(why)); try again later", reason: "no_node")
    }

    /// The serving node could not be reached or broke off (`MAPI_E_NETWORK_ERROR`).
    public static func upstreamFailed(_ what: String) -> RouterFault {
        RouterFault(.networkError, "the serving node \(what); try again", reason: "upstream")
    }

    /// The session token is not a token (`MAPI_E_END_OF_SESSION`, as the node answers).
    public static let malformedToken = RouterFault(.endOfSession, "the session token is malformed", reason: "bad_token")

    /// Neither `X-Tessera-Session` nor `<Session>`, and not a Logon (`MAPI_E_END_OF_SESSION`).
    public static let noSession = RouterFault(.endOfSession, "the request carries no session token", reason: "no_session")

    /// The body is not readable as a SOAP envelope (`MAPI_E_INVALID_PARAMETER`).
    public static func badEnvelope(_ why: String) -> RouterFault {
        RouterFault(.invalidParameter, "the request is not a SOAP envelope the router can route: \(why)", reason: "bad_envelope")
    }

    /// The body is over the router's limit (`MAPI_E_TOO_BIG`, HTTP 413).
    public static func bodyTooLarge(_ limit: Int) -> RouterFault {
        RouterFault(.tooBig, "the request body is larger than \(limit) bytes", status: 413, reason: "body_too_large")
    }

    /// The request head is over the router's limit (`MAPI_E_TOO_BIG`, HTTP 431).
    public static let headersTooLarge = RouterFault(.tooBig, "the request head is too large", status: 431, reason: "headers_too_large")

    /// Not HTTP/1.x (`MAPI_E_INVALID_PARAMETER`, HTTP 400).
    public static let malformedRequest = RouterFault(.invalidParameter, "malformed HTTP request", status: 400, reason: "malformed_http")

    /// Too many client connections (`MAPI_E_NETWORK_ERROR`, HTTP 503).
    public static func tooManyConnections(_ limit: Int) -> RouterFault {
        RouterFault(.networkError, "the router has \(limit) connections open; try again", status: 503, reason: "too_many_connections")
    }

    /// The directory could not answer (`MAPI_E_NETWORK_ERROR`, as the node answers).
    public static let directoryUnavailable = RouterFault(
        .networkError, "the directory is unavailable; try again later", reason: "directory_unavailable")

    /// The user has no home server and the router no `default_server` (`MAPI_E_LOGON_FAILED`).
    public static let noHomeServer = RouterFault(
        .logonFailed, "this account has no home server; ask the administrator", reason: "no_home_server")

    /// A compressed body without `X-Tessera-Session` cannot be routed (`MAPI_E_INVALID_PARAMETER`).
    public static let compressedWithoutSession = RouterFault(
        .invalidParameter, "a compressed request must carry its session in X-Tessera-Session (and Logon must not be compressed)",
        status: 415, reason: "compressed_body")

    /// Redirect mode: the URL of the serving node (`MAPI_E_UNABLE_TO_COMPLETE` + `redirectURL`).
    public static func redirect(_ server: String, to url: String) -> RouterFault {
        RouterFault(.unableToComplete, "server \(server) is served by \(url)", reason: "redirect", redirectURL: url)
    }
}
