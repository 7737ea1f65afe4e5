import Systemd
import Testing

/// `NOTIFY_SOCKET`: a path or an abstract name.
@Suite struct NotifySocketAddressTests {
    @Test func pathsAndAbstractNames() throws {
        #expect(try NotifySocketAddress("/run/systemd/notify") == .path("/run/systemd/notify"))
        #expect(try NotifySocketAddress("@/org/freedesktop/systemd1/notify/123") == .abstract("/org/freedesktop/systemd1/notify/123"))
        #expect(try NotifySocketAddress("@name").description == "@name")
    }

    @Test func refusesWhatItCannotReach() {
        for value in ["", "@", "relative/notify", "vsock:2:1234", "/" + String(repeating: "a", count: 107), "@" + String(repeating: "a", count: 108)] {
            #expect(throws: NotifyError.self, "\(value.prefix(20))") { try NotifySocketAddress(value) }
        }
        #expect(throws: Never.self) { try NotifySocketAddress("/" + String(repeating: "a", count: 106)) }
        #expect(throws: Never.self) { try NotifySocketAddress("@" + String(repeating: "a", count: 107)) }
    }
}
