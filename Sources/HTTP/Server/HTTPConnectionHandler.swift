import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOSSL

/// The shell of ``HTTPConnectionMachine`` for one connection: turns decoded request parts into
/// ``HTTPRequest`` values for the connection's task, turns the task's ``HTTPResponse`` values
/// into response parts, and carries out the machine's actions (timers, rejection answers,
/// closing). It sits behind the decoder, ``RequestBodyLimiter`` and the decompressor, in front
/// of the `NIOAsyncChannel` that the server's connection task reads.
final class HTTPConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPRequest
    typealias OutboundIn = HTTPResponse
    typealias OutboundOut = HTTPServerResponsePart

    /// What every connection of one server shares.
    struct Settings: Sendable {
        var limits: HTTPServerLimits
        var rejectionResponse: @Sendable (HTTPRejection) -> HTTPResponse?
        var counters: HTTPServerCounters
        var logger: Logger
    }

    /// How a delivered request wants its response written.
    private struct Owed {
        var version: HTTPVersion
        var isHeadRequest: Bool
    }

    private var machine: HTTPConnectionMachine
    private let settings: Settings
    private let initialRejection: HTTPRejection?
    private let startsQuiesced: Bool
    private var context: ChannelHandlerContext?
    private var started = false
    private var timer: Scheduled<Void>?
    private var head: HTTPRequestHead?
    private var bodyWasDecoded = false
    private var body = ByteBuffer()
    private var owed = CircularBuffer<Owed>()
    private var remoteAddress = "unknown"

    /// A handler; `initialRejection` rejects the connection as soon as it is active,
    /// `startsQuiesced` serves no request (the server is shutting down).
    init(settings: Settings, initialRejection: HTTPRejection? = nil, startsQuiesced: Bool = false) {
        self.settings = settings
        self.initialRejection = initialRejection
        self.startsQuiesced = startsQuiesced
        machine = HTTPConnectionMachine(limits: settings.limits)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if let address = context.channel.remoteAddress { remoteAddress = Self.describe(address) }
        if context.channel.isActive { start() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        if let address = context.channel.remoteAddress { remoteAddress = Self.describe(address) }
        start()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        machine.closed()
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    private func start() {
        guard !started else { return }
        started = true
        run(machine.start(rejecting: initialRejection))
        if startsQuiesced { run(machine.quiesce()) }
    }

    // MARK: Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            let summary = Self.summary(of: head)
            bodyWasDecoded = summary.coding == .compressed
            // Capacity for what is announced, up to 1 MiB: an announcement costs the client nothing.
            body = context.channel.allocator.buffer(capacity: min(summary.contentLength ?? 0, 1 << 20))
            run(machine.headReceived(summary))
        case .body(var buffer):
            run(machine.bodyReceived(buffer.readableBytes))
            if machine.isReadingBody { body.writeBuffer(&buffer) }
        case .end:
            run(machine.endReceived())
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let received as WireMeter.BytesReceived:
            run(machine.bytesReceived(received.count))
        case let encoded as RequestBodyLimiter.EncodedBodyBytes:
            run(machine.encodedBodyReceived(encoded.count))
        case ChannelEvent.inputClosed:
            // Not passed on: the connection task's stream ends when the channel closes, after
            // the owed responses are written.
            run(machine.inputClosed())
        case is ChannelShouldQuiesceEvent:
            run(machine.quiesce())
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Errors end here: the connection task sees the channel close, never an error.
        if let rejection = Self.rejection(for: error) {
            run(machine.failed(rejection))
        } else {
            settings.logger.debug("http connection failed", metadata: ["http.peer": "\(remoteAddress)", "http.error": "\(error)"])
            run(machine.ioFailed())
        }
    }

    /// The rejection an error stands for; `nil` for I/O errors (the peer is gone).
    static func rejection(for error: any Error) -> HTTPRejection? {
        switch error {
        case let rejection as HTTPRejection:
            return rejection
        case let parser as HTTPParserError:
            return HTTPRejection(parser == .headerOverflow ? .headersTooLarge : .malformedRequest, "\(parser)")
        case is NIOHTTPDecompression.DecompressionError, is NIOHTTPDecompression.ExtraDecompressionError:
            let decoding = HTTPDecodingError(error)
            return HTTPRejection(decoding.code == .overLimit ? .decompressionLimit : .badCompression, decoding.diagnostic)
        case let tls as NIOSSLError:
            if case .uncleanShutdown = tls { return nil }
            return HTTPRejection(.tlsHandshake, "\(tls)")
        case is BoringSSLError:
            return HTTPRejection(.tlsHandshake, "\(error)")
        case let decoder as ByteToMessageDecoderError:
            if case .dataReceivedInErrorState(let cause, _) = decoder { return rejection(for: cause) }
            return HTTPRejection(.malformedRequest, "\(decoder)")
        default:
            return nil
        }
    }

    // MARK: Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let response = Self.unwrapOutboundIn(data)
        for action in machine.responseReady() {
            if case .write(let closeAfter) = action {
                writeResponse(response, closeAfter: closeAfter, promise: promise)
            } else {
                run([action])
            }
        }
    }

    private func writeResponse(_ response: HTTPResponse, closeAfter: Bool, promise: EventLoopPromise<Void>?) {
        guard let context else { promise?.fail(ChannelError.ioOnClosedChannel); return }
        let request = owed.removeFirst()
        let done = context.eventLoop.makePromise(of: Void.self)
        write(response, version: request.version, omitBody: request.isHeadRequest, closeAfter: closeAfter, context: context, promise: done)
        done.futureResult.assumeIsolated().whenComplete { [self] result in
            promise?.completeWith(result)
            switch result {
            case .success:
                settings.counters.served()
                run(machine.responseSent())
            case .failure:
                run(machine.ioFailed())
            }
        }
    }

    /// Writes head, body and end; `Content-Length` from the body.
    private func write(
        _ response: HTTPResponse, version: HTTPVersion, omitBody: Bool, closeAfter: Bool, context: ChannelHandlerContext,
        promise: EventLoopPromise<Void>
    ) {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        headers.remove(name: "transfer-encoding")
        let hasBody = HTTPResponse.statusAllowsBody(response.status)
        if hasBody {
            headers.replaceOrAdd(name: "content-length", value: "\(response.body.count)")
        } else {
            headers.remove(name: "content-length")
        }
        if closeAfter { headers.replaceOrAdd(name: "connection", value: "close") }
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(Self.wrapOutboundOut(.head(head)), promise: nil)
        if hasBody, !omitBody, !response.body.isEmpty {
            let buffer = context.channel.allocator.buffer(bytes: response.body)
            context.write(Self.wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil)), promise: promise)
    }

    // MARK: Actions

    private func run(_ actions: [HTTPConnectionMachine.Action]) {
        guard let context else { return }
        for action in actions {
            switch action {
            case .arm(let which):
                timer?.cancel()
                timer = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(duration(of: which))) { [self] in
                    run(machine.timerFired(which))
                }
            case .cancelTimer:
                timer?.cancel()
                timer = nil
            case .sendContinue:
                let head = HTTPResponseHead(version: head?.version ?? .http1_1, status: .continue)
                context.writeAndFlush(Self.wrapOutboundOut(.head(head)), promise: nil)
            case .deliver:
                deliver(context: context)
            case .write:
                preconditionFailure("responses are written by write(context:data:promise:)")
            case .answer(let rejection):
                answer(rejection, context: context)
            case .drop(let rejection):
                count(rejection)
                close(context: context)
            case .closeOutput:
                let closed = context.eventLoop.makePromise(of: Void.self)
                closed.futureResult.assumeIsolated().whenFailure { [self] _ in run(machine.ioFailed()) }
                context.close(mode: .output, promise: closed)
            case .close:
                close(context: context)
            }
        }
    }

    private func duration(of timer: HTTPConnectionMachine.Timer) -> Duration {
        switch timer {
        case .header: settings.limits.headerReadTimeout
        case .body: settings.limits.bodyReadTimeout
        case .idle: settings.limits.keepAliveIdleTimeout
        case .linger: settings.limits.lingerTimeout
        }
    }

    private func deliver(context: ChannelHandlerContext) {
        guard let head else { preconditionFailure("a request delivered without its head") }
        var headers = HTTPHeaderFields(head.headers.map { ($0.name, $0.value) })
        if bodyWasDecoded {
            headers.remove("Content-Encoding")
            headers.set("Content-Length", "\(body.readableBytes)")
        }
        let request = HTTPRequest(
            method: head.method.rawValue, target: head.uri, headers: headers, body: Array(body.readableBytesView),
            remoteAddress: remoteAddress)
        owed.append(Owed(version: head.version, isHeadRequest: head.method == .HEAD))
        self.head = nil
        body = ByteBuffer()
        context.fireChannelRead(Self.wrapInboundOut(request))
    }

    private func answer(_ rejection: HTTPRejection, context: ChannelHandlerContext) {
        count(rejection)
        guard let response = settings.rejectionResponse(rejection) else {
            run(machine.rejectionAnswered())
            return
        }
        let sent = context.eventLoop.makePromise(of: Void.self)
        sent.futureResult.assumeIsolated().whenComplete { [self] _ in run(machine.rejectionAnswered()) }
        write(response, version: .http1_1, omitBody: false, closeAfter: true, context: context, promise: sent)
    }

    private func count(_ rejection: HTTPRejection) {
        settings.counters.rejected(rejection.reason)
        settings.logger.debug(
            "http request rejected",
            metadata: ["http.peer": "\(remoteAddress)", "http.rejection": "\(rejection.reason.rawValue)", "http.diagnostic": "\(rejection.diagnostic)"])
    }

    private func close(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.close(promise: nil)
    }

    // MARK: Measuring

    /// What the machine needs of a head.
    static func summary(of head: HTTPRequestHead) -> HTTPConnectionMachine.Head {
        // Request line: method SP target SP HTTP/1.1 CRLF; each field: name ": " value CRLF.
        var bytes = head.method.rawValue.utf8.count + head.uri.utf8.count + 12
        for field in head.headers { bytes += field.name.utf8.count + field.value.utf8.count + 4 }
        let encodings = head.headers[canonicalForm: "content-encoding"].map { $0.lowercased() }
        let coding: HTTPConnectionMachine.Coding
        switch encodings {
        case [], ["identity"]: coding = .identity
        // The decompressor in front decodes exactly these single values.
        case ["gzip"], ["deflate"]: coding = .compressed
        default: coding = .unsupported(encodings.joined(separator: ", "))
        }
        return HTTPConnectionMachine.Head(
            bytes: bytes, contentLength: head.headers.first(name: "content-length").flatMap { Int($0) }, coding: coding,
            keepAlive: head.isKeepAlive,
            expectsContinue: head.headers[canonicalForm: "expect"].contains { $0.lowercased() == "100-continue" })
    }

    /// `address:port`, `[address]:port` for IPv6.
    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
