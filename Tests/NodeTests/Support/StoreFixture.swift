import Database
import Foundation
import Logging
import MAPI
import Testing
@_exported import TestSupport

@testable import Node

/// A fresh server database (SQLite file or MariaDB database) and blob store for one test,
/// removed again when the fixture goes away.
final class StoreFixture: @unchecked Sendable {
    let backend: Backend
    let directory: URL
    let pool: DatabasePool
    let blobs: any BlobStore
    let engine: StoreEngine
    private let mariaDBName: String?

    init(
        _ backend: Backend, server: String = "s1", node: String = "n1", maximumBlobBytes: Int64 = 2 << 30,
        blobs makeBlobs: ((URL) throws -> any BlobStore)? = nil,
        configure: (inout StoreEngineConfiguration) -> Void = { _ in }
    ) throws {
        self.backend = backend
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        switch backend {
        case .sqlite:
            mariaDBName = nil
            pool = .sqlite(SQLiteConfiguration(path: directory.appendingPathComponent("s1.sqlite").path), maximumConnections: 4)
        case .mariadb:
            let name = "tessera_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            mariaDBName = name
            pool = .mariadb(try MariaDBServer.configuration(database: name), maximumConnections: 4)
        }
        let folder = directory
        blobs = try makeBlobs?(folder)
            ?? FileBlobStore(root: folder.appendingPathComponent("blobs").path, maximumBlobBytes: maximumBlobBytes)
        var configuration = StoreEngineConfiguration(serverName: server, nodeName: node)
        configure(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        engine = try StoreEngine(database: pool, blobs: blobs, configuration: configuration, logger: logger)
        try engine.claimOwnership()
    }

    /// Another engine on the same database and blob store (or `blobs`, another view of the
    /// same storage), as a second node would run it.
    func secondEngine(node: String, blobs: (any BlobStore)? = nil) throws -> StoreEngine {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try StoreEngine(
            database: pool, blobs: blobs ?? self.blobs, configuration: StoreEngineConfiguration(serverName: "s1", nodeName: node), logger: logger)
    }

    /// Runs a query on the server database directly (for asserting on what is stored).
    func sql(_ text: String, _ parameters: [SQLValue] = []) throws -> [SQLRow] {
        try pool.withConnection { try $0.query(text, parameters) }
    }

    deinit {
        if let name = mariaDBName {
            _ = try? pool.withConnection { try $0.execute("DROP DATABASE IF EXISTS `\(name)`", []) }
        }
        pool.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A store for a user with a fresh name.
    func makeStore(_ owner: String = "user-\(UUID().uuidString.prefix(8))") throws -> StoreInfo {
        try engine.createStore(owner: owner, displayName: "Test \(owner)")
    }
}

/// Builders for test messages.
enum Sample {
    static func message(
        subject: String, body: String = "hello", to: [(String, String)] = [("Bob", "bob@example.org")],
        extra: [Property] = [], attachments: [NewAttachment] = []
    ) -> NewMessage {
        NewMessage(
            properties: [
                Property(id: PropertyTag.subject.id, value: .unicode(subject)),
                Property(id: PropertyTag.body.id, value: .unicode(body)),
                Property(id: PropertyTag.messageClass.id, value: .unicode("IPM.Note")),
            ] + extra,
            recipients: to.map { name, address in
                [
                    Property(id: PropertyTag.displayName.id, value: .unicode(name)),
                    Property(id: PropertyTag.emailAddress.id, value: .unicode(address)),
                    Property(id: PropertyTag.addressType.id, value: .unicode("SMTP")),
                    Property(id: PropertyTag.recipientType.id, value: .long(Int32(RecipientType.to.rawValue))),
                ]
            },
            attachments: attachments)
    }

    static func attachment(name: String, bytes: [UInt8]) -> NewAttachment {
        NewAttachment(
            properties: [Property(id: PropertyTag.attachLongFilename.id, value: .unicode(name))], content: .bytes(bytes))
    }

    /// Deterministic pseudo-random bytes.
    static func bytes(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        var out = [UInt8]()
        out.reserveCapacity(count)
        while out.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var word = state
            for _ in 0..<8 where out.count < count {
                out.append(UInt8(truncatingIfNeeded: word >> 56))
                word <<= 8
            }
        }
        return out
    }
}
