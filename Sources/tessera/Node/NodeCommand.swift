import ArgumentParser
import Config
import Foundation
import Logging
import Node
import ServiceLifecycle

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
        guard let contents = FileManager.default.contents(atPath: file), let text = String(data: contents, encoding: .utf8) else {
            throw ValidationError("cannot read \(file)")
        }
        let configuration: NodeConfiguration
        do {
            configuration = try NodeConfiguration(parsing: text, environment: .process)
        } catch {
            FileHandle.standardError.write(Data((error.lines(file: file).joined(separator: "\n") + "\n").utf8))
            throw ExitCode(1)
        }
        let logger = makeLogger("tessera.node", level: Logger.Level(rawValue: configuration.operations.log.level) ?? .info)
        let node = try await NodeProcess(configuration: configuration, logger: logger)
        let services = ServiceGroup(
            configuration: .init(services: [.init(service: node)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await services.run()
    }
}
