@testable import Cluster
import NIOConcurrencyHelpers
import NIOPosix
import Testing

/// The timer loop's sleep: to its deadline, shorter when an earlier timer is set, never past a
/// timer set while the loop was awake. Deadlines here are 10 minutes away, so a test that ends
/// was woken by the ring or the cancellation; the one-minute time limits catch one that was not.
@Suite struct TimerAlarmTests {
    private let now = ClusterInstant(nanoseconds: 0)
    private let inTenMinutes = ClusterInstant(nanoseconds: 600_000_000_000)

    private func makeAlarm() -> TimerAlarm { TimerAlarm(eventLoop: MultiThreadedEventLoopGroup.singleton.any()) }

    @Test func sleepsUntilTheDeadline() async {
        let started = ContinuousClock.now
        await makeAlarm().sleep(until: ClusterInstant(nanoseconds: 50_000_000), now: now)
        #expect(ContinuousClock.now - started >= .milliseconds(45))
    }

    @Test(.timeLimit(.minutes(1))) func anEarlierTimerWakesTheSleeper() async throws {
        let alarm = makeAlarm(), woke = NIOLockedValueBox(false)
        let sleeper = Task {
            await alarm.sleep(until: inTenMinutes, now: now)
            woke.withLockedValue { $0 = true }
        }
        try await Task.sleep(for: .milliseconds(50))
        alarm.ring(before: ClusterInstant(nanoseconds: 700_000_000_000))
        try await Task.sleep(for: .milliseconds(50))
        #expect(!woke.withLockedValue { $0 }, "a timer later than the sleep's end does not wake it")
        alarm.ring(before: ClusterInstant(nanoseconds: 1_000_000))
        await sleeper.value
        #expect(woke.withLockedValue { $0 })
    }

    @Test(.timeLimit(.minutes(1))) func aTimerSetWhileAwakeIsNotSleptPast() async {
        let alarm = makeAlarm()
        alarm.ring(before: inTenMinutes)  // the loop is firing timers; a new one is set
        await alarm.sleep(until: inTenMinutes, now: now)  // returns at once, so the loop looks again
    }

    @Test(.timeLimit(.minutes(1))) func cancellationWakesTheSleeper() async throws {
        let alarm = makeAlarm()
        let sleeper = Task { await alarm.sleep(until: inTenMinutes, now: now) }
        try await Task.sleep(for: .milliseconds(50))  // asleep by now
        sleeper.cancel()
        await sleeper.value
    }
}
