import Systemd
import Testing

/// The environment systemd gives a notify service, read like sd_watchdog_enabled(3).
@Suite struct NotifierSettingsTests {
    @Test func noNotifySocketNoNotifier() {
        let (settings, problems) = NotifierSettings.from(environment: ["WATCHDOG_USEC": "30000000"], pid: 42)
        #expect(settings == nil)
        #expect(problems.isEmpty)
    }

    @Test func theWatchdogIsFedEveryHalfTimeout() throws {
        let (settings, problems) = NotifierSettings.from(
            environment: ["NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"], pid: 42)
        #expect(problems.isEmpty)
        let watchdog = try #require(settings?.watchdog)
        #expect(watchdog.timeout == .seconds(30))
        #expect(watchdog.feedingInterval == .seconds(15))
        #expect(settings?.tick == .seconds(10), "the status interval is shorter")
        let fast = try #require(try Watchdog(microseconds: "2000000", pid: nil, ownPID: 7))
        #expect(NotifierSettings(socket: .path("/n"), watchdog: fast, pid: 7).tick == .seconds(1))
    }

    @Test func anotherProcesssWatchdogIsNotOurs() throws {
        #expect(try Watchdog(microseconds: "30000000", pid: "41", ownPID: 42) == nil)
        #expect(try Watchdog(microseconds: nil, pid: "42", ownPID: 42) == nil)
        let (settings, problems) = NotifierSettings.from(
            environment: ["NOTIFY_SOCKET": "@notify", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "41"], pid: 42)
        #expect(settings == NotifierSettings(socket: .abstract("notify"), watchdog: nil, pid: 42))
        #expect(problems.isEmpty)
    }

    @Test func malformedValuesAreProblemsNotFailures() {
        for usec in ["0", "-5", "30s", ""] {
            #expect(throws: NotifyError.self) { try Watchdog(microseconds: usec, pid: nil, ownPID: 1) }
        }
        #expect(throws: NotifyError.self) { try Watchdog(microseconds: "1000", pid: "me", ownPID: 1) }
        let (settings, problems) = NotifierSettings.from(environment: ["NOTIFY_SOCKET": "/n", "WATCHDOG_USEC": "soon"], pid: 1)
        #expect(settings?.watchdog == nil)
        #expect(problems.count == 1)
        let (none, socketProblems) = NotifierSettings.from(environment: ["NOTIFY_SOCKET": "notify"], pid: 1)
        #expect(none == nil)
        #expect(socketProblems.count == 1)
    }
}
