import ArgumentParser
import Cluster
import Config
import Foundation
import Logging
import Node
import ServiceLifecycle

/// What every `tessera admin` command reads: a node's or router's configuration file (for the
/// cluster's seeds and key, the directory, and — for `sync` — the session key), and `--json`.
struct AdminOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "A node's or router's configuration file (its [cluster] and [directory] are used).")
    var file: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func load() throws -> AdminContext {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("cannot read \(file)")
        }
        do {
            let document = try TOMLDocument(parsing: text)
            switch ProcessRole(of: document) {
            case .node:
                let node = try NodeConfiguration(document: document, environment: .process)
                return AdminContext(cluster: node.cluster, directory: node.directory, node: node)
            case .router:
                let router = try RouterConfiguration(document: document, environment: .process)
                return AdminContext(cluster: router.cluster, directory: router.directory, node: nil)
            case nil:
                throw ValidationError("\(file) has neither a [node] nor a [router] table")
            }
        } catch let error as ConfigError {
            throw ValidationError(error.lines(file: file).joined(separator: "\n"))
        } catch let error as TOMLError {
            throw ValidationError("\(file): \(error)")
        }
    }
}

struct AdminContext {
    let cluster: ClusterSection?
    let directory: DirectorySection
    let node: NodeConfiguration?

    /// The cluster's state as a short-lived observer sees it: joins through the seeds, waits
    /// until the members it learns of have told their servers (or `timeout`), and leaves.
    func snapshot(timeout: Duration = .seconds(5)) async throws -> ClusterSnapshot {
        guard let cluster else { throw ValidationError("the configuration has no [cluster]: there is nothing to observe") }
        let name = "admin-\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
        var configuration = cluster.serviceConfiguration(
            name: name, role: .router, metadata: MemberMetadata(name: name, role: .router, soapEndpoint: "", serversReachable: []))
        configuration.port = 0
        var logger = Logger(label: "tessera.admin") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .error
        let service = try ClusterService(configuration: configuration, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
        let running = Task { try await group.run() }
        let deadline = ContinuousClock.now + timeout
        var snapshot = await service.snapshot()
        var previous = -1
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(250))
            snapshot = await service.snapshot()
            let learned = snapshot.members.count + snapshot.metadata.count + snapshot.ownership.count
            // Settled: others are known, with their metadata, and nothing new arrived for a beat.
            if snapshot.members.count > 1 && learned == previous { break }
            previous = learned
        }
        await group.triggerGracefulShutdown()
        _ = try? await running.value
        return snapshot
    }

    /// The directory, opened for one command.
    func withDirectory<T>(_ body: (DirectoryHandle) async throws -> T) async throws -> T {
        var logger = Logger(label: "tessera.admin") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .error
        let handle = try await DirectoryHandle.open(directory, logger: logger)
        defer { handle.close() }
        return try await body(handle)
    }
}

/// Output of the admin commands: the client's table and JSON printers.
enum AdminOutput {
    static func table(_ header: [String], _ rows: [[String]]) { ClientOutput.table(header, rows) }
    static func json(_ value: Any) throws { try ClientOutput.json(value) }
}
