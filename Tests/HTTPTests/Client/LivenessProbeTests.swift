import HTTP
import TestSupport
import Testing

/// The watchdog's liveness probe: any answer of the listener counts; silence and refusal do not.
@Suite struct LivenessProbeTests {
    static func probe(port: Int, tls: Bool = false, path: String = "/health", timeout: Duration = .seconds(5)) throws -> LivenessProbe {
        try LivenessProbe(listenHost: "127.0.0.1", port: port, tls: tls, path: path, timeout: timeout)
    }

    @Test func aListenerThatAnswersIsAlive() async throws {
        try await withServer { _, port in
            try await Self.probe(port: port).check()
            try await Self.probe(port: port, path: "/nothing-here").check()
        }
    }

    @Test func aWildcardListenerIsProbedOnLoopback() throws {
        #expect(try LivenessProbe(listenHost: "0.0.0.0", port: 236, tls: false, path: "/health", timeout: .seconds(1)).endpoint.host == "127.0.0.1")
        #expect(try LivenessProbe(listenHost: "::", port: 236, tls: false, path: "/health", timeout: .seconds(1)).endpoint.host == "::1")
        #expect(try LivenessProbe(listenHost: "10.0.0.11", port: 236, tls: false, path: "/health", timeout: .seconds(1)).endpoint.host == "10.0.0.11")
    }

    @Test func aResponderThatHangsIsNot() async throws {
        try await withServer { _, port in
            let error = await #expect(throws: LivenessFailure.self) {
                try await Self.probe(port: port, path: "/sleep?ms=3000", timeout: .milliseconds(300)).check()
            }
            #expect(error?.cause.code == .responseTimeout)
            #expect(error?.description.hasPrefix("http://127.0.0.1:\(port)/sleep?ms=3000: responseTimeout") == true, "\(String(describing: error))")
        }
    }

    @Test func nothingListeningIsNot() async throws {
        let closed = ClosedPort()
        let error = await #expect(throws: LivenessFailure.self) { try await Self.probe(port: closed.port, timeout: .seconds(2)).check() }
        #expect(error?.cause.code == .connectionRefused)
    }

    @Test func aFullServerStillAnswers() async throws {
        try await withServer(.test { $0.maximumConnections = 1 }) { _, port in
            let held = try await RawConnection.connect(port: port)
            try await held.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try await held.readResponse()
            try await Self.probe(port: port).check()
            await held.close()
        }
    }

    @Test func overTLSTheCertificateIsNotItsConcern() async throws {
        try await TLSTests.withTLSServer { _, port in
            try await Self.probe(port: port, tls: true).check()
        }
    }
}
