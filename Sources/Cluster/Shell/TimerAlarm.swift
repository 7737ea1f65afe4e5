import NIOConcurrencyHelpers
import NIOCore

/// What the shell's timer loop sleeps on: until the machine's next timer is due, or until a
/// timer earlier than that is set (``ring(before:)``). Times are ``ClusterInstant``s. The loop used to poll every 5 ms, which cost an
/// idle member 16 ms of CPU a second and a thread wake-up 200 times a second.
///
/// A ring while the loop is not asleep (it is firing timers, or about to sleep) is kept, and the
/// next sleep returns at once: the loop then looks at the timers again, so no timer set at any
/// moment is missed.
final class TimerAlarm: Sendable {
    private struct State {
        var sleeper: CheckedContinuation<Void, Never>?
        /// When the sleeper wakes by itself.
        var until = ClusterInstant(nanoseconds: .max)
        /// Which sleep is current: a wake-up scheduled for an earlier one finds it gone.
        var generation: UInt64 = 0
        var rung = false
    }

    private let state = NIOLockedValueBox(State())
    private let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Sleeps until `deadline` (it is `now`), or until rung or cancelled.
    func sleep(until deadline: ClusterInstant, now: ClusterInstant) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let generation: UInt64? = state.withLockedValue { state in
                    if state.rung || Task.isCancelled {
                        state.rung = false
                        return nil
                    }
                    state.generation &+= 1
                    state.sleeper = continuation
                    state.until = deadline
                    return state.generation
                }
                guard let generation else { return continuation.resume() }
                eventLoop.scheduleTask(in: .nanoseconds(max(0, deadline.nanoseconds - now.nanoseconds))) { [self] in
                    wake(generation)
                }
            }
        } onCancel: {
            ring(before: ClusterInstant(nanoseconds: .min))  // earlier than any sleep: always wakes
        }
    }

    /// A timer is due at `deadline`: wakes the sleeper if it would sleep past it; when none
    /// sleeps, the next sleep returns at once.
    func ring(before deadline: ClusterInstant) {
        let sleeper = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            guard let sleeper = state.sleeper else {
                state.rung = true
                return nil
            }
            guard deadline < state.until else { return nil }
            state.sleeper = nil
            return sleeper
        }
        sleeper?.resume()
    }

    private func wake(_ generation: UInt64) {
        let sleeper = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation, let sleeper = state.sleeper else { return nil }
            state.sleeper = nil
            return sleeper
        }
        sleeper?.resume()
    }
}
