import Config
import Foundation
import Logging
import Node
import Router

/// The node and the router, each run in a process of its own from its TOML file, as
/// `tessera node --config` and `tessera router --config` run them (the same `NodeProcess` and
/// `RouterProcess`, built from the same configuration types), until SIGTERM or SIGINT.
enum Processes {
    /// Runs the node configured in `file`.
    static func runNode(file: String) async throws {
        let configuration = try NodeConfiguration(parsing: try read(file), environment: files)
        let node = try await NodeProcess(configuration: configuration, logger: logger("tessera.node", configuration.operations.log.level))
        try await node.run()
    }

    /// Runs the router configured in `file`.
    static func runRouter(file: String) async throws {
        let configuration = try RouterConfiguration(parsing: try read(file), environment: files)
        let router = try await RouterProcess(configuration: configuration, logger: logger("tessera.router", configuration.operations.log.level))
        try await router.run()
    }

    /// The node configuration in `file`, for `prepare`.
    static func nodeConfiguration(file: String) throws -> NodeConfiguration {
        try NodeConfiguration(parsing: try read(file), environment: files)
    }

    /// The files the configurations name (key files); no `TESSERA_…` overrides, so that the
    /// figures depend on the script's files alone.
    static let files = ConfigEnvironment(
        readFile: { try String(contentsOfFile: $0, encoding: .utf8) }, isReadableFile: { FileManager.default.isReadableFile(atPath: $0) })

    static func read(_ file: String) throws -> String { try String(contentsOfFile: file, encoding: .utf8) }

    static func logger(_ label: String, _ level: String) -> Logger {
        var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = Logger.Level(rawValue: level) ?? .warning
        return logger
    }
}
