import NIOCore

/// Bridges a channel to the one task that serves it, reading on demand: the channel runs with
/// `autoRead` off and reads from its socket only when the task asks for the next message and
/// none is waiting. So a peer that sends faster than the other side takes its data is held back
/// by TCP, and no more than one socket read's worth of messages is ever buffered here.
final class InboundPipeHandler<Inbound: Sendable>: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = Inbound

    /// Who waits for the next message: a promise, (from ``ChannelPipe/next()``) the task itself,
    /// or a handler on the same event loop (``InlineForwardHandler``).
    private enum Waiter {
        case promise(EventLoopPromise<Inbound?>)
        case task(UnsafeContinuation<Inbound?, any Error>)
        case callback((Result<Inbound?, any Error>) -> Void)

        func resume(_ result: Result<Inbound?, any Error>) {
            switch self {
            case .promise(let promise): promise.completeWith(result)
            case .task(let continuation): continuation.resume(with: result)
            case .callback(let callback): callback(result)
            }
        }
    }

    /// Rarely more than a head, a body part and the end (one socket read); grows if needed.
    private var buffer = CircularBuffer<Inbound>(initialCapacity: 4)
    private var waiter: Waiter?
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
        // A handler waiting gets what one socket read brought at its end, all of it there to poll:
        // what it writes on in response goes out in one write.
        if case .callback = waiter { return }
        deliver()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reading = false
        if case .callback = waiter { deliver() }
        // A read that completed no message (half a head, a TLS record) needs another. An idle
        // pooled connection reads on, so its read interest stays registered with epoll (NIO
        // drops it, a system call, when a read cycle ends with no read pending, and adds it
        // again, another, at the next read).
        if waiter != nil || watchingIdle, buffer.isEmpty, end == nil { requestRead() }
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
        wait(.promise(promise))
    }

    /// Resumes `continuation` with the next message, nil at the end, or the error that ended it.
    func next(_ continuation: UnsafeContinuation<Inbound?, any Error>) {
        wait(.task(continuation))
    }

    /// Calls `callback` (on this loop) with the next message, nil at the end, or the error that
    /// ended it: at the end of the socket read that brought it, so that the caller can poll what
    /// else that read brought. Poll first: a message that is there already is passed within
    /// this call.
    func next(_ callback: @escaping (Result<Inbound?, any Error>) -> Void) {
        wait(.callback(callback))
    }

    private func wait(_ next: Waiter) {
        precondition(waiter == nil, "one reader at a time")
        watchingIdle = false
        waiter = next
        deliver()
        if waiter != nil { requestRead() }
    }

    /// What has arrived already, without waiting: the next message, the end (`.some(nil)`),
    /// or nil when nothing is there yet. Throws the error that ended the channel.
    func poll() throws -> Inbound?? {
        precondition(waiter == nil, "one reader at a time")
        watchingIdle = false
        if !buffer.isEmpty { return .some(buffer.removeFirst()) }
        switch end {
        case nil: return nil
        case .success?: return .some(nil)
        case .failure(let error)?: throw error
        }
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
            waiter.resume(.success(buffer.removeFirst()))
        } else if let end {
            self.waiter = nil
            switch end {
            case .success: waiter.resume(.success(nil))
            case .failure(let error): waiter.resume(.failure(error))
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

    /// The next message; nil when the peer closed; throws the channel's error. A message that
    /// has arrived already is returned without suspending (the task runs on the channel's loop).
    func next() async throws -> Inbound? {
        if let ready = try poll() { return ready }
        let handler = self.handler, eventLoop = channel.eventLoop
        return try await withUnsafeThrowingContinuation { continuation in
            if eventLoop.inEventLoop {
                handler.value.next(continuation)
            } else {
                eventLoop.execute { handler.value.next(continuation) }
            }
        }
    }

    /// What has arrived already (see ``InboundPipeHandler/poll()``); nil when nothing has, or
    /// when called off the channel's loop.
    func poll() throws -> Inbound?? {
        guard channel.eventLoop.inEventLoop else { return nil }
        return try handler.value.poll()
    }

    /// Writes `parts` and flushes; returns when the last is written. On the channel's loop, a
    /// write the socket takes at once completes within the flush, and the task goes on without
    /// suspending.
    func write(_ parts: [Outbound]) async throws {
        guard let last = parts.last else { return }
        for part in parts.dropLast() { channel.write(part, promise: nil) }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        channel.writeAndFlush(last, promise: promise)
        if let done = Self.completedAlready(promise.futureResult) { return try done.get() }
        try await promise.futureResult.get()
    }

    /// The result of `future` if it is complete and this is its loop.
    private static func completedAlready(_ future: EventLoopFuture<Void>) -> Result<Void, any Error>? {
        guard future.eventLoop.inEventLoop else { return nil }
        let outcome = WriteOutcome()
        // Runs at once when the future is complete; otherwise later, to no effect.
        future.assumeIsolated().whenComplete { outcome.result = $0 }
        return outcome.result
    }

    /// Calls `callback` with the next message, nil at the end, or the channel's error (see
    /// ``InboundPipeHandler/next(_:)-callback``); for handlers on the channel's loop only.
    func next(onLoop callback: @escaping (Result<Inbound?, any Error>) -> Void) {
        handler.value.next(callback)
    }

    /// See ``InboundPipeHandler/watchIdle()``.
    func watchIdle() {
        let handler = self.handler
        if channel.eventLoop.inEventLoop { return handler.value.watchIdle() }
        channel.eventLoop.execute { handler.value.watchIdle() }
    }

    /// See ``InboundPipeHandler/stopWatchingIdle()``; ordered before any later write.
    func stopWatchingIdle() {
        let handler = self.handler
        if channel.eventLoop.inEventLoop { return handler.value.stopWatchingIdle() }
        channel.eventLoop.execute { handler.value.stopWatchingIdle() }
    }

    /// Closes the channel.
    func close() { channel.close(promise: nil) }
}

/// Where a write's completion is recorded when it completes within the flush.
private final class WriteOutcome {
    var result: Result<Void, any Error>?
}
