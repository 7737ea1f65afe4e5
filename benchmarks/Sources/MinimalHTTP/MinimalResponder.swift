import HTTP
import Logging

/// The minimal responder: a fixed 2-byte answer to every request, so that a load run against it
/// measures the HTTP layer alone (its ceiling). `tessera-http-bench` and `tessera-soap-bench`
/// both run it, so that their figures stand beside each other.
public struct MinimalResponder: HTTPResponder {
    /// The responder.
    public init() {}

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        HTTPResponse(status: 200, headers: ["Content-Type": "text/plain"], body: Array("ok".utf8))
    }

    /// An `HTTPServer` on 127.0.0.1:`port` (0: a free one) with this responder, room for 4,096
    /// connections and a logger that only speaks up for warnings.
    public static func server(port: Int) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: port)
        configuration.limits.maximumConnections = 4_096
        var logger = Logger(label: "tessera.http.bench")
        logger.logLevel = .warning
        return try HTTPServer(configuration: configuration, responder: MinimalResponder(), logger: logger)
    }
}
