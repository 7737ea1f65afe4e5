import Foundation

#if canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
#else
import Darwin
private let streamSocket = SOCK_STREAM
#endif

/// Loopback clients that connect to a port as fast as they can, each on a thread of its own (not
/// the cooperative pool, not an event loop, so that a busy test process slows them least),
/// keeping their newest connections open and resetting older ones; for the tests that stop a
/// listener while connections are being accepted. They send nothing.
public final class ConnectHammer: Sendable {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var stopping = false
        var running = 0
        var connected = 0
    }

    private let state = State()

    /// Starts `threads` clients of `port` on 127.0.0.1, each keeping `keepOpen` connections open.
    public init(port: Int, threads: Int = 4, keepOpen: Int = 32) {
        state.lock.withLock { state.running = threads }
        for _ in 0..<threads {
            Thread { [self] in hammer(port: port, keepOpen: keepOpen) }.start()
        }
    }

    /// Connections made so far.
    public var connections: Int { state.lock.withLock { state.connected } }

    /// Waits until `count` connections were made; `false` if that took longer than `limit`.
    public func waitForConnections(_ count: Int, within limit: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while connections < count {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return true
    }

    /// Stops every client, which resets its connections; returns once all have stopped.
    public func stop() async {
        state.lock.withLock { state.stopping = true }
        while state.lock.withLock({ state.running }) > 0 {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    private var stopping: Bool { state.lock.withLock { state.stopping } }

    private func hammer(port: Int, keepOpen: Int) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var open: [Int32] = []
        while !stopping {
            let fd = socket(AF_INET, streamSocket, 0)
            guard fd >= 0 else {
                usleep(1_000)
                continue
            }
            // Closing resets (no TIME_WAIT to run out of ports with); a connect waits 100 ms at most.
            var reset = linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
            var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else {
                close(fd)
                // Refused (the listener is gone) or timed out: no need to spin.
                usleep(1_000)
                continue
            }
            state.lock.withLock { state.connected += 1 }
            open.append(fd)
            if open.count > keepOpen { close(open.removeFirst()) }
        }
        for fd in open { close(fd) }
        state.lock.withLock { state.running -= 1 }
    }
}
