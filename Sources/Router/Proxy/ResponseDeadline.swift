import NIOConcurrencyHelpers
import NIOCore

/// The upstream response timeout of one exchange: closes the node connection when the answer
/// has not ended in time, and remembers that it did, so the failure is reported as a timeout.
final class ResponseDeadline: Sendable {
    private let fired = NIOLockedValueBox(false)
    private let task: NIOLockedValueBox<Scheduled<Void>?>

    /// Starts the clock for `connection`.
    init(_ connection: UpstreamConnection, timeout: Duration) {
        task = NIOLockedValueBox(nil)
        let fired = self.fired
        let scheduled = connection.pipe.channel.eventLoop.scheduleTask(in: timeout.timeAmount) {
            fired.withLockedValue { $0 = true }
            connection.close()
        }
        task.withLockedValue { $0 = scheduled }
    }

    /// Whether the deadline passed (and closed the connection).
    var hasFired: Bool { fired.withLockedValue { $0 } }

    /// Stops the clock.
    func cancel() { task.withLockedValue { $0?.cancel() } }
}
