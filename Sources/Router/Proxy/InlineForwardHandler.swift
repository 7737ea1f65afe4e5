import NIOCore
import NIOHTTP1

/// Forwards the common request on the event loop, inside the client connection's pipeline,
/// without waking the connection's task: `POST /soap` routed by its `X-Tessera-Session`
/// header, with a body of declared length small enough to keep for a retry, to a node that has
/// an idle pooled connection on this loop. Everything else — Logons, body scans, large or
/// chunked uploads, `Expect`, redirect mode, no idle connection, no serving node — goes on to
/// the task (``ClientConnection``) as before. So a GetProps costs no task switches, no
/// continuations and no promises: the task stays parked in ``ChannelPipe/next()`` between the
/// requests it serves.
///
/// What it keeps of the task's behaviour (docs/router.md, "Proxy mode"):
/// - One write per direction for what arrived in one read; flushed before waiting for more.
/// - Streaming with back-pressure towards the client: the node's answer is read only while the
///   client connection is writable. (Uploads are bounded by the size taken here.)
/// - The same heads (``ForwardedHeads``), deadlines (the node's response deadline on the
///   ``UpstreamConnection``; the client's in ``ConnectionTimerHandler``), metrics and faults.
/// - Retries: a small XML fault that may be a redirect is held back; when it is one, the request
///   (head, the kept body) goes to the task with what the first attempt found, and the task's
///   ``Forwarder`` makes the one retry ``RetryPolicy`` allows. The other retry cases cannot
///   happen here: nothing connects, and a pooled connection taken on its own loop is open.
///   Any other failure is answered as the task answers it.
///
/// Ordering: `HTTPServerPipelineHandler`, before this handler, hands over a request head only
/// after the answer to the previous request ended, so a request forwarded here and one the task
/// serves never overlap.
final class InlineForwardHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// One request forwarded here.
    private final class Exchange {
        enum Response {
            /// No head from the node yet.
            case awaitingHead
            /// A possible redirect fault, held back until its end.
            case holding(HTTPResponseHead, [ByteBuffer], bytes: Int)
            /// The head went to the client; the rest follows as it comes.
            case streaming
        }

        let head: HTTPRequestHead
        let connection: UpstreamConnection
        let started: ContinuousClock.Instant
        /// The body so far: passed on, and kept for a retry (the size was checked).
        var body: [ByteBuffer] = []
        /// The client's end has come, and has been written to the node.
        var requestEnded = false
        var response = Response.awaitingHead
        var status = 0
        var nodeKeepAlive = false
        /// Something was written to the client since the last flush.
        var unflushed = false
        /// Waiting for the client connection to take more before reading the node's answer on.
        var awaitingWritable = false
        var finished = false

        init(head: HTTPRequestHead, connection: UpstreamConnection) {
            self.head = head
            self.connection = connection
            started = .now
        }

        var clientKeepAlive: Bool { head.isKeepAlive }
    }

    private enum State {
        /// Between requests: the next head decides.
        case idle
        /// The request in progress is the task's: its parts go on.
        case passing
        /// This handler forwards the request in progress.
        case forwarding(Exchange)
        /// The connection closes after what was answered: whatever else arrives is dropped.
        case closing
    }

    private let core: RouterCore
    private let usesTLS: Bool
    private var state = State.idle
    /// A request handed to the task, and how its first attempt ended (``takeHandover()``).
    private var handover: Forwarder.Attempt?
    /// The client's address, for `X-Forwarded-For` (read once).
    private var peer: String??
    /// The last session token routed here and its server: a client sends the same one with
    /// every request, and decoding it is most of the routing decision's cost.
    private var lastSession: (token: String, server: String)?

    init(core: RouterCore, usesTLS: Bool) {
        self.core = core
        self.usesTLS = usesTLS
    }

    /// The first attempt of the request just handed to the task, if the head the task reads now
    /// is one this handler started; the task calls it on the connection's loop for every head.
    func takeHandover() -> Forwarder.Attempt? {
        defer { handover = nil }
        return handover
    }

    // MARK: The client's side

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch state {
        case .idle, .passing:
            if case .head(let head) = part, start(head, context) { return }
            if case .head = part { state = .passing }
            context.fireChannelRead(data)
        case .forwarding(let exchange):
            switch part {
            case .body(let chunk):
                exchange.body.append(chunk)
                exchange.connection.pipe.channel.write(HTTPClientRequestPart.body(.byteBuffer(chunk)), promise: nil)
            case .end:
                exchange.requestEnded = true
                exchange.connection.pipe.channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
            case .head:
                // The pipelining guard lets no head through before the answer's end: not HTTP as
                // NIO decodes it. Nothing sensible can follow.
                abandon(exchange, context)
            }
        case .closing:
            break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if case .forwarding(let exchange) = state, !exchange.requestEnded {
            exchange.connection.pipe.channel.flush()
            context.read()  // the rest of the body
        }
        context.fireChannelReadComplete()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, case .forwarding(let exchange) = state, exchange.awaitingWritable {
            exchange.awaitingWritable = false
            pump(exchange, context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .forwarding(let exchange) = state { abandon(exchange, context) }
        context.fireChannelInactive()
    }

    /// Takes the request if it is one for this handler: sends its head to the node and starts
    /// waiting for the answer. False leaves it to the task.
    private func start(_ head: HTTPRequestHead, _ context: ChannelHandlerContext) -> Bool {
        guard core.settings.mode == .proxy, head.method == .POST, let session = head.headers.first(name: "X-Tessera-Session"),
              !head.headers.contains(name: "Expect"), !head.headers.contains(name: "Transfer-Encoding"),
              let length = head.headers.first(name: "Content-Length").flatMap(Int.init),
              length >= 0, length <= min(core.settings.retryBodyBytes, core.settings.maximumBodyBytes)
        else { return false }
        guard let server = route(head, session: session), case .node(let node) = core.placement.current.select(server: server),
              let connection = core.pool.leaseIdle(node.endpoint, on: context.eventLoop)
        else { return false }

        core.metrics.inlineRequests.increment()
        let exchange = Exchange(head: head, connection: connection)
        connection.startExchange(timeout: core.settings.upstreamResponseTimeout)
        if peer == nil { peer = .some(context.channel.remoteAddress?.ipAddress) }
        let upstreamHead = ForwardedHeads.request(head, to: node.endpoint, peer: peer ?? nil, usesTLS: usesTLS)
        // Flushed with the end, or at the end of this read if the body is still coming.
        connection.pipe.channel.write(HTTPClientRequestPart.head(upstreamHead), promise: nil)
        state = .forwarding(exchange)
        pump(exchange, context)
        return true
    }

    /// The server the routing policy names for this session request; nil when it routes it
    /// otherwise (a malformed token: the task answers the fault).
    private func route(_ head: HTTPRequestHead, session: String) -> String? {
        if head.uri == core.policy.soapPath, let last = lastSession, last.token == session { return last.server }
        let summary = RequestSummary(
            method: "POST", target: head.uri, sessionHeader: session, contentEncoding: head.headers.first(name: "Content-Encoding"))
        guard case .route(let server) = core.policy.decide(summary) else { return nil }
        if head.uri == core.policy.soapPath { lastSession = (session, server) }
        return server
    }

    // MARK: The node's side

    /// Passes on what the node has sent, while the client takes it; waits for more when nothing
    /// is there (flushing what was written first).
    private func pump(_ exchange: Exchange, _ context: ChannelHandlerContext) {
        while !exchange.finished {
            if case .streaming = exchange.response, !context.channel.isWritable {
                exchange.awaitingWritable = true
                flush(exchange, context)
                return
            }
            let polled: HTTPClientResponsePart??
            do {
                polled = try exchange.connection.pipe.poll()
            } catch {
                return nodeFailed(exchange, error, context)
            }
            guard let polled else {
                flush(exchange, context)
                exchange.connection.pipe.next(onLoop: { [self] result in
                    guard !exchange.finished else { return }
                    switch result {
                    case .success(let part?):
                        receive(part, exchange, context)
                        pump(exchange, context)
                    case .success(nil): nodeFailed(exchange, nil, context)
                    case .failure(let error): nodeFailed(exchange, error, context)
                    }
                })
                return
            }
            guard let part = polled else { return nodeFailed(exchange, nil, context) }
            receive(part, exchange, context)
        }
    }

    private func receive(_ part: HTTPClientResponsePart, _ exchange: Exchange, _ context: ChannelHandlerContext) {
        switch (part, exchange.response) {
        case (.head(let head), .awaitingHead):
            guard head.status.code >= 200 else { return }  // 1xx: the final head follows
            exchange.status = Int(head.status.code)
            exchange.nodeKeepAlive = head.isKeepAlive
            if exchange.requestEnded,
               RedirectFault.mayBeRedirect(
                   status: exchange.status, contentType: head.headers.first(name: "Content-Type"),
                   contentEncoding: head.headers.first(name: "Content-Encoding"),
                   contentLength: head.headers.first(name: "Content-Length").flatMap(Int.init))
            {
                exchange.response = .holding(head, [], bytes: 0)
            } else {
                sendHead(head, exchange, context)
            }
        case (.body(let chunk), .holding(let head, var held, let bytes)):
            held.append(chunk)
            exchange.response = .holding(head, held, bytes: bytes + chunk.readableBytes)
            if bytes + chunk.readableBytes > RedirectFault.maximumBytes {
                sendHead(head, exchange, context)
                for chunk in held { write(.body(.byteBuffer(chunk)), exchange, context) }
            }
        case (.body(let chunk), .streaming):
            write(.body(.byteBuffer(chunk)), exchange, context)
        case (.end(let trailers), .holding(let head, let held, _)):
            if let url = RedirectFault.url(in: held.flatMap { Array($0.readableBytesView) }) {
                let response = [HTTPServerResponsePart.head(clientHead(head, exchange))] + held.map { .body(.byteBuffer($0)) } + [.end(nil)]
                return handOver(exchange, after: .redirect(url: url, response: response), context)
            }
            sendHead(head, exchange, context)
            for chunk in held { write(.body(.byteBuffer(chunk)), exchange, context) }
            finish(exchange, trailers, context)
        case (.end(let trailers), .streaming):
            finish(exchange, trailers, context)
        case (.head, _), (.body, .awaitingHead), (.end, .awaitingHead):
            nodeFailed(exchange, UpstreamError.invalidResponse, context)
        }
    }

    private func clientHead(_ head: HTTPResponseHead, _ exchange: Exchange) -> HTTPResponseHead {
        ForwardedHeads.response(head, version: exchange.head.version, clientKeepAlive: exchange.clientKeepAlive)
    }

    private func sendHead(_ head: HTTPResponseHead, _ exchange: Exchange, _ context: ChannelHandlerContext) {
        exchange.response = .streaming
        write(.head(clientHead(head, exchange)), exchange, context)
    }

    private func write(_ part: HTTPServerResponsePart, _ exchange: Exchange, _ context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(part), promise: nil)
        exchange.unflushed = true
    }

    private func flush(_ exchange: Exchange, _ context: ChannelHandlerContext) {
        guard exchange.unflushed else { return }
        exchange.unflushed = false
        context.flush()
    }

    // MARK: Endings

    /// The answer is complete: the node's connection goes back to the pool, then the end goes
    /// to the client. The state is settled first: writing the end may deliver the next request.
    private func finish(_ exchange: Exchange, _ trailers: HTTPHeaders?, _ context: ChannelHandlerContext) {
        exchange.finished = true
        core.pool.release(exchange.connection, reusable: exchange.nodeKeepAlive && exchange.requestEnded && !exchange.connection.hasTimedOut)
        let keepAlive = exchange.clientKeepAlive && exchange.requestEnded
        record(exchange, status: exchange.status)
        state = keepAlive ? .idle : .closing
        end(.end(trailers), keepAlive: keepAlive, context)
    }

    /// The node broke off or sent what is not HTTP: a fault if the client has seen nothing of the
    /// answer yet, else the answer cut short and the connection closed (as the task does).
    private func nodeFailed(_ exchange: Exchange, _ error: (any Error)?, _ context: ChannelHandlerContext) {
        exchange.finished = true
        core.pool.release(exchange.connection, reusable: false)
        let cause: UpstreamError =
            if exchange.connection.hasTimedOut { .responseTimeout } else { error.map { ($0 as? UpstreamError) ?? .exchanging($0) } ?? .closed }
        core.metrics.upstreamErrors.increment(cause.reason)
        if case .streaming = exchange.response {
            record(exchange, status: exchange.status)
            state = .closing
            flush(exchange, context)
            context.close(promise: nil)
            return
        }
        let fault = RouterFault.upstreamFailed(cause.clientText)
        core.metrics.routingFaults.increment(fault.reason)
        let keepAlive = exchange.clientKeepAlive && exchange.requestEnded
        record(exchange, status: fault.status)
        state = keepAlive ? .idle : .closing
        let parts = fault.response(version: exchange.head.version, keepAlive: keepAlive)
        for part in parts.dropLast() { context.write(wrapOutboundOut(part), promise: nil) }
        end(parts.last!, keepAlive: keepAlive, context)
    }

    /// Writes the answer's last part and flushes; closes the connection after it unless `keepAlive`.
    private func end(_ last: HTTPServerResponsePart, keepAlive: Bool, _ context: ChannelHandlerContext) {
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(last), promise: nil)
        } else {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(last)).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    /// The first attempt found a redirect: the request goes to the task, which retries it.
    private func handOver(_ exchange: Exchange, after attempt: Forwarder.Attempt, _ context: ChannelHandlerContext) {
        exchange.finished = true
        core.pool.release(exchange.connection, reusable: exchange.nodeKeepAlive && !exchange.connection.hasTimedOut)
        handover = attempt
        state = .passing
        context.fireChannelRead(wrapInboundOut(.head(exchange.head)))
        for chunk in exchange.body { context.fireChannelRead(wrapInboundOut(.body(chunk))) }
        context.fireChannelRead(wrapInboundOut(.end(nil)))
        context.fireChannelReadComplete()
    }

    /// The client went away, or broke HTTP, mid-exchange: the node's connection is closed (its
    /// answer may still be coming).
    private func abandon(_ exchange: Exchange, _ context: ChannelHandlerContext) {
        state = .closing
        guard !exchange.finished else { return }
        exchange.finished = true
        core.pool.release(exchange.connection, reusable: false)
        record(exchange, status: 0)
        context.close(promise: nil)
    }

    private func record(_ exchange: Exchange, status: Int) {
        let elapsed = ContinuousClock.now - exchange.started
        core.metrics.requests.increment("session", status == 200 ? "200" : "\(status)")
        core.metrics.latency.observe(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, "session")
    }
}
