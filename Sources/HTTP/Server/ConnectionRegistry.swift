import NIOConcurrencyHelpers
import NIOCore

/// The open connections of a server, for graceful shutdown: quiesce them all, and close those
/// still open when the grace period ends.
final class ConnectionRegistry: Sendable {
    private struct State {
        var channels: [ObjectIdentifier: any Channel] = [:]
        var quiescing = false
    }
    private let state = NIOLockedValueBox(State())

    /// Registers a connection; `false` when the server is shutting down already (the
    /// connection should then serve nothing).
    func add(_ channel: any Channel) -> Bool {
        state.withLockedValue {
            $0.channels[ObjectIdentifier(channel)] = channel
            return !$0.quiescing
        }
    }

    func remove(_ channel: any Channel) {
        _ = state.withLockedValue { $0.channels.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// Asks every connection to finish its request in progress and close.
    func quiesceAll() {
        let channels = state.withLockedValue {
            $0.quiescing = true
            return Array($0.channels.values)
        }
        for channel in channels { channel.pipeline.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent()) }
    }

    /// Closes every connection still open; returns how many there were.
    func closeAll() -> Int {
        let channels = state.withLockedValue { Array($0.channels.values) }
        for channel in channels { channel.close(promise: nil) }
        return channels.count
    }
}
