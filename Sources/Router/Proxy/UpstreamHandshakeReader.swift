import NIOCore
import NIOSSL
import NIOTLS

/// Reads a new TLS connection to a node until its handshake has ended, and says how it ended
/// (``done``), within `timeout` (the connect timeout; a node that accepts and then says nothing
/// fails it, and the connection is closed).
///
/// Node connections run with `autoRead` off, and nothing else reads before the first request's
/// answer is awaited; but that request's write waits for the handshake, which waits for a read.
/// NIOSSL reads on by itself only after a read that brought no plaintext, so one read at the
/// start is enough. Removed once the handshake is done.
final class UpstreamHandshakeReader: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    /// Succeeds when the handshake has completed; fails with its error, or when the connection
    /// closed or the time ran out first.
    var done: EventLoopFuture<Void> { promise.futureResult }

    private let promise: EventLoopPromise<Void>
    /// When the connection attempt began, plus the connect timeout.
    private let end: NIODeadline
    private var deadline: Scheduled<Void>?

    init(eventLoop: any EventLoop, timeout: TimeAmount) {
        promise = eventLoop.makePromise()
        end = .now() + timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    /// Connected: reads, and gives the handshake what is left of the connect timeout. (Not
    /// before: a connection that never connects is NIO's connect timeout's, reported as such.)
    private func start(_ context: ChannelHandlerContext) {
        guard deadline == nil else { return }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(deadline: end) { [promise] in
            promise.fail(UpstreamError.tls("no TLS handshake within the connect timeout"))
            bound.value.close(promise: nil)
        }
        context.read()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        // Removed with the channel before the handshake ended: it cannot end now.
        promise.fail(ChannelError.ioOnClosedChannel)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        context.fireUserInboundEventTriggered(event)
        if case TLSUserEvent.handshakeCompleted = event {
            deadline?.cancel()
            promise.succeed(())
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }
}
