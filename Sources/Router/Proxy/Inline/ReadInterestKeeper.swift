import NIOCore
import NIOHTTP1

/// Keeps a client connection reading between its requests, below NIO's pipelining guard
/// (`HTTPServerPipelineHandler`), which holds back every `read()` from the time a request has
/// ended until its answer has. With `autoRead` off, NIO drops the socket's read interest from
/// epoll when a read cycle ends with no read pending and adds it again at the next `read()`:
/// two `epoll_ctl` calls per request that nginx, on edge-triggered epoll, does not make.
///
/// So at the end of each read cycle this asks for the next read itself, when no request body
/// is arriving (a body is read on demand by whoever forwards it: that is the back-pressure
/// towards the client) and no further request than the one being answered has come (a client
/// that pipelines is held back by the guard as before, so at most one socket read's worth of
/// requests waits in memory).
///
/// What changes for the client: none of the answers. A client that closes its side after a
/// request is now noticed at once and the connection closed (its answer is not sent), as nginx
/// does.
final class ReadInterestKeeper: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Request heads received, answers ended.
    private var heads = 0, answers = 0
    /// A request body is arriving.
    private var inBody = false

    init() {}

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            heads += 1
            inBody = true
        case .end:
            inBody = false
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
        if !inBody, heads <= answers + 1, context.channel.isActive { context.read() }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { answers += 1 }
        context.write(data, promise: promise)
    }
}
