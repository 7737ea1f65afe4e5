import Foundation

/// The node (and the minimal responder) in a child process — this executable in `serve` mode on
/// the same data directory — so that the load generator has a process of its own and the node's
/// memory is measured alone.
final class ChildNode {
    let process: Process
    let ports: BenchServers.Ports

    private init(process: Process, ports: BenchServers.Ports) {
        self.process = process
        self.ports = ports
    }

    /// Starts the child and waits (up to 60 s) until it writes its ports.
    static func start(_ files: NodeFiles) async throws -> ChildNode {
        try? FileManager.default.removeItem(at: files.portsFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["serve", "--data", files.root.path]
        try process.run()
        for _ in 0..<1_200 {
            if let text = try? String(contentsOf: files.portsFile, encoding: .utf8) {
                let numbers = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
                if numbers.count == 2 { return ChildNode(process: process, ports: .init(node: numbers[0], responder: numbers[1])) }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw StartFailure()
    }

    /// Its resident memory now.
    func memory() throws -> ProcessMemory { try ProcessMemory.of(process.processIdentifier) }

    /// SIGTERM (the node's graceful shutdown), then waits for the exit.
    func stop() async {
        process.terminate()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
    }

    struct StartFailure: Error, CustomStringConvertible {
        var description: String { "the child node did not start (its output above says why)" }
    }
}
