import HTTP
import ServiceLifecycleTestKit
import Testing

/// Graceful shutdown through swift-service-lifecycle.
@Suite struct ShutdownTests {
    /// Runs a server under a graceful shutdown trigger; `body` drives it and triggers the
    /// shutdown; returns `body`'s result once `run()` has returned.
    static func runUntilShutdown<T: Sendable>(
        _ configuration: HTTPServerConfiguration, _ body: (GracefulShutdownTestTrigger, HTTPServer, Int) async throws -> T
    ) async throws -> T {
        let server = try HTTPServer(configuration: configuration, responder: TestResponder(), logger: quietLogger)
        return try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                let result = try await body(trigger, server, try await server.boundAddress().port)
                try await group.next()
                return result
            }
        }
    }

    @Test func gracefulShutdownLetsAnInFlightRequestFinish() async throws {
        let (server, port) = try await Self.runUntilShutdown(.test()) { trigger, server, port in
            let idle = try await RawConnection.connect(port: port)
            try await idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await idle.readResponse().status == 200)
            let busy = try await RawConnection.connect(port: port)
            try await busy.send("GET /sleep?ms=1500 HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .milliseconds(300))

            trigger.triggerGracefulShutdown()
            // "At once" is judged against the busy request's answer, ~1.2 s later, not by the
            // clock alone: under the full parallel run a loop can stall for seconds.
            #expect(await idle.waitUntilClosed(within: .seconds(10)))
            let response = try await busy.readResponse(within: .seconds(10))
            let answered = ContinuousClock.now
            #expect(idle.closedAt.map { $0 < answered } == true, "an idle keep-alive connection closes at once, before the in-flight answer")
            #expect(response.status == 200)
            #expect(String(decoding: response.body, as: UTF8.self) == "slept 1500")
            #expect(response.headers["connection"] == "close")
            #expect(await busy.waitUntilClosed(within: .seconds(2)))
            return (server, port)
        }
        // No longer listening: a connection to the port (refused, or accepted by a server of
        // another test that took the freed port) is not this server's.
        let accepted = server.metrics.connectionsAccepted
        let late = try? await RawConnection.connect(port: port)
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.metrics.connectionsAccepted == accepted, "no longer listening")
        await late?.close()
        #expect(server.metrics.openConnections == 0)
    }

    @Test func theGracePeriodBoundsTheShutdown() async throws {
        var configuration = HTTPServerConfiguration.test()
        configuration.shutdownGracePeriod = .milliseconds(500)
        let (started, busy) = try await Self.runUntilShutdown(configuration) { trigger, _, port in
            let busy = try await RawConnection.connect(port: port)
            try await busy.send("GET /sleep?ms=60000 HTTP/1.1\r\nHost: x\r\n\r\n")
            try await Task.sleep(for: .milliseconds(200))
            trigger.triggerGracefulShutdown()
            return (ContinuousClock.now, busy)
        }
        // run() returns about 0.5 s after the shutdown began. The bound only has to tell the
        // grace period from the request (60 s): under `make test` the cooperative pool, which
        // the grace timer and every task of the shutdown need, is shared with tests that block
        // it (synchronous tests waiting on processes), and was once held up for 7 s.
        let elapsed = ContinuousClock.now - started
        #expect(elapsed < .seconds(30), "run() returned \(elapsed) after the shutdown began")
        // Closed with run()'s end; seen by this task as soon as the shared pool lets it run.
        #expect(await busy.waitUntilClosed(within: .seconds(5)))
        #expect(busy.unread.isEmpty, "the request was cut, not answered")
    }
}
