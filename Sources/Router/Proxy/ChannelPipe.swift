import NIOCore

/// Bridges a channel to the one task that serves it, reading on demand: the channel runs with
/// `autoRead` off and reads from its socket only when the task asks for the next message and
/// none is waiting. So a peer that sends faster than the other side takes its data is held back
/// by TCP, and no more than one socket read's worth of messages is ever buffered here.
final class InboundPipeHandler<Inbound: Sendable>: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Inbound

    private var buffer = CircularBuffer<Inbound>()
    private var waiter: EventLoopPromise<Inbound?>?
    private var end: Result<Void, any Error>?
    private var reading = false
    private var watchingIdle = false
    private var context: ChannelHandlerContext?

    init() {}

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        // A channel closed before it became active (a connection the router closes while it is
        // still being accepted) is never inactive: end here, or a reader would wait forever.
        finish(.success(()))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if watchingIdle {
            // An idle pooled connection must not send anything: it is not a connection to reuse.
            context.close(promise: nil)
            return
        }
        buffer.append(unwrapInboundIn(data))
        deliver()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        // A read that completed no message (half a head, a TLS record) needs another.
        if waiter != nil && buffer.isEmpty && end == nil { requestRead() }
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.success(()))
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { finish(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    /// Completes `promise` with the next message, nil at the end, or the error that ended it.
    func next(_ promise: EventLoopPromise<Inbound?>) {
        precondition(waiter == nil, "one reader at a time")
        watchingIdle = false
        waiter = promise
        deliver()
        if waiter != nil { requestRead() }
    }

    /// The connection goes idle in a pool: read, so that a close by the peer is noticed at once
    /// (and anything else it sends closes the connection).
    func watchIdle() {
        watchingIdle = true
        if end == nil { requestRead() }
    }

    /// The connection is leased again: what arrives from now on is the answer.
    func stopWatchingIdle() {
        watchingIdle = false
    }

    private func requestRead() {
        guard !reading, end == nil, let context else { return }
        reading = true
        context.read()
    }

    private func finish(_ result: Result<Void, any Error>) {
        if end == nil { end = result }
        deliver()
    }

    private func deliver() {
        guard let waiter else { return }
        if !buffer.isEmpty {
            self.waiter = nil
            waiter.succeed(buffer.removeFirst())
        } else if let end {
            self.waiter = nil
            switch end {
            case .success: waiter.succeed(nil)
            case .failure(let error): waiter.fail(error)
            }
        }
    }
}

/// The task's side of an ``InboundPipeHandler``: pull the next inbound message, write
/// outbound ones (each batch awaited until written, so at most one batch is in flight).
struct ChannelPipe<Inbound: Sendable, Outbound: Sendable>: Sendable {
    /// The channel.
    let channel: any Channel
    private let handler: NIOLoopBound<InboundPipeHandler<Inbound>>

    /// Wraps `handler`, which is in `channel`'s pipeline; call on the channel's event loop.
    init(channel: any Channel, handler: InboundPipeHandler<Inbound>) {
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
    }

    /// The next message; nil when the peer closed; throws the channel's error.
    func next() async throws -> Inbound? {
        let promise = channel.eventLoop.makePromise(of: Inbound?.self)
        let handler = self.handler
        channel.eventLoop.execute { handler.value.next(promise) }
        return try await promise.futureResult.get()
    }

    /// Writes `parts` and flushes; returns when the last is written.
    func write(_ parts: [Outbound]) async throws {
        guard let last = parts.last else { return }
        for part in parts.dropLast() { channel.write(part, promise: nil) }
        try await channel.writeAndFlush(last).get()
    }

    /// See ``InboundPipeHandler/watchIdle()``.
    func watchIdle() {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.watchIdle() }
    }

    /// See ``InboundPipeHandler/stopWatchingIdle()``; ordered before any later write.
    func stopWatchingIdle() {
        let handler = self.handler
        channel.eventLoop.execute { handler.value.stopWatchingIdle() }
    }

    /// Closes the channel.
    func close() { channel.close(promise: nil) }
}
