import HTTP
import Testing

/// The read deadlines, shortened to 1 s; the slow clients drip a byte every 200 ms.
///
/// A close is timed to the instant the client's event loop saw it (``RawConnection/closedAt``),
/// not to when the test's task noticed: under `make test` the cooperative pool is shared with
/// tests that block it, and a task's sleep can overrun by seconds. The upper bounds (5 s) only
/// need to tell the 1 s deadlines from the defaults (10 s and more) and from a client that is
/// never cut (the dripped head takes about 14 s).
@Suite(.serialized) struct TimeoutTests {
    static let short = HTTPServerConfiguration.test {
        $0.headerReadTimeout = .seconds(1)
        $0.bodyReadTimeout = .seconds(1)
        $0.keepAliveIdleTimeout = .seconds(1)
    }

    @Test func slowlorisHeadersAreCutAtTheHeaderDeadline() async throws {
        try await withServer(Self.short) { server, port in
            // Timed from before the connect: the deadline runs from the accept.
            let started = ContinuousClock.now
            let raw = try await RawConnection.connect(port: port)
            let finished = await raw.drip("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: \(String(repeating: "s", count: 40))\r\n\r\n", every: .milliseconds(200))
            #expect(!finished, "the server closed before the head was complete")
            #expect(await raw.waitUntilClosed(within: .seconds(5)))
            let elapsed = raw.closedAt.map { $0 - started }
            #expect(elapsed.map { $0 >= .milliseconds(900) && $0 < .seconds(5) } == true, "closed after \(String(describing: elapsed))")
            #expect(raw.unread.isEmpty, "a timeout closes without an answer")
            #expect(server.metrics.rejections[.headerTimeout] == 1)
        }
    }

    @Test func aSlowBodyIsCutAtTheBodyDeadline() async throws {
        // A long header deadline: under the full parallel run the loop can stall for a second,
        // and the header deadline then fired first (make test failed so once).
        let configuration = HTTPServerConfiguration.test {
            $0.headerReadTimeout = .seconds(30)
            $0.bodyReadTimeout = .seconds(1)
            $0.keepAliveIdleTimeout = .seconds(1)
        }
        try await withServer(configuration) { server, port in
            let raw = try await RawConnection.connect(port: port)
            // Timed from before the head is sent: the deadline runs from its end.
            let started = ContinuousClock.now
            try await raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
            let finished = await raw.drip(String(repeating: "b", count: 100), every: .milliseconds(200))
            #expect(!finished)
            #expect(await raw.waitUntilClosed(within: .seconds(5)))
            let elapsed = raw.closedAt.map { $0 - started }
            #expect(elapsed.map { $0 >= .milliseconds(900) && $0 < .seconds(5) } == true, "closed after \(String(describing: elapsed))")
            #expect(server.metrics.rejections[.bodyTimeout] == 1)
        }
    }

    @Test func idleKeepAliveConnectionsAreClosed() async throws {
        try await withServer(Self.short) { server, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await raw.readResponse().status == 200)
            #expect(await raw.waitUntilClosed(within: .seconds(6)))
            // From the response's arrival: the idle deadline runs from its end.
            let elapsed = raw.closedAt.flatMap { closed in raw.lastRead.map { closed - $0 } }
            #expect(elapsed.map { $0 >= .milliseconds(800) && $0 < .seconds(5) } == true, "closed after \(String(describing: elapsed))")
            #expect(server.metrics.rejections.isEmpty, "an idle close is no rejection")

            let silent = try await RawConnection.connect(port: port)
            // Generous: under a full parallel test run the server may accept the connection late.
            #expect(await silent.waitUntilClosed(within: .seconds(10)), "a connection that never sends is closed at the header deadline")
        }
    }

    @Test func aLongRunningResponderIsNotCutOff() async throws {
        try await withServer(Self.short) { server, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("GET /sleep?ms=3000 HTTP/1.1\r\nHost: x\r\n\r\n")
            let response = try await raw.readResponse(within: .seconds(10))
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "slept 3000")
            #expect(!raw.isClosed)
            let client = try makeClient(port: port) { $0.responseTimeout = .seconds(10) }
            let viaClient = try await client.send(HTTPClientRequest(target: "/sleep?ms=2500"))
            #expect(viaClient.status == 200)
            await client.shutdown()
            #expect(server.metrics.rejections.isEmpty)
        }
    }
}
