import HTTP
import TestSupport
import Testing

/// A server that stops while connections are still being accepted: no accepted connection may
/// be dropped unserved (a dropped connection `NIOAsyncChannel` traps the whole process), and
/// `run()` returns, having closed every connection it accepted while the clients still hold
/// theirs open. Each round starts a server, has four threads connect to it as fast as they can
/// and stops it while they go on (``raceListenerStop(_:run:port:started:stopped:)``).
@Suite(.serialized) struct AcceptRaceTests {
    static let rounds = 25

    @Test(.timeLimit(.minutes(5)), arguments: ListenerStop.allCases)
    func connectionsArrivingDuringTheStopAreNeverDropped(stop: ListenerStop) async throws {
        for _ in 0..<Self.rounds {
            var configuration = HTTPServerConfiguration.test()
            configuration.shutdownGracePeriod = .milliseconds(200)
            let server = try HTTPServer(configuration: configuration, responder: TestResponder(), logger: quietLogger)
            var busy: RawConnection?
            let raced = try await raceListenerStop(
                stop, run: { try await server.run() }, port: { try await server.boundAddress().port },
                started: { port in
                    // A request in progress that outlasts the grace period, or an idle connection.
                    busy = try await RawConnection.connect(port: port)
                    if stop == .gracePeriodExpiry { try await busy?.send("GET /sleep?ms=60000 HTTP/1.1\r\nHost: x\r\n\r\n") }
                },
                stopped: { #expect(server.metrics.openConnections == 0, "every connection accepted was closed") })
            #expect(raced)
            await busy?.close()
        }
    }
}
