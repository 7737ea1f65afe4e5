import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing
@testable import Router

/// The timer shell on virtual time: deadlines that move at every request still close the
/// connection exactly when the one running passes.
@Suite struct ConnectionTimerHandlerTests {
    final class Expired: @unchecked Sendable {
        var deadlines: [ConnectionTimerMachine.Deadline] = []
    }

    private func connection() throws -> (EmbeddedChannel, Expired) {
        let expired = Expired()
        let machine = ConnectionTimerMachine(headerTimeout: 10, bodyTimeout: 60, idleTimeout: 75)
        let channel = EmbeddedChannel(handler: ConnectionTimerHandler(machine: machine) { expired.deadlines.append($0) })
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        return (channel, expired)
    }

    private func request(_ channel: EmbeddedChannel) throws {
        try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/soap")))
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        try channel.writeOutbound(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok)))
        try channel.writeOutbound(HTTPServerResponsePart.end(nil))
    }

    @Test func theFirstHeadHasTheHeaderTimeout() throws {
        let (channel, expired) = try connection()
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
        #expect(expired.deadlines == [.header])
    }

    @Test func anIdleConnectionClosesAtItsIdleDeadlineAfterManyRequests() throws {
        let (channel, expired) = try connection()
        for _ in 0..<50 {
            try request(channel)
            channel.embeddedEventLoop.advanceTime(by: .seconds(5))
        }
        #expect(channel.isActive)
        // The last response ended 5 s ago: 75 s of idleness in all.
        channel.embeddedEventLoop.advanceTime(by: .seconds(69))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
        #expect(expired.deadlines == [.idle])
    }

    @Test func aBodyThatDoesNotEndInTimeCloses() throws {
        let (channel, expired) = try connection()
        try request(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(30))
        try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/soap")))
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
        #expect(expired.deadlines == [.body])
    }

    @Test func noTimerRunsWhileTheRequestIsServed() throws {
        let (channel, expired) = try connection()
        try channel.writeInbound(HTTPServerRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: "/soap")))
        try channel.writeInbound(HTTPServerRequestPart.end(nil))
        channel.embeddedEventLoop.advanceTime(by: .seconds(200))
        #expect(channel.isActive)
        #expect(expired.deadlines.isEmpty)
        _ = try channel.finish(acceptAlreadyClosed: true)
    }
}
