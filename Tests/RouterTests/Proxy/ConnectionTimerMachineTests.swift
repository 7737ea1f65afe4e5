import Testing
@testable import Router

@Suite struct ConnectionTimerMachineTests {
    @Test func deadlinesFollowTheRequest() {
        var machine = ConnectionTimerMachine(headerTimeout: 10, bodyTimeout: 60, idleTimeout: 75)
        #expect(machine.accepted() == .arm(.header, seconds: 10))
        #expect(machine.head() == .arm(.body, seconds: 60))
        #expect(machine.end() == .disarm)
        #expect(machine.responseEnded() == .arm(.idle, seconds: 75))
        #expect(machine.head() == .arm(.body, seconds: 60))
    }

    @Test func anEarlyAnswerKeepsTheBodyDeadline() {
        var machine = ConnectionTimerMachine(headerTimeout: 10, bodyTimeout: 60, idleTimeout: 75)
        _ = machine.accepted()
        _ = machine.head()
        #expect(machine.responseEnded() == .none)
        #expect(machine.end() == .arm(.idle, seconds: 75))
        #expect(machine.end() == .none)
    }
}
