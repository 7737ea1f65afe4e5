import ArgumentParser
import Config
import Foundation
import Logging
import Node
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
        let logger = makeLogger("tessera.node", level: Logger.Level(rawValue: configuration.operations.log.level) ?? .info)
        let node = try await NodeProcess(configuration: configuration, logger: logger)
        Task {
            if let address = try? await node.http.boundAddress() {
                logger.notice("listening", metadata: ["address": "\(address)", "url": "\(configuration.node.advertiseURL)"])
            }
        }
        let systemd = systemdServices(
            logger: logger, ready: { try await node.waitUntilServing() }, probe: { try await node.probeLiveness(timeout: $0) },
            status: { ProcessStatus(summary: node.statusSummary, requestsServed: node.requestsServed) })
        try await node.run(alongside: systemd)
    }
}
