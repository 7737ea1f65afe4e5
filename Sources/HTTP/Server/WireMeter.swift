import NIOCore

/// Counts the HTTP bytes of a connection (after TLS decryption) for the server's metrics, and
/// tells the handlers behind it that bytes arrived — before it passes them on, so that
/// ``HTTPConnectionHandler`` sees a request's first byte before the parts decoded from it.
final class WireMeter: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// The user event fired for every read.
    struct BytesReceived: Sendable {
        var count: Int
    }

    private let counters: HTTPServerCounters

    init(counters: HTTPServerCounters) { self.counters = counters }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let count = Self.unwrapInboundIn(data).readableBytes
        counters.received(count)
        context.fireUserInboundEventTriggered(BytesReceived(count: count))
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        counters.sent(Self.unwrapOutboundIn(data).readableBytes)
        context.write(data, promise: promise)
    }
}
