import HTTP
import Testing

/// gzip and deflate both ways, and the decompression limits.
@Suite struct CompressionTests {
    static let text = Array(String(repeating: "<t:item>Tessera</t:item>", count: 400).utf8)

    @Test func clientAndServerCompressBothWays() async throws {
        try await withServer { server, port in
            let client = try makeClient(port: port) { $0.requestCompression = .gzip }
            let response = try await client.send(HTTPClientRequest(method: "POST", target: "/echo", body: Self.text))
            let same = response.body == Self.text
            #expect(same, "the client inflated the gzip response (\(response.body.count) bytes)")
            #expect(response.headers["X-Content-Encoding"] == "none", "the responder saw the request body decoded")
            #expect(response.headers["X-Request-Length"] == "\(Self.text.count)")
            #expect(server.metrics.bytesReceived < Self.text.count / 4, "the request travelled compressed")
            #expect(server.metrics.bytesSent < Self.text.count / 4, "the response travelled compressed")
            await client.shutdown()
        }
    }

    @Test(arguments: HTTPContentCoding.allCases) func rawRequestBodiesAreDecoded(_ coding: HTTPContentCoding) async throws {
        try await withServer { _, port in
            let raw = try await RawConnection.connect(port: port)
            let body = coding.encode(Self.text)
            try await raw.send(Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: \(coding.rawValue)\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body)
            let response = try await raw.readResponse()
            #expect(response.status == 200)
            #expect(response.headers["content-encoding"] == nil, "not asked for: not compressed")
            let same = response.body == Self.text
            #expect(same, "\(response.body.count) bytes")
            await raw.close()
        }
    }

    @Test func responsesAreCompressedOnlyWhenAskedAndLargeEnough() async throws {
        try await withServer { _, port in
            let raw = try await RawConnection.connect(port: port)
            try await raw.send("GET /big?n=4000 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")
            let gzip = try await raw.readResponse()
            #expect(gzip.headers["content-encoding"] == "gzip")
            #expect(gzip.body.prefix(2) == [0x1F, 0x8B])
            #expect(gzip.body.count < 4_000 / 4)
            let inflated = try HTTPContentCoding.gzip.decode(gzip.body, limit: HTTPDecompressionLimit(maximumBytes: 1 << 20, maximumRatio: 1_000))
            #expect(inflated.count == 4_000)

            try await raw.send("GET /big?n=4000 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: deflate\r\n\r\n")
            let deflate = try await raw.readResponse()
            #expect(deflate.headers["content-encoding"] == "deflate")
            let deflated = try HTTPContentCoding.deflate.decode(deflate.body, limit: HTTPDecompressionLimit(maximumBytes: 1 << 20, maximumRatio: 1_000))
            #expect(deflated.count == inflated.count && deflated == inflated)

            try await raw.send("GET /big?n=4000 HTTP/1.1\r\nHost: x\r\n\r\n")
            let plain = try await raw.readResponse()
            #expect(plain.headers["content-encoding"] == nil)
            let same = plain.body == inflated
            #expect(same)

            try await raw.send("GET /big?n=500 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n")
            let small = try await raw.readResponse()
            #expect(small.headers["content-encoding"] == nil, "under 1 KiB: sent as is")
            #expect(small.body.count == 500)
            await raw.close()
        }
    }

    @Test func aGzipBombIsRejectedByTheDecompressionLimit() async throws {
        let configuration = HTTPServerConfiguration.test { $0.maximumDecompressedBytes = 1 << 20 }
        try await withServer(configuration) { server, port in
            let bomb = HTTPContentCoding.gzip.encode([UInt8](repeating: 0, count: 64 << 20))
            #expect(bomb.count < 100_000)
            let raw = try await RawConnection.connect(port: port)
            try await raw.send(Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n\r\n".utf8) + bomb)
            let response = try await raw.readResponse()
            #expect(response.status == 413)
            #expect(await raw.waitUntilClosed(within: .seconds(5)))
            #expect(server.metrics.rejections[.decompressionLimit] == 1)
            let client = try makeClient(port: port)
            #expect(try await client.send(HTTPClientRequest()).status == 200, "the server still serves")
            await client.shutdown()
        }
    }

    @Test func corruptAndUnsupportedEncodingsAreRejected() async throws {
        try await withServer { server, port in
            let corrupt = try await RawConnection.connect(port: port)
            try await corrupt.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 10\r\n\r\n0123456789")
            #expect(try await corrupt.readResponse().status == 400)
            let brotli = try await RawConnection.connect(port: port)
            try await brotli.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: br\r\nContent-Length: 3\r\n\r\nabc")
            #expect(try await brotli.readResponse().status == 415)
            #expect(server.metrics.rejections[.badCompression] == 1)
            #expect(server.metrics.rejections[.unsupportedContentEncoding] == 1)
        }
    }
}
