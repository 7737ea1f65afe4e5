import ArgumentParser
import Config
import Crypto
import Database
import Directory
import Foundation
import Logging
import Node
import Router
import ServiceLifecycle

/// `tessera dev`: a complete local cluster in one process — three nodes each serving one
/// server, a router, an SQL directory on SQLite with demo users spread over the servers — for
/// a first look. Everything lives in one data folder; Ctrl-C stops it cleanly.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Start a complete local cluster (3 nodes, 1 router, demo users) for a first look.")

    @Option(help: "The data folder (created; kept between runs).") var data = "tessera-data/dev"
    @Option(help: "The router's port; nodes use the next three, gossip port+100….") var port = 8080

    func run() async throws {
        let folder = URL(fileURLWithPath: data).standardizedFileURL.path
        let layout = DevLayout(folder: folder, basePort: port)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for path in [layout.sessionKeys, layout.clusterKeys] where !FileManager.default.fileExists(atPath: path) {
            try Self.writeKey(to: path)
        }
        var logger = Logger(label: "tessera.dev") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .warning
        try await Self.seedDirectory(layout, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var nodes: [NodeProcess] = []
        for index in DevLayout.servers.indices {
            let text = layout.nodeConfiguration(index)
            try text.write(toFile: "\(folder)/n\(index + 1).toml", atomically: true, encoding: .utf8)
            let node = try await NodeProcess(configuration: try NodeConfiguration(parsing: text, environment: .process), logger: logger)
            nodes.append(node)
            services += node.services.map { .init(service: $0) }
        }
        let routerText = layout.routerConfiguration()
        try routerText.write(toFile: "\(folder)/router.toml", atomically: true, encoding: .utf8)
        let router = try await RouterProcess(
            configuration: try RouterConfiguration(parsing: routerText, environment: .process), version: TesseraVersion.current, logger: logger)
        services += router.services.map { .init(service: $0) }

        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let servers = nodes.map(\.http)
        Task { [layout] in
            for server in servers { _ = try? await server.boundAddress() }
            _ = try? await router.boundPort()
            Self.printWelcome(layout)
        }
        defer {
            for node in nodes { node.close() }
            router.close()
        }
        try await group.run()
        print("\ntessera dev stopped; data kept in \(folder)")
    }

    private static func writeKey(to path: String) throws {
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        guard FileManager.default.createFile(atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("cannot write \(path)")
        }
    }

    /// Adds the demo users that are missing (an existing folder keeps its users and passwords).
    private static func seedDirectory(_ layout: DevLayout, logger: Logger) async throws {
        let pool = DatabasePool.sqlite(SQLiteConfiguration(path: layout.directory), maximumConnections: 2)
        defer { pool.close() }
        let directory = try await SQLDirectory(pool: pool, passwordScheme: .sha512, logger: logger)
        defer { directory.shutdown() }
        for user in DevLayout.users where try await directory.resolve(user.login) == nil {
            try await directory.addUser(
                .init(login: user.login, displayName: user.name, primaryAddress: "\(user.login)@\(DevLayout.mailDomain)", homeServer: user.server),
                password: DevLayout.password)
        }
    }

    private static func printWelcome(_ layout: DevLayout) {
        var lines = [
            "", "Tessera dev cluster is up (data in \(layout.folder)).", "",
            "  router  \(layout.routerURL)   (WSDL: \(layout.routerURL)?wsdl)",
        ]
        for (index, server) in DevLayout.servers.enumerated() {
            let homed = DevLayout.users.filter { $0.server == server }.map(\.login).joined(separator: ", ")
            lines.append("  node n\(index + 1)  \(layout.nodeURL(index))   serves \(server): \(homed)")
        }
        lines += [
            "", "  Every demo user's password is \"\(DevLayout.password)\".", "",
            "Try:",
            "  TESSERA_PASSWORD=\(DevLayout.password) .build/debug/tessera client folders --url \(layout.routerURL) --user alice",
            "  .build/debug/tessera admin servers --config \(layout.folder)/n1.toml",
            "  python3 -c 'import zeep; c = zeep.Client(\"\(layout.routerURL)?wsdl\"); print(c.service.Logon(user=\"bob\", password=\"\(DevLayout.password)\"))'",
            "", "Ctrl-C stops the cluster.", "",
        ]
        print(lines.joined(separator: "\n"))
    }
}
