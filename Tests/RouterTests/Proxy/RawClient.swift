import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A request for ``RawClient``.
struct Request: Sendable {
    var head: HTTPRequestHead
    var body: [UInt8]
}

/// An answer from ``RawClient`` (interim 1xx heads skipped).
struct Answer: Sendable {
    var head: HTTPResponseHead
    var body: [UInt8]
}

/// HTTP/1.1 over one keep-alive connection, with NIO's codec: requests written all at once
/// (pipelined) or one after the other's answer.
enum RawClient {
    /// With `tls`, over HTTPS to `localhost` (the name checked against the certificate).
    static func exchange(port: Int, _ requests: [Request], oneAtATime: Bool = false, tls: NIOSSLContext? = nil) async throws -> [Answer] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: "localhost")) }
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var answers: [Answer] = []
            var parts = inbound.makeAsyncIterator()
            // One write per request: the router may answer (and close, after an answer that
            // ends with the close) as soon as the body is in, before a separate write of the
            // empty end would run.
            func send(_ request: Request) async throws {
                var parts: [HTTPClientRequestPart] = [.head(request.head)]
                if !request.body.isEmpty { parts.append(.body(.byteBuffer(ByteBuffer(bytes: request.body)))) }
                parts.append(.end(nil))
                try await outbound.write(contentsOf: parts)
            }
            func receive() async throws -> Answer {
                var head: HTTPResponseHead?, body: [UInt8] = []
                while let part = try await parts.next() {
                    switch part {
                    case .head(let received) where received.status.code >= 200: head = received
                    case .head: continue
                    case .body(let chunk): body += chunk.readableBytesView
                    case .end:
                        guard let head else { throw ChannelError.inputClosed }
                        return Answer(head: head, body: body)
                    }
                }
                throw ChannelError.inputClosed
            }
            if oneAtATime {
                for request in requests {
                    try await send(request)
                    answers.append(try await receive())
                }
            } else {
                for request in requests { try await send(request) }
                for _ in requests { answers.append(try await receive()) }
            }
            return answers
        }
    }
}
