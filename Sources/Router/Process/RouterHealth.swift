import NIOConcurrencyHelpers

/// Whether the router is ready to route, and why not (`/health`: 200 `ready: …` or 503
/// `not ready: …`).
public struct RouterHealth: Sendable, Hashable, CustomStringConvertible {
    /// What keeps it from being ready; empty when ready.
    public var problems: [String]
    /// Nodes known with a SOAP endpoint.
    public var nodes: Int

    /// Health from what the router knows: the nodes gossip shows and the directory's last answer.
    public init(nodes: Int, directoryError: String?) {
        self.nodes = nodes
        problems = []
        if nodes == 0 { problems.append("no cluster members known (no node with a SOAP endpoint in gossip)") }
        if let directoryError { problems.append("directory unreachable: \(directoryError)") }
    }

    /// Ready when nothing is wrong.
    public var isReady: Bool { problems.isEmpty }

    /// `ready: 2 nodes` or `not ready: …; …`.
    public var description: String {
        isReady ? "ready: \(nodes) node\(nodes == 1 ? "" : "s")" : "not ready: " + problems.joined(separator: "; ")
    }
}

/// The outcome of the router's last directory lookup: an error until a lookup succeeds again.
final class DirectoryStatus: Sendable {
    private let lastError = NIOLockedValueBox<String?>(nil)

    func succeeded() { lastError.withLockedValue { $0 = nil } }
    func failed(_ error: any Error) { lastError.withLockedValue { $0 = "\(error)" } }
    var error: String? { lastError.withLockedValue { $0 } }
}
