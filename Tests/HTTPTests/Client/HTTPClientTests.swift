@testable import HTTP
import TestSupport
import Testing

/// The client against a real server: reconnects, errors.
@Suite struct HTTPClientTests {
    @Test func aPooledConnectionClosedByTheServerIsReplacedTransparently() async throws {
        // 1 s: a loaded machine may take longer than a shorter idle timeout to send the request
        // on the new connection, which the server would then close as idle too.
        try await withServer(.test { $0.keepAliveIdleTimeout = .seconds(1) }) { server, port in
            let client = try makeClient(port: port) { $0.maximumConnections = 1 }
            #expect(try await client.send(HTTPClientRequest()).status == 200)
            #expect(await waitUntil(within: .seconds(5)) { server.metrics.openConnections == 0 }, "the server closed the idle connection")
            // At once: the client may not have seen the close yet; a GET is retried if so.
            #expect(try await client.send(HTTPClientRequest(target: "/echo?again")).status == 200)
            #expect(await waitUntil(within: .seconds(5)) { server.metrics.openConnections == 0 })
            // Later: the client has seen the close (waited for, not slept for: under the full
            // parallel run its loop can lag; make test failed so once) and opens a new
            // connection for a POST, which it would not retry.
            #expect(await waitUntil(within: .seconds(10)) { client.openIdleConnections == 0 }, "the client saw the close")
            #expect(try await client.send(HTTPClientRequest(method: "POST", target: "/echo", body: [1])).body == [1])
            #expect(server.metrics.connectionsAccepted == 3)
            await client.shutdown()
        }
    }

    @Test func nothingListeningIsConnectionRefused() async throws {
        let closed = ClosedPort()
        let client = try makeClient(port: closed.port)
        #expect(await clientError(client) == .connectionRefused)
        await client.shutdown()
    }

    @Test func aSlowResponseTimesOut() async throws {
        try await withServer { _, port in
            let client = try makeClient(port: port) { $0.responseTimeout = .milliseconds(300) }
            // The response would take 60 s (the server's task is cancelled at the end): the
            // timeout fires first however late a busy machine runs the timer, and the bound on
            // the time taken only has to tell the timeout from the response.
            let started = ContinuousClock.now
            #expect(await clientError(client, HTTPClientRequest(target: "/sleep?ms=60000")) == .responseTimeout)
            #expect(ContinuousClock.now - started < .seconds(30))
            // On a new connection; a loaded machine may need more than the 300 ms for it too.
            var recovered = false
            for _ in 0..<10 where !recovered {
                recovered = (try? await client.send(HTTPClientRequest()))?.status == 200
            }
            #expect(recovered, "the client recovers on a new connection")
            await client.shutdown()
        }
    }

    @Test func aResponseOverTheLimitIsRefused() async throws {
        try await withServer { _, port in
            let client = try makeClient(port: port) { $0.maximumResponseBytes = 10_000 }
            #expect(await clientError(client, HTTPClientRequest(target: "/big?n=20000")) == .responseTooLarge)
            await client.shutdown()
        }
    }

    @Test func aShutDownClientRefusesRequests() async throws {
        try await withServer { _, port in
            let client = try makeClient(port: port)
            #expect(try await client.send(HTTPClientRequest()).status == 200)
            await client.shutdown()
            #expect(await clientError(client) == .shutDown)
        }
    }
}
