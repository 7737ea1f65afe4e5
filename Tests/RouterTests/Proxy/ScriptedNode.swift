import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization
@testable import Router

/// A stand-in node on a real socket that answers each request as its `X-Test-Answer` header
/// says, and records what reached it:
/// - none or `echo`: 200 with the request body, and what the router sent in `X-Seen-*` fields;
/// - `redirect URL`: a redirect fault naming URL, unless that is this node (then as `echo`);
/// - `redirect-always URL`: a redirect fault naming URL;
/// - `fault`: a SOAP fault that is not a redirect;
/// - `close`: closes the connection without answering;
/// - `big N`: 200 with N bytes of ``pattern(_:)`` in 64 KiB chunks;
/// - `chunked`: 200 with the request body in two chunks and a trailer;
/// - `raw NAME`: the bytes ``rawAnswers`` holds under NAME, written past the HTTP encoder (then
///   the connection is closed after `until-close`).
final class ScriptedNode: Sendable {
    struct Seen: Sendable {
        var head: HTTPRequestHead
        var body: [UInt8]
    }

    private let channel: any Channel
    private let usesTLS: Bool
    private let state = Mutex<(connections: Int, requests: [Seen])>((0, []))

    private init(channel: any Channel, usesTLS: Bool) {
        self.channel = channel
        self.usesTLS = usesTLS
    }

    /// A node on 127.0.0.1; with `tls`, it speaks HTTPS (and its URL names `localhost`).
    static func start(tls: NIOSSLContext? = nil) async throws -> ScriptedNode {
        let box = Mutex<ScriptedNode?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let node = box.withLock { $0! }
                    node.state.withLock { $0.connections += 1 }
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    // No pipelining guard: it would wait for the end of a `raw` answer, written past it.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: false)
                    try channel.pipeline.syncOperations.addHandler(Handler(node: node))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let node = ScriptedNode(channel: channel, usesTLS: tls != nil)
        box.withLock { $0 = node }
        return node
    }

    var port: Int { channel.localAddress!.port! }
    var url: String { usesTLS ? "https://localhost:\(port)/soap" : "http://127.0.0.1:\(port)/soap" }
    /// Connections the router opened to this node.
    var connections: Int { state.withLock { $0.connections } }
    /// Requests that reached it, in order.
    var requests: [Seen] { state.withLock { $0.requests } }

    func close() async throws { try await channel.close() }

    /// Answers no HTTP library would write, for `raw NAME`.
    static let rawAnswers: [String: String] = [
        "until-close": "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the close",
        "interim": "HTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ninterim",
        "trailing": "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\ntrailingHTTP/1.1 200 OK\r\n",
        "space-before-colon": "HTTP/1.1 200 OK\r\nContent-Length : 3\r\n\r\nabc",
        "stall": "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\npart of an answer framed by the close, which never comes",
    ]

    /// The bytes of a `big` answer.
    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) } }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let node: ScriptedNode
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(node: ScriptedNode) { self.node = node }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): (self.head, body) = (head, [])
            case .body(let chunk): body += chunk.readableBytesView
            case .end: answer(context)
            }
        }

        private func answer(_ context: ChannelHandlerContext) {
            guard let head else { return }
            node.state.withLock { $0.requests.append(Seen(head: head, body: body)) }
            let script = head.headers.first(name: "X-Test-Answer") ?? "echo"
            let words = script.split(separator: " ", maxSplits: 1).map(String.init)
            switch words.first {
            case "redirect" where words[1] != node.url, "redirect-always":
                respond(context, status: .internalServerError, RouterFault.redirect("s1", to: words[1]).body)
            case "fault":
                respond(context, status: .internalServerError, RouterFault.noSession.body)
            case "close":
                context.close(promise: nil)
            case "raw":
                let encoder = try! context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
                encoder.writeAndFlush(NIOAny(ByteBuffer(string: ScriptedNode.rawAnswers[words[1]]!)), promise: nil)
                if words[1] == "until-close" { context.close(promise: nil) }
            case "chunked":
                let headers = HTTPHeaders([("Content-Type", "text/xml"), ("Transfer-Encoding", "chunked")])
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                let half = body.count / 2
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body[..<half])))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body[half...])))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(["X-Checksum": "\(body.count)"])), promise: nil)
            case "big":
                let bytes = ScriptedNode.pattern(Int(words[1])!)
                var headers = HTTPHeaders([("Content-Type", "application/octet-stream"), ("Content-Length", "\(bytes.count)")])
                headers.add(name: "X-Big", value: "yes")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                var offset = 0
                while offset < bytes.count {
                    let end = min(offset + 65_536, bytes.count)
                    context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes[offset..<end])))), promise: nil)
                    offset = end
                }
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            default:
                let seen = [
                    ("X-Seen-Host", head.headers.first(name: "Host") ?? "none"),
                    ("X-Seen-Forwarded-For", head.headers.first(name: "X-Forwarded-For") ?? "none"),
                    ("X-Seen-Forwarded-Proto", head.headers.first(name: "X-Forwarded-Proto") ?? "none"),
                    ("X-Seen-Connection", head.headers.first(name: "Connection") ?? "none"),
                    ("X-Seen-Target", head.uri),
                ]
                respond(context, status: .ok, body, extra: seen)
            }
        }

        private func respond(_ context: ChannelHandlerContext, status: HTTPResponseStatus, _ bytes: [UInt8], extra: [(String, String)] = []) {
            let headers = HTTPHeaders([("Content-Type", "text/xml; charset=utf-8"), ("Content-Length", "\(bytes.count)")] + extra)
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
