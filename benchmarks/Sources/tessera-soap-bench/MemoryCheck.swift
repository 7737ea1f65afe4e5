import HTTP
import SOAP
import Synchronization

/// The node's memory with many logged-on, idle sessions, measured on a node in a child process
/// (its `/proc/PID/status`), each reading after `settle` of quiet: idle after start; after every
/// seeded user logged on once; after every user logged on a second time (as many sessions again,
/// for the same users: what a session itself costs, beyond what its user costs); after one request
/// per session (GetStore: the session gate's checks and caches).
struct MemoryCheck {
    let files: NodeFiles
    let sessions: Int
    var settle = Duration.seconds(5)
    /// Logons in flight at once (over as many keep-alive connections).
    var concurrency = 8

    struct Round: Sendable {
        var title: String
        var idle: ProcessMemory
        var afterLogons: ProcessMemory
        var afterSecondLogons: ProcessMemory
        var afterRequests: ProcessMemory
        /// The first pass of logons.
        var logonSeconds: Double
    }

    /// One round on a freshly started node.
    func round(_ title: String) async throws -> Round {
        let child = try await ChildNode.start(files)
        var configuration = HTTPClientConfiguration(endpoint: HTTPEndpoint(host: "127.0.0.1", port: child.ports.node))
        configuration.maximumConnections = concurrency
        let client = try HTTPClient(configuration: configuration)
        let caller = SOAPCaller(client: client)
        do {
            try await Task.sleep(for: settle)
            let idle = try child.memory()
            let logons = try await logOn(caller)
            progress("  \(title): \(sessions) logons in \(String(format: "%.1f", logons.seconds.seconds)) s")
            try await Task.sleep(for: settle)
            let afterLogons = try child.memory()
            let again = try await logOn(caller)
            try await Task.sleep(for: settle)
            let afterSecondLogons = try child.memory()
            let tokens = logons.tokens + again.tokens
            _ = try await Batch.run(count: tokens.count, concurrency: concurrency) { n in
                _ = try await caller.call(GetStoreRequest(), session: tokens[n])
            }
            try await Task.sleep(for: settle)
            let afterRequests = try child.memory()
            await client.shutdown()
            await child.stop()
            return Round(
                title: title, idle: idle, afterLogons: afterLogons, afterSecondLogons: afterSecondLogons, afterRequests: afterRequests,
                logonSeconds: logons.seconds.seconds)
        } catch {
            await client.shutdown()
            await child.stop()
            throw error
        }
    }

    /// Every seeded user logs on once; their tokens (kept as a client would) and the time taken.
    private func logOn(_ caller: SOAPCaller) async throws -> (tokens: [String], seconds: Duration) {
        let tokens = Mutex([String](repeating: "", count: sessions))
        let elapsed = try await Batch.run(count: sessions, concurrency: concurrency) { n in
            let answer = try await caller.call(LogonRequest(user: UserSeeding.login(n), password: UserSeeding.password))
            tokens.withLock { $0[n] = answer.session }
        }
        return (tokens.withLock { $0 }, elapsed)
    }
}
