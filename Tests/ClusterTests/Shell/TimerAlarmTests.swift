@testable import Cluster
import NIOConcurrencyHelpers
import NIOPosix
import Testing

/// The timer loop's sleep: to its deadline, shorter when an earlier timer is set, never past a
/// timer set while the loop was awake. Deadlines here are long (60 s) so that a test that passes
/// can only have been woken by the ring; the time limits catch a ring that did not wake.
@Suite struct TimerAlarmTests {
    private let now = ClusterInstant(nanoseconds: 0)
    private let inAMinute = ClusterInstant(nanoseconds: 60_000_000_000)

    private func makeAlarm() -> TimerAlarm { TimerAlarm(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) }

    @Test func sleepsUntilTheDeadline() async {
        let started = ContinuousClock.now
        await makeAlarm().sleep(until: ClusterInstant(nanoseconds: 50_000_000), now: now)
        #expect(ContinuousClock.now - started >= .milliseconds(45))
    }

    @Test(.timeLimit(.minutes(1))) func anEarlierTimerWakesTheSleeper() async throws {
        let alarm = makeAlarm(), woke = NIOLockedValueBox(false)
        let sleeper = Task {
            await alarm.sleep(until: inAMinute, now: now)
            woke.withLockedValue { $0 = true }
        }
        try await Task.sleep(for: .milliseconds(50))
        alarm.ring(before: ClusterInstant(nanoseconds: 70_000_000_000))
        try await Task.sleep(for: .milliseconds(50))
        #expect(!woke.withLockedValue { $0 }, "a timer later than the sleep's end does not wake it")
        alarm.ring(before: ClusterInstant(nanoseconds: 1_000_000))
        await sleeper.value
        #expect(woke.withLockedValue { $0 })
    }

    @Test(.timeLimit(.minutes(1))) func aTimerSetWhileAwakeIsNotSleptPast() async {
        let alarm = makeAlarm()
        alarm.ring(before: inAMinute)  // the loop is firing timers; a new one is set
        await alarm.sleep(until: inAMinute, now: now)  // returns at once, so the loop looks again
    }

    @Test(.timeLimit(.minutes(1))) func cancellationWakesTheSleeper() async {
        let alarm = makeAlarm()
        let sleeper = Task { await alarm.sleep(until: inAMinute, now: now) }
        sleeper.cancel()
        await sleeper.value
    }
}
