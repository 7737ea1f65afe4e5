import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A `tessera node --config FILE` process, set up the way an operator would: the configuration
/// (``TestNodeConfiguration``) and the session key file written to a temporary folder, the users
/// added with `tessera directory user add`. It listens on a free port and says which in its log.
final class NodeUnderTest: @unchecked Sendable {
    // @unchecked: `lines` and `address` are guarded by `lock`; the rest is immutable.
    let configuration: TestNodeConfiguration
    private let process: Process
    private let lock = NSLock()
    private var lines: [String] = []
    private var address: Int?

    private init(configuration: TestNodeConfiguration) throws {
        self.configuration = configuration
        let file = configuration.folder.appendingPathComponent("node.toml").path
        try configuration.text.write(toFile: file, atomically: true, encoding: .utf8)
        let (process, output) = try TesseraProcess.start(["node", "--config", file], withErrors: true)
        self.process = process
        Thread.detachNewThread { [self] in
            let reader = LineReader(output)
            while let line = reader.next() { record(line) }
        }
    }

    /// Runs `body` against a fresh node process; stops it with SIGTERM afterwards (it must exit
    /// 0: a graceful shutdown) and deletes its folder.
    static func run<T>(
        users: [InProcessNode.User] = [.alice, .bob], configure: (inout TestNodeConfiguration) -> Void = { _ in },
        _ body: (NodeUnderTest) async throws -> T
    ) async throws -> T {
        try await TestNodeConfiguration.inTemporaryFolder(configure: configure) { configuration in
            try configuration.sessionKeys.write(toFile: configuration.keyFile, atomically: true, encoding: .utf8)
            for user in users { try await add(user, to: configuration) }
            let node = try NodeUnderTest(configuration: configuration)
            defer { node.kill() }
            try await node.waitForPort()
            let result = try await body(node)
            let status = try await OwnThread.run { node.terminate() }
            #expect(status == 0, "the node exits 0 on SIGTERM: \(node.transcript)")
            return result
        }
    }

    /// `tessera directory user add LOGIN --home-server s1`, the password on standard input.
    private static func add(_ user: InProcessNode.User, to configuration: TestNodeConfiguration) async throws {
        let arguments = [
            "directory", "user", "add", user.login, "--home-server", "s1", "--database", "sqlite:\(configuration.directoryPath)",
            "--password-scheme", "sha512",
        ]
        let (status, output, errors) = try await OwnThread.run { try TesseraProcess.run(arguments, input: user.password + "\n") }
        guard status == 0 else { throw RawSocketError("tessera directory user add \(user.login) failed: \(output)\(errors)") }
    }

    /// The port from the log line `listening address=127.0.0.1:PORT`.
    var port: Int { lock.withLock { address } ?? 0 }

    /// The SOAP endpoint.
    var url: String { "http://127.0.0.1:\(port)/soap" }

    var isRunning: Bool { process.isRunning }

    /// The last lines of its log.
    var transcript: String { lock.withLock { lines.suffix(60).joined(separator: "\n") } }

    private func waitForPort() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if lock.withLock({ address }) != nil { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw RawSocketError("the node did not report its address: \(transcript)")
    }

    private func record(_ line: String) {
        lock.withLock {
            lines.append(line)
            guard address == nil, line.hasSuffix(" listening"),
                let field = line.split(separator: " ").first(where: { $0.hasPrefix("address=") }),
                let colon = field.lastIndex(of: ":")
            else { return }
            address = Int(field[field.index(after: colon)...])
        }
    }

    /// SIGTERM, then the exit status (SIGKILL after 15 s).
    private func terminate() -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        Glibc.kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        kill()
        return process.terminationStatus
    }

    /// SIGKILL and reap (idempotent).
    private func kill() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
