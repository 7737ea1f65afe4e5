import Foundation
import HTTP
import Logging

/// A logger that keeps the test output quiet.
let quietLogger: Logger = {
    var logger = Logger(label: "tessera.http.test")
    logger.logLevel = .critical
    return logger
}()

extension HTTPServerConfiguration {
    /// Loopback, a free port, the default limits unless changed.
    static func test(_ change: (inout HTTPServerLimits) -> Void = { _ in }) -> HTTPServerConfiguration {
        var limits = HTTPServerLimits()
        change(&limits)
        return HTTPServerConfiguration(host: "127.0.0.1", port: 0, limits: limits)
    }
}

/// Runs a server on a free loopback port for the duration of `body`, then cancels it.
func withServer<T: Sendable>(
    _ configuration: HTTPServerConfiguration = .test(), responder: any HTTPResponder = TestResponder(),
    _ body: (HTTPServer, Int) async throws -> T
) async throws -> T {
    let server = try HTTPServer(configuration: configuration, responder: responder, logger: quietLogger)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run() }
        defer { group.cancelAll() }
        let port = try await server.boundAddress().port
        return try await body(server, port)
    }
}

/// A client for a test server.
func makeClient(port: Int, _ change: (inout HTTPClientConfiguration) -> Void = { _ in }) throws -> HTTPClient {
    var configuration = HTTPClientConfiguration(endpoint: HTTPEndpoint(host: "127.0.0.1", port: port))
    change(&configuration)
    return try HTTPClient(configuration: configuration)
}

/// The tests' application:
/// - `/echo`: the request body back, with `X-Method`, `X-Path`, `X-Query`, `X-Content-Encoding`
///   (the request's, as the responder saw it) and `X-Request-Length` headers;
/// - `/sleep?ms=N`: answers after N milliseconds;
/// - `/big?n=N`: N bytes of compressible text;
/// - anything else: `ok`.
struct TestResponder: HTTPResponder {
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let parameter = request.query.flatMap { query in query.split(separator: "=").last.flatMap { Int($0) } } ?? 0
        switch request.path {
        case "/echo":
            return HTTPResponse(
                status: 200,
                headers: [
                    "X-Method": request.method, "X-Path": request.path, "X-Query": request.query ?? "",
                    "X-Content-Encoding": request.headers["Content-Encoding"] ?? "none",
                    "X-Request-Length": request.headers["Content-Length"] ?? "none",
                ],
                body: request.body)
        case "/sleep":
            try? await Task.sleep(for: .milliseconds(parameter))
            return .text(200, "slept \(parameter)")
        case "/big":
            let line = Array("Tessera stores mail, calendars and contacts. ".utf8)
            return HTTPResponse(status: 200, body: Array((0..<parameter).map { line[$0 % line.count] }))
        default:
            return .text(200, "ok")
        }
    }
}

/// The code of the error `send` throws, `nil` if it succeeds.
func clientError(_ client: HTTPClient, _ request: HTTPClientRequest = HTTPClientRequest()) async -> HTTPClientError.Code? {
    do {
        _ = try await client.send(request)
        return nil
    } catch {
        return error.code
    }
}
