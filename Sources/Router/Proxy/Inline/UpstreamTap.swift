import NIOCore

/// What reads a node connection's raw bytes while the ``UpstreamTap`` is attached to it.
protocol UpstreamReader: AnyObject {
    /// The bytes of one socket read.
    func upstreamRead(_ bytes: ByteBuffer)
    /// The socket read ended: flush, and ask for the next one if needed.
    func upstreamReadComplete()
    /// The connection closed (`error` when an error closed it).
    func upstreamClosed(_ error: (any Error)?)
}

/// The first handler of a node connection's pipeline (after TLS), where the inline path
/// (``InlineForwardHandler``) reads and writes the connection's bytes without NIO's HTTP
/// codec: while a reader is attached, what the node sends goes to it and not to the decoder,
/// and what it writes goes straight to the socket, past the encoder. Detached, it passes
/// everything on, and the task's path (``ChannelPipe``) works as before. The codec sits
/// between exchanges then, so switching is safe: each exchange is a whole request and answer.
///
/// A socket read's end always goes on down the pipeline, so that the ``InboundPipeHandler``
/// knows no read of its own is pending any more.
final class UpstreamTap: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var reader: (any UpstreamReader)?
    private var context: ChannelHandlerContext?

    init() {}

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    /// From now on the node's bytes go to `reader`.
    func attach(_ reader: any UpstreamReader) {
        precondition(self.reader == nil, "one reader at a time")
        self.reader = reader
    }

    /// The exchange is over: the node's bytes go down the pipeline again.
    func detach() { reader = nil }

    /// Writes `bytes` to the socket (past the HTTP encoder).
    func write(_ bytes: ByteBuffer) {
        context?.write(wrapOutboundOut(bytes), promise: nil)
    }

    func flush() { context?.flush() }

    /// Asks for the next socket read.
    func read() { context?.read() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let reader { return reader.upstreamRead(unwrapInboundIn(data)) }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        reader?.upstreamReadComplete()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let reader {
            self.reader = nil
            reader.upstreamClosed(nil)
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let reader {
            self.reader = nil
            reader.upstreamClosed(error)
        }
        context.fireErrorCaught(error)
    }
}
