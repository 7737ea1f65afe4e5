import SOAP

/// What the router needs of a request head to route it.
public struct RequestSummary: Sendable, Hashable {
    /// The method, upper case.
    public var method: String
    /// The path, without the query.
    public var path: String
    /// The query (after `?`), if any.
    public var query: String?
    /// `X-Tessera-Session`, if present.
    public var sessionHeader: String?
    /// `Content-Encoding`, if present and not `identity`.
    public var contentEncoding: String?

    /// A summary.
    public init(method: String, path: String, query: String? = nil, sessionHeader: String? = nil, contentEncoding: String? = nil) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.sessionHeader = sessionHeader
        self.contentEncoding = contentEncoding
    }

    /// Splits a request target into path and query.
    public init(method: String, target: String, sessionHeader: String?, contentEncoding: String?) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let encoding = contentEncoding?.trimmingWhitespace.lowercased()
        self.init(
            method: method, path: String(parts.first ?? ""), query: parts.count > 1 ? String(parts[1]) : nil,
            sessionHeader: sessionHeader?.trimmingWhitespace, contentEncoding: encoding == "identity" || encoding == "" ? nil : encoding)
    }
}

/// Answers the router gives itself, without a node.
public enum LocalEndpoint: Sendable, Hashable {
    /// `GET /soap?wsdl`: the WSDL with the router's own URL as the service address.
    case wsdl
    /// `GET` of the metrics path.
    case metrics
    /// `GET` of the health path.
    case health
    /// A path the router does not serve (404).
    case notFound
    /// A known path with the wrong method (405, with the methods allowed).
    case methodNotAllowed(allow: String)
}

/// The routing decision (ARCHITECTURE §4) as a value: from the request head, then from a
/// bounded look at the body when the head does not settle it. No I/O; the connection runs
/// what it returns.
///
/// - `POST /soap` with `X-Tessera-Session`: routed by the token's home server, the body is not
///   looked at.
/// - `POST /soap` without it: the body's start is scanned (``EnvelopeScanner``): a header
///   `<Session>` routes like the HTTP header; a `Logon` is resolved through the directory;
///   anything else has no session (`MAPI_E_END_OF_SESSION`, as the node would answer).
/// - `GET /soap?wsdl`, the metrics and health paths: answered by the router.
///
/// The token is read, not verified (see docs/router.md, "Session tokens"): the node verifies
/// every request, and HMAC keys that verify also sign.
public struct RoutingPolicy: Sendable {
    /// The SOAP endpoint's path.
    public var soapPath = "/soap"
    /// The metrics path; nil when metrics are off or served on their own listener.
    public var metricsPath: String?
    /// The health path; nil when served on the metrics listener.
    public var healthPath: String?
    /// Bytes of body the scan may look at before it gives up.
    public var peekLimit: Int

    /// A policy.
    public init(metricsPath: String?, healthPath: String?, peekLimit: Int = 64 << 10) {
        self.metricsPath = metricsPath
        self.healthPath = healthPath
        self.peekLimit = peekLimit
    }

    /// What the head decides.
    public enum HeadDecision: Sendable, Hashable {
        /// Answer locally (the body, if any, is read and dropped first).
        case local(LocalEndpoint)
        /// Forward to the node serving `server`.
        case route(server: String)
        /// Scan the body's start (at most ``peekLimit`` bytes), then ``decide(peek:)``.
        case peekBody
        /// Answer this fault.
        case refuse(RouterFault)
    }

    /// What the body's start decides.
    public enum BodyDecision: Sendable, Hashable {
        /// Forward to the node serving `server`.
        case route(server: String)
        /// A Logon: buffer the body, read the login, ask the directory.
        case logon
        /// Answer this fault.
        case refuse(RouterFault)
    }

    /// Decides from the head.
    public func decide(_ request: RequestSummary) -> HeadDecision {
        if request.path == soapPath {
            switch request.method {
            case "POST":
                if let header = request.sessionHeader { return route(token: header) }
                if request.contentEncoding != nil { return .refuse(.compressedWithoutSession) }
                return .peekBody
            case "GET", "HEAD":
                return .local(request.query?.lowercased() == "wsdl" ? .wsdl : .methodNotAllowed(allow: "POST"))
            default:
                return .local(.methodNotAllowed(allow: "POST, GET"))
            }
        }
        for (path, endpoint) in [(metricsPath, LocalEndpoint.metrics), (healthPath, .health)] where path == request.path {
            return .local(request.method == "GET" || request.method == "HEAD" ? endpoint : .methodNotAllowed(allow: "GET"))
        }
        return .local(.notFound)
    }

    /// Decides from the scan of the body's start; `bodyEnded` when the scan saw the whole body,
    /// `seen` how many bytes it was fed.
    public func decide(peek: EnvelopePeek, seen: Int, bodyEnded: Bool) -> BodyDecision? {
        switch peek {
        case .request(let operation, _) where operation == LogonRequest.operationName:
            return .logon
        case .request(_, let session?):
            switch route(token: session) {
            case .route(let server): return .route(server: server)
            default: return .refuse(.malformedToken)
            }
        case .request:
            return .refuse(.noSession)
        case .malformed(let why):
            return .refuse(.badEnvelope(why))
        case .needMore:
            if bodyEnded { return .refuse(.badEnvelope("the body ends before its operation element")) }
            if seen >= peekLimit { return .refuse(.badEnvelope("no operation element in the first \(peekLimit) bytes")) }
            return nil
        }
    }

    private func route(token: String) -> HeadDecision {
        guard let token = SessionToken(unverifiedText: token) else { return .refuse(.malformedToken) }
        return .route(server: token.homeServer)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let last = scalars.lastIndex { $0 != " " && $0 != "\t" }!
        return String(scalars[first...last])
    }
}
