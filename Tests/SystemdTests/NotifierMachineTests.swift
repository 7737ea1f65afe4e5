import Systemd
import Testing

/// The notifier's policy, input by input.
@Suite struct NotifierMachineTests {
    static func status(_ requests: Int, _ summary: String = "serving s1 (epoch 3)") -> ProcessStatus {
        ProcessStatus(summary: summary, requestsServed: requests)
    }

    @Test func readyThenAFedWatchdogForEveryAnswer() {
        var machine = NotifierMachine(feedsWatchdog: true, pid: 99)
        #expect(machine.ready(Self.status(0), at: .seconds(1)) == [.ready, .mainPID(99), .status("serving s1 (epoch 3)")])
        #expect(machine.tick(at: .seconds(2)) == .probe)
        // 21 requests in 1 s, one of them the probe's own.
        #expect(machine.probed(.answered, status: Self.status(21), at: .seconds(2)) == [.watchdog, .status("serving s1 (epoch 3), 20 requests/s")])
        #expect(machine.tick(at: .seconds(3)) == .probe)
        #expect(machine.probed(.answered, status: Self.status(42), at: .seconds(3)) == [.watchdog], "same rate: no new status")
        #expect(machine.tick(at: .seconds(5)) == .probe)
        #expect(machine.probed(.answered, status: Self.status(44), at: .seconds(5)) == [.watchdog, .status("serving s1 (epoch 3), 0.5 requests/s")])
    }

    @Test func withoutAWatchdogOnlyStatus() {
        var machine = NotifierMachine(feedsWatchdog: false, pid: 1)
        _ = machine.ready(Self.status(0), at: .zero)
        #expect(machine.tick(at: .seconds(10)) == .probe)
        #expect(machine.probed(.answered, status: Self.status(1), at: .seconds(10)) == [.status("serving s1 (epoch 3), 0.0 requests/s")])
    }

    @Test func noAnswerNoFeeding() {
        var machine = NotifierMachine(feedsWatchdog: true, pid: 1)
        _ = machine.ready(Self.status(0), at: .zero)
        #expect(machine.tick(at: .seconds(1)) == .probe)
        #expect(machine.probed(.failed("connection refused"), status: Self.status(0), at: .seconds(1)) == [.status("unresponsive: connection refused")])
        #expect(machine.tick(at: .seconds(2)) == .probe)
        #expect(machine.probed(.failed("connection refused"), status: Self.status(0), at: .seconds(2)) == [])
        #expect(machine.tick(at: .seconds(3)) == .probe)
        #expect(machine.probed(.answered, status: Self.status(2), at: .seconds(3)).first == .watchdog, "fed again once it answers")
    }

    @Test func aProbeThatHangsIsNotDoubledAndFeedsNothing() {
        var machine = NotifierMachine(feedsWatchdog: true, pid: 1)
        _ = machine.ready(Self.status(0), at: .zero)
        #expect(machine.tick(at: .seconds(1)) == .probe)
        #expect(machine.tick(at: .seconds(2)) == .send([.status("unresponsive: no answer to the liveness probe for 1.0 s")]))
        #expect(machine.tick(at: .seconds(3)) == .send([.status("unresponsive: no answer to the liveness probe for 2.0 s")]))
        // It answers at last: fed, and the rate leaves out the one probe.
        #expect(machine.probed(.answered, status: Self.status(7), at: .seconds(3)) == [.watchdog, .status("serving s1 (epoch 3), 2.0 requests/s")])
        #expect(machine.tick(at: .seconds(4)) == .probe)
    }

    @Test func stoppingOnceAndThenSilence() {
        var machine = NotifierMachine(feedsWatchdog: true, pid: 1)
        _ = machine.ready(Self.status(0), at: .zero)
        #expect(machine.tick(at: .seconds(1)) == .probe)
        #expect(machine.stop() == [.stopping, .status("stopping")])
        #expect(machine.probed(.answered, status: Self.status(1), at: .seconds(1)) == [], "a probe in flight at shutdown feeds nothing")
        #expect(machine.tick(at: .seconds(2)) == .send([]))
        #expect(machine.stop() == [])
    }

    @Test func stoppingBeforeReady() {
        var machine = NotifierMachine(feedsWatchdog: true, pid: 1)
        #expect(machine.stop() == [.stopping, .status("stopping")])
    }
}
