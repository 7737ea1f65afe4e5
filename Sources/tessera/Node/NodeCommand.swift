import ArgumentParser
import Config
import Foundation
import Logging
import Node
import ServiceLifecycle
import Systemd

/// `tessera node --config FILE`: runs a node until SIGTERM or SIGINT.
struct NodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node",
        abstract: "Run a node: serve the configured servers' stores over SOAP.",
        discussion: """
            The configuration file is TOML (docs/configuration.md; `tessera config example node` prints a \
            complete one); every key can be overridden by a TESSERA_… environment variable. Check it first \
            with `tessera config check FILE`.
            """)

    @Option(name: .customLong("config"), help: "The node's configuration file.")
    var file: String

    func run() async throws {
        let configuration = try loadConfiguration(file) { text throws(ConfigError) in
            try NodeConfiguration(parsing: text, environment: .process)
        }
        let logger = makeServiceLogger("tessera.node", log: configuration.operations.log)
        let node = try await NodeProcess(configuration: configuration, logger: logger)
        let systemd = systemdServices(
            logger: logger, ready: { try await node.waitUntilServing() }, probe: { try await node.probeLiveness(timeout: $0) },
            status: { ProcessStatus(summary: node.statusSummary, requestsServed: node.requestsServed) })
        // The notifier last: a group shuts down in reverse order, so STOPPING=1 goes out first.
        let services = ServiceGroup(
            configuration: .init(
                services: ([node] + systemd).map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await services.run()
    }
}
