import Systemd
import Testing

/// The datagram format of sd_notify(3).
@Suite struct NotifyMessageTests {
    @Test func assignmentsOneALine() {
        let datagram = NotifyMessage.datagram([.ready, .mainPID(4711), .status("serving s1 (epoch 3)")])
        #expect(String(decoding: datagram, as: UTF8.self) == "READY=1\nMAINPID=4711\nSTATUS=serving s1 (epoch 3)\n")
        #expect(NotifyMessage.datagram([.watchdog]) == Array("WATCHDOG=1\n".utf8))
        #expect(NotifyMessage.stopping.assignment == "STOPPING=1")
    }

    @Test func aStatusStaysOneShortLine() {
        #expect(NotifyMessage.status("not ready:\nserver s1 is fenced\r\n").assignment == "STATUS=not ready: server s1 is fenced ")
        let long = NotifyMessage.status(String(repeating: "x", count: 1_000)).assignment
        #expect(long.count == "STATUS=".count + NotifyMessage.maximumStatusLength)
    }
}
