import ArgumentParser
import Database
import Foundation
import Logging
import Node

/// The options that name one server's storage: its database and blob store.
struct ServerOptions: ParsableArguments {
    @Option(help: "The server's database: sqlite:PATH or mariadb://USER[:PASSWORD]@HOST[:PORT]/DB[?socket=PATH&create=1].")
    var database: String = "sqlite:tessera-data/s1.sqlite"

    @Option(help: "The server's blob store folder (large attachments).")
    var blobs: String = "tessera-data/s1-blobs"

    @Option(help: "The server's name (its home-server name in the directory).")
    var server: String = "s1"

    @Option(help: "This node's name, recorded in the server's ownership row.")
    var node: String = "n1"

    /// Opens the server's engine and takes ownership of the server (which also recovers what a
    /// crashed writer left behind).
    func openEngine(logger: Logger, claim: Bool = true) throws -> StoreEngine {
        let location = try DatabaseLocation(parsing: database)
        if case .sqlite(let sqlite) = location {
            let folder = URL(fileURLWithPath: sqlite.path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let engine = try StoreEngine(
            database: location.makePool(maximumConnections: 4), blobs: FileBlobStore(root: blobs, node: node),
            configuration: StoreEngineConfiguration(serverName: server, nodeName: node), logger: logger)
        if claim { try engine.claimOwnership() }
        return engine
    }
}

/// A logger that writes to standard error at the given level.
func makeLogger(_ label: String, level: Logger.Level = .notice) -> Logger {
    var logger = Logger(label: label) { StreamLogHandler.standardError(label: $0) }
    logger.logLevel = level
    return logger
}
