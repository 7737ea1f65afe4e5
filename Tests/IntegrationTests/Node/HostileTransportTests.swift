import Foundation
import TestSupport
import Testing

extension NodeProcessTests {
    /// Hostile HTTP over a real socket against a node with `header_timeout = "2s"` and
    /// `body_timeout = "3s"` (and the default 4 MiB `max_body`): bodies far over the limit, heads
    /// and bodies dripped a byte at a time, a gzip bomb, oversized heads, unknown encodings.
    /// Each is refused (with its status and a SOAP fault) or cut off (the connection closed)
    /// within its limit; the node then still answers `/health` and alice's requests, and her
    /// store is unchanged.
    @Suite("Hostile transport") struct HostileTransportTests {
        static let headerTimeout = 2.0
        static let bodyTimeout = 3.0
        /// What a timeout may overrun by on two loaded cores.
        static let slack = 1.5
        static let hundredMegabytes = 100 << 20

        @Test func oversizedAndDrippedRequestsAreCutOff() async throws {
            try await HostileFixture.run(configure: { $0.limits = ["header_timeout": "\"2s\"", "body_timeout": "\"3s\""] }) { fixture in
                let port = fixture.client.port
                for chunked in [false, true] {
                    let what = chunked ? "100 MB chunked body" : "100 MB body with its Content-Length"
                    let head = RawSOAPClient.head(contentLength: Self.hundredMegabytes, headers: chunked ? ["Transfer-Encoding": "chunked"] : [:])
                    let started = ContinuousClock.now
                    let outcome = try await OwnThread.run {
                        try RawSocket(port: port).flood(head: head, total: Self.hundredMegabytes, chunked: chunked)
                    }
                    print("node process: \(what) refused after \(outcome.sent >> 20) MiB sent, in \(ContinuousClock.now - started)")
                    #expect(outcome.sent < Self.hundredMegabytes, "\(what): the node read the whole body")
                    fixture.expectFault(outcome.response, "MAPI_E_TOO_BIG", status: 413, what)
                    #expect(outcome.closed, "\(what): the connection is closed afterwards")
                    try await fixture.expectUnharmed(after: what)
                }

                let slowHead = Array("POST /soap HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: \(String(repeating: "a", count: 100))\r\n\r\n".utf8)
                let headDrip = try await OwnThread.run { try RawSocket(port: port).dripped(slowHead) }
                print("node process: a head dripped at 300 ms a byte was closed after \(headDrip.elapsed) s (header_timeout 2 s)")
                expectCutOff(headDrip, limit: Self.headerTimeout, "a head dripped a byte every 300 ms")
                try await fixture.expectUnharmed(after: "a dripped head")

                // A harmless SetProps (the subject alice's item has), never complete.
                let body = HostileBodies.setProps(
                    object: fixture.item, tag: "0x0037001F", value: "<t:unicode>keep me</t:unicode>", token: fixture.token)
                let bodyDrip = try await OwnThread.run { try RawSocket(port: port).dripped(body, after: RawSOAPClient.head(contentLength: body.count)) }
                print("node process: a body dripped at 300 ms a byte was closed after \(bodyDrip.elapsed) s (body_timeout 3 s)")
                expectCutOff(bodyDrip, limit: Self.bodyTimeout, "a body dripped a byte every 300 ms")
                try await fixture.expectUnharmed(after: "a dripped body")
            }
        }

        /// Refusals the HTTP layer answers before any SOAP is parsed, each with its status and a
        /// fault: a gzip bomb, a head over `max_header`, an encoding the node does not speak, a
        /// corrupt gzip body, and a gzip body of 8 MiB only 4× compressed (no bomb by its ratio,
        /// but over `max_body` once decoded; regression: it was decoded whole, up to 64 MiB, and
        /// refused only by the SOAP parser).
        @Test func compressedAndOversizedHeadsAreRefused() async throws {
            try await HostileFixture.run { fixture in
                let envelope = HostileBodies.setProps(
                    object: fixture.item, tag: "0x0037001F", value: "<t:unicode>changed</t:unicode>", token: fixture.token)
                var random = SplitMix64(seed: 7)
                let letters = Array("acgt".utf8)
                let text = (0..<(8 << 20)).map { _ in letters[Int(random.next() % 4)] }
                let (bomb, corrupt, compressed) = try await OwnThread.run {
                    (try Gzip.zeros(count: 256 << 20), Array(try Gzip.compress(envelope).dropLast(12)) + [1, 2, 3], try Gzip.compress(text))
                }
                let gzip = ["Content-Encoding": "gzip"]
                try await fixture.expectRefused([
                    HostileCase(what: "a gzip bomb (256 MiB of zeros)", body: bomb, headers: gzip, status: 413, fault: "MAPI_E_TOO_BIG"),
                    HostileCase(
                        what: "a 64 KiB header field", body: envelope, headers: ["X-Padding": String(repeating: "a", count: 64 << 10)], status: 431,
                        fault: "MAPI_E_TOO_BIG"),
                    HostileCase(what: "Content-Encoding: br", body: envelope, headers: ["Content-Encoding": "br"], status: 415, fault: "MAPI_E_NO_SUPPORT"),
                    HostileCase(what: "a corrupt gzip body", body: corrupt, headers: gzip, status: 400, fault: "MAPI_E_INVALID_PARAMETER"),
                    HostileCase(
                        what: "8 MiB gzipped to \(compressed.count >> 10) KiB", body: compressed, headers: gzip, status: 413, fault: "MAPI_E_TOO_BIG"),
                ])
            }
        }

        func expectCutOff(_ drip: DripOutcome, limit: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(drip.closed, "\(what): still open after \(drip.elapsed) s", sourceLocation: sourceLocation)
            #expect(drip.elapsed < limit + Self.slack, "\(what): closed after \(drip.elapsed) s", sourceLocation: sourceLocation)
            #expect(drip.elapsed > limit - 0.5, "\(what): closed after \(drip.elapsed) s, before its limit", sourceLocation: sourceLocation)
            #expect(drip.received.isEmpty, "\(what): a timeout closes without an answer", sourceLocation: sourceLocation)
        }
    }
}
