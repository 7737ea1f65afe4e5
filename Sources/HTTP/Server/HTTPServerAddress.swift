import NIOConcurrencyHelpers

/// Where a server listens.
public struct HTTPServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// The IP address bound.
    public var host: String
    /// The port bound (the one picked when the configuration said 0).
    public var port: Int

    /// An address.
    public init(host: String, port: Int) { self.host = host; self.port = port }

    /// `host:port`, `[host]:port` for IPv6.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A value set once, awaited by any number of tasks: the bound address, known once `run()` has
/// bound the socket.
final class Announcement<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value, any Error>])
        case done(Result<Value, any Error>)
    }
    private let state = NIOLockedValueBox(State.waiting([]))

    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let known: Result<Value, any Error>? = state.withLockedValue {
                switch $0 {
                case .waiting(let waiters):
                    $0 = .waiting(waiters + [continuation])
                    return nil
                case .done(let result):
                    return result
                }
            }
            if let known { continuation.resume(with: known) }
        }
    }

    func complete(_ result: Result<Value, any Error>) {
        let waiters: [CheckedContinuation<Value, any Error>] = state.withLockedValue {
            guard case .waiting(let waiters) = $0 else { return [] }
            $0 = .done(result)
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result) }
    }
}
