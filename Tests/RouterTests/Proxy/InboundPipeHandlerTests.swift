import NIOCore
import NIOEmbedded
import Testing
@testable import Router

/// The read-on-demand bridge: the socket is read only when the task asks and nothing waits.
@Suite struct InboundPipeHandlerTests {
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = Never
        var reads = 0
        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    private func setUp() throws -> (EmbeddedChannel, ReadCounter, InboundPipeHandler<String>) {
        let counter = ReadCounter(), pipe = InboundPipeHandler<String>()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(counter)
        try channel.pipeline.syncOperations.addHandler(pipe)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, counter, pipe)
    }

    @Test func readsOnlyWhenAsked() throws {
        let (channel, counter, pipe) = try setUp()
        #expect(counter.reads == 0)
        let first = channel.eventLoop.makePromise(of: String?.self)
        pipe.next(first)
        #expect(counter.reads == 1)
        try channel.writeInbound("a")
        try channel.writeInbound("b")  // arrives unasked (same socket read): kept, no new read
        channel.pipeline.fireChannelReadComplete()
        #expect(try first.futureResult.wait() == "a")
        #expect(counter.reads == 1)
        let second = channel.eventLoop.makePromise(of: String?.self)
        pipe.next(second)
        #expect(try second.futureResult.wait() == "b")
        #expect(counter.reads == 1)
        let third = channel.eventLoop.makePromise(of: String?.self)
        pipe.next(third)
        #expect(counter.reads == 2)
        channel.pipeline.fireChannelReadComplete()  // a read that produced no message reads again
        #expect(counter.reads == 3)
        try channel.close().wait()
        #expect(try third.futureResult.wait() == nil)
    }

    @Test func anIdleConnectionThatHearsAnythingIsClosed() throws {
        let (channel, counter, pipe) = try setUp()
        pipe.watchIdle()
        #expect(counter.reads == 1)
        #expect(channel.isActive)
        try channel.writeInbound("unexpected")
        #expect(!channel.isActive)
    }

    @Test func aLeasedConnectionTakesItsAnswer() throws {
        let (channel, _, pipe) = try setUp()
        pipe.watchIdle()
        pipe.stopWatchingIdle()
        try channel.writeInbound("answer")  // before the task asks
        let next = channel.eventLoop.makePromise(of: String?.self)
        pipe.next(next)
        #expect(try next.futureResult.wait() == "answer")
        #expect(channel.isActive)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }

    /// A channel closed before it was ever active never fires `channelInactive`; its handlers
    /// are only removed. A reader waiting then must see the end rather than wait forever.
    @Test func aReaderSeesTheEndWhenTheHandlerIsRemovedWithoutAnInactive() throws {
        let pipe = InboundPipeHandler<String>()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(pipe)
        let waiting = channel.eventLoop.makePromise(of: String?.self)
        pipe.next(waiting)
        try channel.pipeline.syncOperations.removeHandler(pipe).wait()
        #expect(try waiting.futureResult.wait() == nil)
        let later = channel.eventLoop.makePromise(of: String?.self)
        pipe.next(later)
        #expect(try later.futureResult.wait() == nil)
    }
}
