import Foundation

/// How a dripped request ended.
struct DripOutcome: Sendable {
    var sent: Int
    var closed: Bool
    /// Seconds from the first dripped byte to the close (or to giving up).
    var elapsed: Double
    var received: [UInt8]
}

extension RawSocket {
    /// Sends `prefix` at once, then `bytes` one every 300 ms until the node closes; waits up
    /// to 10 s more for the close.
    func dripped(_ bytes: [UInt8], after prefix: [UInt8] = []) -> DripOutcome {
        write(prefix)
        let started = Date()
        let sent = drip(bytes, every: 0.3)
        let closed = waitForClose(within: 10)
        return DripOutcome(sent: sent, closed: closed, elapsed: Date().timeIntervalSince(started), received: received)
    }
}
