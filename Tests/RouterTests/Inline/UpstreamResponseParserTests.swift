import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Router
import TestSupport

@Suite struct UpstreamResponseParserTests {
    typealias Part = UpstreamResponseParser.Part

    /// What the parser made of `pieces`, each fed as one read; the error, if one ended it.
    private func parse(_ pieces: [String], closing: Bool = false) -> (parts: [Part], error: UpstreamResponseParser.ParseError?) {
        var parser = UpstreamResponseParser(maximumHeadBytes: 256)
        var parts: [Part] = []
        do {
            for piece in pieces { try parser.feed(ByteBuffer(string: piece)) { parts.append($0) } }
            if closing { try parser.inputClosed { parts.append($0) } }
            return (parts, nil)
        } catch {
            return (parts, error as? UpstreamResponseParser.ParseError)
        }
    }

    /// The parts with consecutive body slices joined (how reads cut the body does not matter).
    private func joined(_ parts: [Part]) -> [Part] {
        parts.reduce(into: []) { result, part in
            if case .body(let more) = part, case .body(var body)? = result.last {
                body.writeImmutableBuffer(more)
                result[result.count - 1] = .body(body)
            } else {
                result.append(part)
            }
        }
    }

    private func head(_ status: HTTPResponseStatus, _ fields: [(String, String)], version: HTTPVersion = .http1_1) -> HTTPResponseHead {
        HTTPResponseHead(version: version, status: status, headers: HTTPHeaders(fields))
    }

    private let soap = "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\ncontent-length: 11\r\n\r\n<envelope/>"

    @Test func aLengthFramedAnswerInOneRead() {
        let (parts, error) = parse([soap])
        #expect(error == nil)
        #expect(parts == [
            .head(head(.ok, [("Content-Type", "text/xml; charset=utf-8"), ("content-length", "11")]), keepAlive: true),
            .body(ByteBuffer(string: "<envelope/>")),
            .end(nil, trailingBytes: false),
        ])
    }

    @Test func anAnswerCutAtEveryByteReadsTheSame() {
        let whole = parse([soap]).parts
        for cut in 1..<soap.utf8.count {
            let bytes = Array(soap.utf8)
            let (parts, error) = parse([String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)])
            #expect(error == nil, "cut at \(cut)")
            #expect(joined(parts) == whole, "cut at \(cut)")
        }
        let oneByOne = parse(soap.map { String($0) })
        #expect(joined(oneByOne.parts) == whole)
    }

    @Test func chunkedAnswersAreDecodedWithTheirTrailers() {
        let answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5;name=value\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nChecksum: abc\r\n\r\n"
        let expected: [Part] = [
            .head(head(.ok, [("Transfer-Encoding", "gzip, chunked")]), keepAlive: true),
            .body(ByteBuffer(string: "hello 0123456789")),
            .end(HTTPHeaders([("Checksum", "abc")]), trailingBytes: false),
        ]
        #expect(joined(parse([answer]).parts) == expected)
        let oneByOne = parse(answer.map { String($0) })
        #expect(oneByOne.error == nil)
        #expect(joined(oneByOne.parts) == expected)
        #expect(joined(parse(["HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n"]).parts).last == .end(nil, trailingBytes: false))
        // An empty last list element does not count; whitespace before an extension is allowed.
        let spaced = parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, \r\n\r\n3 ;x\r\nabc\r\n0\r\n\r\n"])
        #expect(spaced.error == nil)
        #expect(joined(spaced.parts).dropFirst().first == .body(ByteBuffer(string: "abc")))
    }

    @Test func answersWithoutABodyAndInterimAnswers() {
        #expect(parse(["HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n"]).parts == [
            .head(head(.noContent, [("Content-Length", "5")]), keepAlive: true), .end(nil, trailingBytes: false),
        ])
        let (parts, error) = parse(["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", soap])
        #expect(error == nil)
        #expect(parts.count == 3)
        if case .head(let final, _)? = parts.first { #expect(final.status == .ok) } else { Issue.record("no final head") }
        #expect(parse(["HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"]).error == .switchingProtocols)
    }

    @Test func anAnswerFramedByTheCloseEndsAtTheClose() {
        let (parts, error) = parse(["HTTP/1.1 200 OK\r\n\r\nsome", " more"], closing: true)
        #expect(error == nil)
        #expect(joined(parts) == [.head(head(.ok, []), keepAlive: false), .body(ByteBuffer(string: "some more")), .end(nil, trailingBytes: false)])
        #expect(parse(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"], closing: true).error == .truncated)
        #expect(parse(["HTTP/1.1 200 OK\r\nContent-Le"], closing: true).error == .truncated)
    }

    @Test func whetherTheNodeKeepsTheConnection() {
        func keepAlive(_ head: String) -> Bool? {
            if case .head(_, let keepAlive)? = parse([head + "\r\n\r\n"]).parts.first { keepAlive } else { nil }
        }
        #expect(keepAlive("HTTP/1.1 200 OK\r\nContent-Length: 0") == true)
        #expect(keepAlive("HTTP/1.1 200 OK\r\nConnection: Upgrade, Close\r\nContent-Length: 0") == false)
        #expect(keepAlive("HTTP/1.0 200 OK\r\nContent-Length: 0") == false)
        #expect(keepAlive("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0") == true)
        #expect(keepAlive("HTTP/1.1 200\r\nContent-Length: 0") == true)  // no reason phrase
    }

    @Test func bytesAfterTheEndAreReported() {
        #expect(parse([soap + "HTTP/1.1 200 OK\r\n"]).parts.last == .end(nil, trailingBytes: true))
    }

    @Test func whatCouldBeReadTwoWaysIsAnError() {
        let cases: [(String, UpstreamResponseParser.ParseError)] = [
            ("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", .malformedStatusLine),
            ("HTTP/2.0 200 OK\r\n\r\n", .malformedStatusLine),
            ("HTTP/1.1 20 OK\r\n\r\n", .malformedStatusLine),
            ("HTTP/1.1 099 Low\r\n\r\n", .malformedStatusLine),
            ("HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n", .malformedField),
            ("HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n", .malformedField),
            ("HTTP/1.1 200 OK\r\nX: a\u{01}b\r\n\r\n", .malformedField),
            ("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n", .malformedField),
            ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", .invalidContentLength),
            ("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\n", .invalidContentLength),
            ("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n", .invalidContentLength),
            ("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n", .invalidContentLength),
            ("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", .conflictingFraming),
            ("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", .conflictingFraming),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", .invalidChunk),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 6\r\n", .invalidChunk),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n;ext\r\n", .invalidChunk),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n", .invalidChunk),
            ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY", .invalidChunk),
            ("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 300), .headTooLarge),
            ("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 300) + "\r\n\r\n", .headTooLarge),
        ]
        for (answer, expected) in cases {
            #expect(parse([answer]).error == expected, "\(answer.debugDescription)")
        }
    }
}

extension UpstreamResponseParserTests {
    /// Mangled answers, cut at random places: the parser never traps, never passes on more body
    /// than it was given, emits nothing after an end, and an end comes at most once.
    @Test func mangledAnswersNeverGiveMoreThanTheyHold() {
        let seeds = [
            soap, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 3\r\n\r\nabc",
        ].map { Array($0.utf8) }
        let alphabet = Array("\r\n :;0123456789aAfFxHTP/.-,\t\u{0}".utf8)
        var random = SplitMix64(seed: 20_261_129)  // seeded: a failure replays
        for round in 0..<3_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = alphabet.randomElement(using: &random)!
                case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                default: if bytes.count > 1 { bytes.remove(at: at) }
                }
            }
            var parser = UpstreamResponseParser(maximumHeadBytes: 256)
            var bodyBytes = 0, ends = 0, afterEnd = 0
            var offset = 0
            do {
                while offset < bytes.count {
                    let next = min(bytes.count, offset + Int.random(in: 1...40, using: &random))
                    try parser.feed(ByteBuffer(bytes: bytes[offset..<next])) { part in
                        if ends > 0 { afterEnd += 1 }
                        switch part {
                        case .body(let chunk): bodyBytes += chunk.readableBytes
                        case .end: ends += 1
                        case .head: break
                        }
                    }
                    offset = next
                }
                try parser.inputClosed { _ in ends += 1 }
            } catch {}
            #expect(bodyBytes <= bytes.count && ends <= 1 && afterEnd == 0, "round \(round): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }
}

@Suite struct ForwardedRequestBytesTests {
    /// The bytes the inline path writes are the bytes NIO's encoder writes for the same head.
    @Test func theWrittenHeadIsTheEncodedOne() throws {
        let endpoint = UpstreamEndpoint(host: "node1.example", port: 8443, useTLS: false)
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/soap", headers: [
            "Content-Type": "text/xml", "Connection": "keep-alive", "X-Forwarded-For": "10.0.0.1", "x-forwarded-for": "10.0.0.2",
            "X-Tessera-Session": "token", "Host": "router.example", "X-Forwarded-Proto": "http", "Content-Length": "42",
            "connection": "X-Hop, close", "X-Hop": "secret",
        ])
        for peer in ["192.0.2.7", nil] as [String?] {
            for usesTLS in [false, true] {
                let channel = EmbeddedChannel(handler: HTTPRequestEncoder())
                try channel.writeOutbound(HTTPClientRequestPart.head(ForwardedHeads.request(head, to: endpoint, peer: peer, usesTLS: usesTLS)))
                let encoded = try #require(try channel.readOutbound(as: ByteBuffer.self))
                var written = ByteBuffer()
                ForwardedHeads.writeRequest(head, to: endpoint, peer: peer, usesTLS: usesTLS, into: &written)
                #expect(String(buffer: written) == String(buffer: encoded))
                #expect(String(buffer: written).contains(peer == nil ? "X-Forwarded-For: 10.0.0.1\r\n" : "X-Forwarded-For: 10.0.0.1, 192.0.2.7\r\n"))
                #expect(!String(buffer: written).lowercased().contains("connection:"))
                #expect(!String(buffer: written).contains("X-Hop"), "a field the Connection header names is hop-by-hop")
                _ = try channel.finish()
            }
        }
    }

    @Test func answersLoseHopByHopFieldsAndAnHTTP10ClientGetsNoTransferEncoding() {
        let node = HTTPResponseHead(version: .http1_1, status: .ok, headers: [
            "Content-Type": "text/xml", "Transfer-Encoding": "chunked", "Connection": "X-Hop", "X-Hop": "1", "Keep-Alive": "timeout=5",
        ])
        let toHTTP11 = ForwardedHeads.response(node, version: .http1_1, clientKeepAlive: true)
        #expect(toHTTP11.headers.map(\.name) == ["Content-Type", "Transfer-Encoding"])
        #expect(ForwardedHeads.answerEndsWithClose(node, clientVersion: .http1_1) == false)
        #expect(ForwardedHeads.answerEndsWithClose(node, clientVersion: .http1_0) == true)
        let toHTTP10 = ForwardedHeads.response(node, version: .http1_0, clientKeepAlive: false)
        #expect(toHTTP10.headers.map(\.name) == ["Content-Type", "Connection"])
        #expect(toHTTP10.headers.first(name: "Connection") == "close")
        let keptHTTP10 = ForwardedHeads.response(HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "3"]), version: .http1_0, clientKeepAlive: true)
        #expect(keptHTTP10.headers.first(name: "Connection") == "keep-alive")
        let sized = HTTPResponseHead(version: .http1_1, status: .ok, headers: ["Content-Length": "3"])
        #expect(ForwardedHeads.answerEndsWithClose(sized, clientVersion: .http1_0) == false)
    }
}
