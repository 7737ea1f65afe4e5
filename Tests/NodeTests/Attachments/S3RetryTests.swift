import Foundation
import HTTP
import Synchronization
import Testing

@testable import Node

/// A stand-in for S3's faults, which moto cannot make: an HTTP server in front of moto that
/// answers the first requests with the statuses of its plan (S3 error bodies) and forwards
/// every later request to moto unchanged (the `Host` header too, so signatures still check).
private final class FaultyS3Proxy: HTTPResponder {
    let upstream: HTTPClient
    private let plan: Mutex<[Int]>
    private let received = Mutex(0)

    init(moto: MotoS3.Server, plan: [Int]) throws {
        upstream = try HTTPClient(configuration: HTTPClientConfiguration(endpoint: HTTPEndpoint(host: "127.0.0.1", port: moto.port)))
        self.plan = Mutex(plan)
    }

    /// Requests seen so far, faulted or forwarded.
    var requests: Int { received.withLock { $0 } }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        received.withLock { $0 += 1 }
        if let status = plan.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) {
            let code = status == 503 ? "SlowDown" : status == 400 ? "InvalidRequest" : "InternalError"
            return HTTPResponse(
                status: status, headers: ["Content-Type": "application/xml", "x-amz-request-id": "FAULT\(status)"],
                body: Array("<Error><Code>\(code)</Code><Message>injected by the test</Message></Error>".utf8))
        }
        var headers = request.headers
        headers.remove("content-length")
        let target = request.path + (request.query.map { "?" + $0 } ?? "")
        do {
            var response = try await upstream.send(HTTPClientRequest(method: request.method, target: target, headers: headers, body: request.body))
            response.headers.remove("content-length")
            response.headers.remove("transfer-encoding")
            return response
        } catch {
            return .text(502, "\(error)")
        }
    }
}

/// Runs a blocking call on a thread of its own, so that the proxy's responders keep Swift's
/// cooperative threads.
private func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

@Suite("S3 retries (moto behind a faulty proxy)")
struct S3RetryTests {
    /// Starts a proxy with `plan` in front of moto, runs `body` with a store whose endpoint is
    /// the proxy, and stops the proxy.
    private func withProxy(plan: [Int], _ body: @escaping @Sendable (S3StoreFixture, FaultyS3Proxy) throws -> Void) async throws {
        let proxy = try FaultyS3Proxy(moto: try MotoS3.server(), plan: plan)
        let server = try HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0), responder: proxy)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = try await server.boundAddress().port
            let fixture = try S3StoreFixture(endpoint: URL(string: "http://127.0.0.1:\(port)")!)
            try await onThread { try body(fixture, proxy) }
            group.cancelAll()
        }
        await proxy.upstream.shutdown()
    }

    @Test("503 SlowDown, 500, 429 and 408 are retried, then the request goes through")
    func retriedThenThrough() async throws {
        try await withProxy(plan: [503, 503]) { fixture, proxy in
            try fixture.store.checkAccess()
            #expect(proxy.requests == 3)
        }
        try await withProxy(plan: [500, 429, 408]) { fixture, proxy in
            let content = Sample.bytes(200_000, seed: 11)
            let writer = try fixture.store.makeWriter()
            try writer.write(content)
            let staged = try writer.finish()
            try fixture.store.prepare(staged)
            // (HEAD through this proxy loses Content-Length; read with the known size.)
            #expect(try fixture.store.openReader(staged.hash, size: Int64(content.count), verify: true).readAll() == content)
            #expect(proxy.requests >= 6)
        }
    }

    @Test("a 4xx is not retried")
    func clientErrorsAreFinal() async throws {
        try await withProxy(plan: [400]) { fixture, proxy in
            let error = try #require(throws: BlobStoreError.self) { try fixture.store.checkAccess() }
            #expect(error.code == .rejected && error.message.contains("HTTP 400 InvalidRequest") && error.message.contains("FAULT400"), "\(error)")
            #expect(proxy.requests == 1)
        }
    }

    @Test("attempts are bounded: 503 every time gives unavailable after 4 tries")
    func bounded() async throws {
        try await withProxy(plan: Array(repeating: 503, count: 10)) { fixture, proxy in
            let error = try #require(throws: BlobStoreError.self) { try fixture.store.checkAccess() }
            #expect(error.code == .unavailable && error.message.contains("SlowDown") && error.message.contains("after 4 tries"), "\(error)")
            #expect(proxy.requests == 4)
        }
    }
}
