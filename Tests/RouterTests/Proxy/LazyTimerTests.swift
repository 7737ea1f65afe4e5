import NIOCore
import Testing
@testable import Router

@Suite struct LazyTimerTests {
    private let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)
    private func at(_ seconds: Int64) -> NIODeadline { start + .seconds(seconds) }

    @Test func movingTheDeadlineLaterSchedulesNothing() {
        var timer = LazyTimer(lead: .seconds(60))
        #expect(timer.set(at(75), now: at(0)) == .schedule(at: at(60), cancellingCurrent: false))
        // Request after request: the body deadline, cleared, the idle deadline: the timer stays.
        #expect(timer.set(at(61), now: at(1)) == .none)
        #expect(timer.set(nil, now: at(1)) == .none)
        #expect(timer.set(at(77), now: at(2)) == .none)
        // It fires early and is scheduled again for what is left, never past the lead.
        #expect(timer.fired(now: at(60)) == .schedule(at: at(77), cancellingCurrent: false))
        #expect(timer.fired(now: at(77)) == .expire)
        #expect(timer.deadline == nil)
    }

    @Test func aDeadlineBeforeTheTimerCancelsIt() {
        var timer = LazyTimer(lead: .seconds(60))
        #expect(timer.set(at(60), now: at(0)) == .schedule(at: at(60), cancellingCurrent: false))
        #expect(timer.set(at(10), now: at(0)) == .schedule(at: at(10), cancellingCurrent: true))
        #expect(timer.fired(now: at(10)) == .expire)
    }

    @Test func aClearedDeadlineNeverExpires() {
        var timer = LazyTimer(lead: .seconds(60))
        _ = timer.set(at(10), now: at(0))
        _ = timer.set(nil, now: at(5))
        #expect(timer.fired(now: at(10)) == .none)
        // The next deadline needs a timer again.
        #expect(timer.set(at(80), now: at(20)) == .schedule(at: at(80), cancellingCurrent: false))
    }

    @Test func theFirstDeadlineShorterThanTheLeadIsExact() {
        var timer = LazyTimer(lead: .seconds(60))
        #expect(timer.set(at(10), now: at(0)) == .schedule(at: at(10), cancellingCurrent: false))
        #expect(timer.set(at(70), now: at(9)) == .none)
        #expect(timer.fired(now: at(10)) == .schedule(at: at(70), cancellingCurrent: false))
        timer.cancelled()
        #expect(timer.firesAt == nil && timer.deadline == nil)
    }
}
