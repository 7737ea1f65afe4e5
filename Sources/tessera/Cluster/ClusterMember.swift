import ArgumentParser
import Cluster
import Foundation
import Logging
import ServiceLifecycle

/// `tessera cluster member`: one ``ClusterService`` under a `ServiceGroup` (SIGTERM and SIGINT
/// shut it down gracefully: it leaves first). Prints one line per cluster event and a counters
/// line every `--stats-interval` seconds to standard output (formats: ``ClusterEventLog``).
struct ClusterMember: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Run one cluster member, printing its events and counters.")

    @Option(help: "The member's name (its id is derived from it).")
    var name: String

    @Option(help: "IP:PORT to bind and advertise for UDP and TCP (port 0: any free port).")
    var bind = "127.0.0.1:7946"

    @Option(help: "IP:PORT of a member to join through (repeatable).")
    var seed: [String] = []

    @Option(help: "File of base64 AES keys (16, 24 or 32 bytes), one a line; the first encrypts, all decrypt.")
    var keyFile: String

    @Option(help: "node or router.")
    var role = "node"

    @Option(help: "Print a `stats` line every this many seconds (0: never).")
    var statsInterval = 1.0

    @Option(help: "Log level on standard error.")
    var logLevel = "notice"

    func run() async throws {
        guard let address = MemberAddress(bind) else { throw ValidationError("--bind must be IP:PORT: \(bind)") }
        let seeds = try seed.map { text in
            guard let a = MemberAddress(text) else { throw ValidationError("--seed must be IP:PORT: \(text)") }
            return a
        }
        guard let memberRole = ["node": MemberRole.node, "router": .router][role] else { throw ValidationError("--role must be node or router") }
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown --log-level \(logLevel)") }
        let keys = try Self.readKeys(keyFile)

        var configuration = ClusterServiceConfiguration(
            name: name, role: memberRole, host: address.host, port: Int(address.port), seeds: seeds, keys: keys)
        configuration.metadata = MemberMetadata(name: name, role: memberRole)
        let logger = makeLogger("tessera.cluster", level: level)
        let service = try ClusterService(configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let interval = statsInterval
        let name = self.name

        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                var log = ClusterEventLog(knownNames: [name])
                Self.emit(log.listeningLine(await service.boundAddress(), id: service.localID))
                for await event in service.events { Self.emit(log.line(for: event)) }
            }
            if interval > 0 {
                tasks.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .milliseconds(Int64(interval * 1_000)))
                        Self.emit(ClusterEventLog.statsLine(await service.metrics()))
                    }
                }
            }
            // The group ends the command; the printers only end when cancelled.
            try await tasks.next()
            tasks.cancelAll()
        }
    }

    /// One line, written unbuffered so a reader sees it at once.
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func readKeys(_ path: String) throws -> [[UInt8]] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw ValidationError("cannot read --key-file \(path)") }
        var keys: [[UInt8]] = []
        for (n, raw) in text.split(whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            // The line itself is never echoed: it is a secret.
            guard let data = Data(base64Encoded: line), [16, 24, 32].contains(data.count) else {
                throw ValidationError("--key-file line \(n + 1) is not a base64 key of 16, 24 or 32 bytes")
            }
            keys.append(Array(data))
        }
        guard !keys.isEmpty else { throw ValidationError("--key-file has no key") }
        return keys
    }
}
