import HTTP
import Testing

/// Size limits and the rejection hook.
@Suite struct LimitTests {
    /// A configuration whose rejections answer like the SOAP endpoint will: a fault body.
    static func soapLike() -> HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration.test {
            $0.maximumBodyBytes = 64 << 10
            $0.maximumHeaderBytes = 2_048
        }
        configuration.rejectionResponse = { rejection in
            HTTPResponse(
                status: rejection.status, headers: ["Content-Type": "text/xml"],
                body: Array("<fault reason=\"\(rejection.reason.rawValue)\"/>".utf8))
        }
        return configuration
    }

    @Test func aBodyOverTheLimitGetsTheRejectionAnswerAndTheConnectionCloses() async throws {
        try await withServer(Self.soapLike()) { server, port in
            let raw = try await RawConnection.connect(port: port)
            let body = [UInt8](repeating: 65, count: 200 << 10)
            try await raw.send(Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            let response = try await raw.readResponse()
            #expect(response.status == 413)
            #expect(String(decoding: response.body, as: UTF8.self) == "<fault reason=\"bodyTooLarge\"/>")
            #expect(response.headers["connection"] == "close")
            #expect(await raw.waitUntilClosed(within: .seconds(5)))

            // Chunked: no Content-Length to check up front; counted as it arrives.
            let chunked = try await RawConnection.connect(port: port)
            try await chunked.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            for _ in 0..<20 { try? await chunked.send("1000\r\n" + String(repeating: "b", count: 4_096) + "\r\n") }
            #expect(try await chunked.readResponse().status == 413)
            #expect(await chunked.waitUntilClosed(within: .seconds(5)))
            #expect(server.metrics.rejections[.bodyTooLarge] == 2)

            let client = try makeClient(port: port)
            let fine = try await client.send(HTTPClientRequest(method: "POST", target: "/echo", body: [UInt8](repeating: 1, count: 64 << 10)))
            #expect(fine.status == 200 && fine.body.count == 64 << 10, "the server still serves, up to the limit")
            await client.shutdown()
        }
    }

    @Test func headersOverTheLimitAreAnswered431() async throws {
        try await withServer(Self.soapLike()) { server, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "h", count: 4_000))\r\n\r\n")
            let response = try await raw.readResponse()
            #expect(response.status == 431)
            #expect(await raw.waitUntilClosed(within: .seconds(5)))

            let longTarget = try await RawConnection.connect(port: port)
            try await longTarget.send("GET /\(String(repeating: "p", count: 100_000)) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await longTarget.readResponse().status == 431)
            #expect(server.metrics.rejections[.headersTooLarge] == 2)
        }
    }

    @Test func aNilRejectionResponseClosesWithoutAnswer() async throws {
        var configuration = Self.soapLike()
        configuration.rejectionResponse = { _ in nil }
        try await withServer(configuration) { _, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("BAD\r\n\r\n")
            #expect(await raw.waitUntilClosed(within: .seconds(5)))
            #expect(raw.unread.isEmpty)
        }
    }
}
