import ArgumentParser
import Config
import Foundation
import Logging
import Router
import Systemd

/// `tessera router --config FILE`: runs a router until SIGTERM or SIGINT.
struct RouterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "router",
        abstract: "Run a router: forward clients' SOAP requests to the nodes serving their stores.",
        discussion: """
            The configuration file is TOML (docs/configuration.md; `tessera config example router` prints a \
            complete one); every key can be overridden by a TESSERA_… environment variable. Check it first \
            with `tessera config check FILE`. How the router routes: docs/router.md.
            """)

    @Option(name: .customLong("config"), help: "The router's configuration file.")
    var file: String

    func run() async throws {
        let configuration = try loadConfiguration(file) { text throws(ConfigError) in
            try RouterConfiguration(parsing: text, environment: .process)
        }
        let logger = makeServiceLogger("tessera.router", log: configuration.operations.log)
        let router = try await RouterProcess(configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let systemd = systemdServices(
                logger: logger, ready: { try await router.waitUntilJoined() }, probe: { try await router.probeLiveness(timeout: $0) },
                status: { ProcessStatus(summary: router.statusSummary, requestsServed: router.requestsAnswered) })
            group.addTask { try await router.run(alongside: systemd) }
            group.addTask {
                let port = try await router.boundPort()
                let scheme = configuration.router.tls == nil ? "http" : "https"
                logger.notice("listening", metadata: [
                    "address": "\(configuration.router.listen.host):\(port)", "url": "\(scheme)://\(configuration.router.listen.host):\(port)/soap",
                    "mode": "\(configuration.router.mode.rawValue)",
                ])
                if let metrics = try await router.metricsAddress() { logger.notice("metrics listening", metadata: ["address": "\(metrics)"]) }
            }
            try await group.waitForAll()
        }
    }
}
