import NIOConcurrencyHelpers
import NIOCore

/// The hand-off of a listener's accepted channels (its children) from SwiftNIO to the task that
/// serves them, such that none is ever dropped while open, whatever the timing of a shutdown.
///
/// SwiftNIO's async `ServerBootstrap.bind` passes what the child channel initializer returns
/// through the listening `NIOAsyncChannel`'s inbound stream, and that stream drops what it
/// holds when the accept loop stops iterating (its task cancelled, or the loop ended), and what
/// an initializer still running returns after the listening channel closed (swift-nio issues
/// 2637 and 2813). A dropped child `NIOAsyncChannel` traps the process ("Deinited
/// NIOAsyncWriter without calling finish()") when the child becomes active; a dropped child of
/// any other kind stays open, served by nobody.
///
/// So nothing that matters travels through that stream: the initializer builds the child inside
/// ``admit(_:_:)``, which keeps it here and returns a ``Ticket``; the accept loop exchanges each
/// ticket for its child with ``take(_:)``; when the accept loop is over, whoever runs the
/// listener calls ``finish()`` and closes the children never taken (``finishAndClose()`` does
/// both for `NIOAsyncChannel` children). Once finished, ``admit(_:_:)`` closes the channel
/// instead of building a child. One hand-off serves one listener, once.
public final class ChildHandoff<Child: Sendable>: Sendable {
    /// What the listening channel's inbound stream carries for one accepted channel: dropping it
    /// is harmless.
    public struct Ticket: Sendable, Hashable {
        fileprivate let id: ObjectIdentifier
    }

    private struct Waiting {
        /// Kept so that its identifier cannot be reused while the ticket is out.
        var channel: any Channel
        var child: Child
    }

    private struct State {
        var waiting: [ObjectIdentifier: Waiting] = [:]
        var finished = false
    }

    private let state = NIOLockedValueBox(State())

    /// A hand-off admitting children.
    public init() {}

    /// For the child channel initializer, on `channel`'s event loop: builds the child with `make`
    /// and keeps it until it is taken; after ``finish()``, closes `channel` instead and `make`
    /// does not run. If `make` throws, closes `channel` (SwiftNIO would leave it open) and
    /// rethrows. `make` runs under this hand-off's lock and must not call it.
    public func admit(_ channel: any Channel, _ make: () throws -> Child) rethrows -> Ticket {
        let id = ObjectIdentifier(channel)
        let admitted: Bool
        do {
            admitted = try state.withLockedValue { state in
                guard !state.finished else { return false }
                state.waiting[id] = Waiting(channel: channel, child: try make())
                return true
            }
        } catch {
            channel.close(promise: nil)
            throw error
        }
        if !admitted { channel.close(promise: nil) }
        return Ticket(id: id)
    }

    /// The child of `ticket`, for the accept loop to serve; nil if there is none (the child was
    /// taken already, or the channel arrived after ``finish()`` and was closed).
    public func take(_ ticket: Ticket) -> Child? {
        state.withLockedValue { $0.waiting.removeValue(forKey: ticket.id)?.child }
    }

    /// Admits no more children; returns those built and never taken, for the caller to close.
    public func finish() -> [Child] {
        state.withLockedValue { state in
            state.finished = true
            let untaken = state.waiting.values.map(\.child)
            state.waiting = [:]
            return untaken
        }
    }
}

extension ChildHandoff {
    /// ``finish()``, then closes every child never taken through `executeThenClose`, which
    /// finishes its writer (a writer released unfinished traps).
    public func finishAndClose<Inbound: Sendable, Outbound: Sendable>() async where Child == NIOAsyncChannel<Inbound, Outbound> {
        for child in finish() {
            try? await child.executeThenClose { _, _ in }
        }
    }
}
