import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Router

/// The client connection keeps asking for reads between requests (so NIO keeps its read
/// interest registered with epoll), but not while a body arrives (read on demand) nor once a
/// further request waits (a pipelining client is held back).
@Suite struct ReadInterestKeeperTests {
    private func setUp() throws -> (EmbeddedChannel, InboundPipeHandlerTests.ReadCounter) {
        let counter = InboundPipeHandlerTests.ReadCounter()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(counter)
        try channel.pipeline.syncOperations.addHandler(ReadInterestKeeper())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, counter)
    }

    private let head = HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/soap"))
    private let chunk = HTTPServerRequestPart.body(ByteBuffer(string: "x"))

    /// A part arriving, without the read cycle's end (`writeInbound` would end one per part).
    private func feed(_ channel: EmbeddedChannel, _ part: HTTPServerRequestPart) {
        channel.pipeline.fireChannelRead(part)
    }

    @Test func readsOnBetweenRequestsAndNotDuringABody() throws {
        let (channel, counter) = try setUp()
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 1, "an idle connection reads on")
        feed(channel, head)
        feed(channel, chunk)
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 1, "a body is read by whoever forwards it")
        feed(channel, HTTPServerRequestPart.end(nil))
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 2, "the request is whole: read on while it is answered")
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 3)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }

    @Test func aPipelinedRequestStopsTheReading() throws {
        let (channel, counter) = try setUp()
        feed(channel, head)
        feed(channel, HTTPServerRequestPart.end(nil))
        feed(channel, head)  // the next request, before the first is answered
        feed(channel, HTTPServerRequestPart.end(nil))
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 0, "a second request waits: no more is read until the first is answered")
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
        channel.pipeline.fireChannelReadComplete()
        #expect(counter.reads == 1, "one answered, one in hand: reading on")
        _ = try channel.finish(acceptAlreadyClosed: true)
    }
}
