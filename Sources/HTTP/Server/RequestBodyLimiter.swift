import NIOCore
import NIOHTTP1

/// Enforces ``HTTPServerLimits/maximumBodyBytes`` on the body as sent — compressed bodies
/// included, which is why it sits in front of the decompressor — and reports each body part's
/// size as sent to ``HTTPConnectionHandler`` (for the decompression ratio). Over the limit it
/// reports an ``HTTPRejection`` through `errorCaught` and drops the rest of the connection's input.
final class RequestBodyLimiter: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    /// The user event fired before each body part is passed on.
    struct EncodedBodyBytes: Sendable {
        var count: Int
    }

    private let maximum: Int
    private var received = 0
    private var exceeded = false

    init(maximum: Int) { self.maximum = maximum }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !exceeded else { return }
        switch Self.unwrapInboundIn(data) {
        case .head:
            received = 0
        case .body(let buffer):
            received += buffer.readableBytes
            if received > maximum {
                exceeded = true
                context.fireErrorCaught(HTTPRejection(.bodyTooLarge, "body over \(maximum) bytes"))
                return
            }
            context.fireUserInboundEventTriggered(EncodedBodyBytes(count: buffer.readableBytes))
        case .end:
            break
        }
        context.fireChannelRead(data)
    }
}
