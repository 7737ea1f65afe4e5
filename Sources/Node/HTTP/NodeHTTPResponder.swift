import HTTP
import SOAP
import Telemetry

/// The node's HTTP endpoint: `POST /soap` to the SOAP service, `GET /soap?wsdl` the WSDL (its
/// address the URL the node advertises), `GET /health` ready or not and why, `GET /metrics`
/// (Prometheus text). Everything else
/// is 404 (405 for a wrong method). Operators' `/admin/…` requests go to ``AdminEndpoint``.
public struct NodeHTTPResponder: HTTPResponder {
    let service: SOAPService
    let wsdl: [UInt8]
    let health: @Sendable () async -> NodeHealth
    let admin: AdminEndpoint?
    let metrics: NodeMetrics
    /// Where `/metrics` is served; nil when it is off.
    let metricsPath: String?
    /// Routers whose `X-Forwarded-For` is believed.
    let trustedProxies: Set<String>

    /// `advertisedURL` is the SOAP URL clients should use (it goes into the WSDL's address).
    init(
        service: SOAPService, advertisedURL: String, admin: AdminEndpoint?, metrics: NodeMetrics, metricsPath: String?,
        trustedProxies: Set<String>, health: @escaping @Sendable () async -> NodeHealth
    ) {
        self.trustedProxies = trustedProxies
        self.service = service
        self.metrics = metrics
        self.metricsPath = metricsPath
        self.wsdl = WSDL.document(location: advertisedURL)
        self.admin = admin
        self.health = health
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/soap"):
            let client = ClientAddress.client(
                peer: request.remoteAddress, forwardedFor: request.headers["X-Forwarded-For"], trusted: trustedProxies)
            let call = SOAPCall(body: request.body, sessionHeader: request.headers["X-Tessera-Session"], clientAddress: client)
            let start = ContinuousClock.now
            let reply = await service.handle(call)
            let elapsed = (ContinuousClock.now - start).components
            metrics.record(reply, seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
            return HTTPResponse(status: reply.status, headers: ["Content-Type": "text/xml; charset=utf-8"], body: reply.body)
        case ("GET", "/soap") where request.query?.lowercased() == "wsdl":
            return HTTPResponse(status: 200, headers: ["Content-Type": "text/xml; charset=utf-8"], body: wsdl)
        case ("GET", "/health"):
            let state = await health()
            return .text(state.isReady ? 200 : 503, state.description + "\n")
        case ("GET", let path) where path == metricsPath:
            return HTTPResponse(
                status: 200, headers: ["Content-Type": PrometheusText.contentType], body: Array(await metrics.registry.exposition().utf8))
        case (_, let path) where path.hasPrefix("/admin/") && admin != nil:
            return await admin!.respond(to: request)
        case (_, "/soap"), (_, "/health"):
            return HTTPResponse(status: 405, headers: ["Allow": request.path == "/soap" ? "POST, GET" : "GET"])
        default:
            return .text(404, "not found: this node serves /soap, /soap?wsdl and /health\n")
        }
    }
}

/// Whether a node is ready, and why not.
public struct NodeHealth: Sendable, CustomStringConvertible {
    public var problems: [String]
    public var servers: [String]

    public init(problems: [String], servers: [String]) {
        self.problems = problems
        self.servers = servers
    }

    public var isReady: Bool { problems.isEmpty }

    public var description: String {
        isReady
            ? "ready: serving \(servers.isEmpty ? "no server" : servers.joined(separator: ", "))"
            : "not ready: " + problems.joined(separator: "; ")
    }
}
