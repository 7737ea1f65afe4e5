import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport

/// A plain TCP client for what ``HTTPClient`` would never send: pipelined, dripped, malformed
/// or oversized requests. Collects every byte received and notes when the server closed.
///
/// The instants of the last read and of the close are taken on the event loop as they happen,
/// so that tests can time the server's deadlines without the delays of their own tasks, which a
/// busy test process may hold up for seconds.
final class RawConnection: Sendable {
    private struct Inbox {
        var bytes: [UInt8] = []
        var closed = false
        var lastRead: ContinuousClock.Instant?
        var closedAt: ContinuousClock.Instant?
    }

    private final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let inbox: NIOLockedValueBox<Inbox>
        init(_ inbox: NIOLockedValueBox<Inbox>) { self.inbox = inbox }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = Self.unwrapInboundIn(data)
            inbox.withLockedValue {
                $0.bytes += buffer.readableBytesView
                $0.lastRead = .now
            }
        }
        func channelInactive(context: ChannelHandlerContext) {
            inbox.withLockedValue {
                $0.closed = true
                $0.closedAt = .now
            }
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
    }

    private let channel: any Channel
    private let inbox: NIOLockedValueBox<Inbox>

    private init(channel: any Channel, inbox: NIOLockedValueBox<Inbox>) { self.channel = channel; self.inbox = inbox }

    static func connect(port: Int) async throws -> RawConnection {
        let inbox = NIOLockedValueBox(Inbox())
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collector(inbox)) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawConnection(channel: channel, inbox: inbox)
    }

    func send(_ text: String) async throws { try await send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) async throws { try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get() }

    /// Sends one byte at a time, `interval` apart; stops early (returning `false`) when the
    /// server closes.
    func drip(_ text: String, every interval: Duration) async -> Bool {
        for byte in text.utf8 {
            guard (try? await send([byte])) != nil, !isClosed else { return false }
            try? await Task.sleep(for: interval)
        }
        return true
    }

    var isClosed: Bool { inbox.withLockedValue { $0.closed } }

    /// When the last bytes arrived; nil before any.
    var lastRead: ContinuousClock.Instant? { inbox.withLockedValue { $0.lastRead } }

    /// When the connection was seen closed; nil while open.
    var closedAt: ContinuousClock.Instant? { inbox.withLockedValue { $0.closedAt } }

    /// Waits for the server to close; `false` if it has not within `limit`.
    func waitUntilClosed(within limit: Duration) async -> Bool {
        await waitUntil(within: limit) { isClosed }
    }

    /// The next complete response (by `Content-Length`), removed from what was received.
    func readResponse(within limit: Duration = .seconds(10)) async throws -> RawResponse {
        var parsed: RawResponse?
        _ = await waitUntil(within: limit) {
            parsed = inbox.withLockedValue { inbox in
                guard let (response, used) = RawResponse.parse(inbox.bytes) else { return nil }
                inbox.bytes.removeFirst(used)
                return response
            }
            return parsed != nil || isClosed
        }
        if parsed == nil {
            // The server may have closed right after a complete response.
            parsed = inbox.withLockedValue { inbox in
                guard let (response, used) = RawResponse.parse(inbox.bytes) else { return nil }
                inbox.bytes.removeFirst(used)
                return response
            }
        }
        guard let parsed else { throw RawConnectionError(received: inbox.withLockedValue { $0.bytes }, closed: isClosed) }
        return parsed
    }

    /// The bytes received and not yet parsed.
    var unread: [UInt8] { inbox.withLockedValue { $0.bytes } }

    func close() async { try? await channel.close() }
}

struct RawConnectionError: Error, CustomStringConvertible {
    var received: [UInt8]
    var closed: Bool
    var description: String { "no complete response; closed: \(closed); received \(String(decoding: received, as: UTF8.self).debugDescription)" }
}

/// Polls `condition` every 10 ms until it holds or `limit` passes; returns its last value.
func waitUntil(within limit: Duration, _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}
