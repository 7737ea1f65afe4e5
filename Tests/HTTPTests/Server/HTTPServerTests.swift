import HTTP
import Testing

/// Real sockets on loopback: keep-alive, pipelining, malformed input, connection limits, load.
@Suite struct HTTPServerTests {
    @Test func hundredRequestsShareOneKeepAliveConnection() async throws {
        try await withServer { server, port in
            let client = try makeClient(port: port) { $0.maximumConnections = 1 }
            for i in 0..<100 {
                let response = try await client.send(HTTPClientRequest(method: "POST", target: "/echo?i=\(i)", body: Array("n\(i)".utf8)))
                #expect(response.status == 200)
                #expect(response.body == Array("n\(i)".utf8))
                #expect(response.headers["X-Query"] == "i=\(i)")
            }
            await client.shutdown()
            #expect(server.metrics.connectionsAccepted == 1)
            // Counted when the server's write completes, which may be just after the client read it.
            #expect(await waitUntil(within: .seconds(5)) { server.metrics.requestsServed == 100 })
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer { server, port in
            let raw = try await RawConnection.connect(port: port)
            // The first is the slowest: a server answering in completion order would reorder.
            let requests = [300, 0, 100, 0].enumerated().map { i, ms in
                "GET /sleep?ms=\(ms) HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n\(i)"
            }
            try await raw.send(requests.joined())
            for (i, ms) in [300, 0, 100, 0].enumerated() {
                let slept = try await raw.readResponse()
                #expect(String(decoding: slept.body, as: UTF8.self) == "slept \(ms)")
                let echo = try await raw.readResponse()
                #expect(echo.body == Array("\(i)".utf8))
            }
            #expect(!raw.isClosed)
            await raw.close()
        }
    }

    @Test func malformedRequestLineIsAnswered400AndClosed() async throws {
        try await withServer { server, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("GET /\u{01} HTTP/1.1 what\r\nHost: x\r\n\r\n")
            let response = try await raw.readResponse()
            #expect(response.status == 400)
            #expect(response.headers["connection"] == "close")
            #expect(await raw.waitUntilClosed(within: .seconds(5)))
            #expect(server.metrics.rejections[.malformedRequest] == 1)
            let client = try makeClient(port: port)
            #expect(try await client.send(HTTPClientRequest()).status == 200, "the server still serves")
            await client.shutdown()
        }
    }

    @Test func connectionsOverTheMaximumAreAnswered503() async throws {
        try await withServer(.test { $0.maximumConnections = 2 }) { server, port in
            let first = try await RawConnection.connect(port: port)
            let second = try await RawConnection.connect(port: port)
            try await first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            try await second.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await first.readResponse().status == 200)
            #expect(try await second.readResponse().status == 200)
            // Answered at once, before any request: the client may see the close before it sends.
            let third = try await RawConnection.connect(port: port)
            try? await third.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            let refused = try await third.readResponse()
            #expect(refused.status == 503)
            #expect(await third.waitUntilClosed(within: .seconds(5)))
            #expect(server.metrics.rejections[.tooManyConnections] == 1)
            await first.close()
            #expect(await waitUntil(within: .seconds(5)) { server.metrics.openConnections == 1 })
            let fourth = try await RawConnection.connect(port: port)
            try await fourth.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try await fourth.readResponse().status == 200, "a freed slot is usable again")
            await second.close()
            await fourth.close()
        }
    }

    @Test func sixtyFourConcurrentClientsAreAllAnswered() async throws {
        try await withServer { server, port in
            let client = try makeClient(port: port) { $0.maximumConnections = 64 }
            let perClient = 20
            let answered = try await withThrowingTaskGroup(of: Int.self) { group in
                for c in 0..<64 {
                    group.addTask {
                        var ok = 0
                        for r in 0..<perClient {
                            let body = Array("\(c)-\(r)".utf8)
                            let response = try await client.send(HTTPClientRequest(method: "POST", target: "/echo", body: body))
                            if response.status == 200, response.body == body { ok += 1 }
                        }
                        return ok
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(answered == 64 * perClient)
            #expect(server.metrics.connectionsAccepted <= 64)
            await client.shutdown()
        }
    }

    @Test func expectContinueAndHTTP10AreHonoured() async throws {
        try await withServer { _, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(try await raw.readResponse().status == 100, "the client may send the body")
            try await raw.send("hello")
            let echoed = try await raw.readResponse()
            #expect(echoed.status == 200 && echoed.body == Array("hello".utf8))

            let old = try await RawConnection.connect(port: port)
            try await old.send("GET / HTTP/1.0\r\n\r\n")
            let response = try await old.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["connection"] == "close")
            #expect(await old.waitUntilClosed(within: .seconds(5)), "HTTP/1.0 without keep-alive: one request")
        }
    }

    @Test func headRequestsGetHeadersOnly() async throws {
        try await withServer { _, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("HEAD /big?n=5000 HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
            // RawResponse would read a body of Content-Length bytes: check the bytes instead.
            #expect(await waitUntil(within: .seconds(5)) { String(decoding: raw.unread, as: UTF8.self).hasSuffix("ok") })
            let text = String(decoding: raw.unread, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.lowercased().contains("content-length: 5000\r\n"))
            #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 3, "two responses, the first without a body")
            await raw.close()
        }
    }
}
