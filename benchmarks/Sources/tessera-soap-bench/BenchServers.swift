import HTTP
import Logging
import MinimalHTTP
import Node

/// The two servers under test, side by side in one process: the node (from the data
/// directory's configuration) and the minimal responder on the same HTTP stack.
enum BenchServers {
    /// Where they listen on 127.0.0.1.
    struct Ports: Sendable {
        var node: Int
        var responder: Int
    }

    /// Starts both, runs `body` with their ports and stops them when it returns; nil when a
    /// server stopped first (the node's graceful shutdown on SIGTERM or SIGINT).
    static func serve<T: Sendable>(
        _ files: NodeFiles, _ body: @escaping @Sendable (Ports) async throws -> T
    ) async throws -> T? {
        var logger = Logger(label: "tessera.soap-bench.node")
        logger.logLevel = .warning
        let node = try await NodeProcess(configuration: try files.configuration(), logger: logger)
        let responder = try MinimalResponder.server(port: 0)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await node.run()
                return nil
            }
            group.addTask {
                try await responder.run()
                return nil
            }
            let ports = Ports(node: try await node.http.boundAddress().port, responder: try await responder.boundAddress().port)
            group.addTask { try await body(ports) }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
