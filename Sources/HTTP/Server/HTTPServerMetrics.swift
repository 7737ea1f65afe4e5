import NIOConcurrencyHelpers

/// The counters of one ``HTTPServer``, as a snapshot (``HTTPServer/metrics``).
public struct HTTPServerMetrics: Sendable, Hashable {
    /// Responses written to completion (rejection answers not counted).
    public var requestsServed = 0
    /// Connections accepted, including those rejected as too many.
    public var connectionsAccepted = 0
    /// Connections open now (those rejected as too many not counted).
    public var openConnections = 0
    /// Rejections by reason (see ``HTTPRejection/Reason``).
    public var rejections: [HTTPRejection.Reason: Int] = [:]
    /// HTTP bytes received and sent (after TLS decryption, before encryption).
    public var bytesReceived = 0, bytesSent = 0

    /// Zeroed counters.
    public init() {}
}

/// The live counters behind ``HTTPServerMetrics``, shared by every connection's handlers.
final class HTTPServerCounters: Sendable {
    private let box = NIOLockedValueBox(HTTPServerMetrics())

    var snapshot: HTTPServerMetrics { box.withLockedValue { $0 } }

    /// Counts a new connection; `false` (and not counted as open) when `maximum` are open.
    func admit(maximum: Int) -> Bool {
        box.withLockedValue {
            $0.connectionsAccepted += 1
            guard $0.openConnections < maximum else { return false }
            $0.openConnections += 1
            return true
        }
    }

    func closed() { box.withLockedValue { $0.openConnections -= 1 } }
    func served() { box.withLockedValue { $0.requestsServed += 1 } }
    func rejected(_ reason: HTTPRejection.Reason) { box.withLockedValue { $0.rejections[reason, default: 0] += 1 } }
    func received(_ bytes: Int) { box.withLockedValue { $0.bytesReceived += bytes } }
    func sent(_ bytes: Int) { box.withLockedValue { $0.bytesSent += bytes } }
}
