import Database
import Foundation
import Logging
import MAPI
import Synchronization

/// The store engine of one server: every store of the users homed on it, in one database plus
/// one blob store (ARCHITECTURE §3, §6).
///
/// All calls block (database and file I/O) and are safe from any thread; the SOAP layer runs them
/// on a thread pool. Every write runs in one database transaction that first checks that this
/// engine still holds the server's ownership epoch (see ``Ownership``): once another node has
/// taken the server, each write fails with `FENCED` and changes nothing.
public final class StoreEngine: Sendable {
    let database: DatabasePool
    let blobs: any BlobStore
    let configuration: StoreEngineConfiguration
    let logger: Logger
    let clock: @Sendable () -> FileTime
    let makeGUID: @Sendable () -> GUID
    /// The GUID of this server's database, the prefix of the source and change keys it issues.
    public let serverGUID: GUID
    /// The blob store large attachments live in (uploads stream into it before they attach).
    public var blobStore: any BlobStore { blobs }
    let heldEpoch = Mutex<Int64?>(nil)

    /// Opens the server's database (creating or migrating its schema) and blob store.
    ///
    /// The engine does not own the server yet: call ``claimOwnership()`` (or ``takeOver(expectedEpoch:)``)
    /// before writing.
    public init(
        database: DatabasePool, blobs: any BlobStore, configuration: StoreEngineConfiguration,
        logger: Logger = Logger(label: "tessera.store"),
        clock: @escaping @Sendable () -> FileTime = { FileTime(unixSeconds: Date().timeIntervalSince1970) },
        makeGUID: @escaping @Sendable () -> GUID = {
            var generator = SystemRandomNumberGenerator()
            return GUID.random(using: &generator)
        }
    ) throws {
        self.database = database
        self.blobs = blobs
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.makeGUID = makeGUID
        self.serverGUID = try Self.mapErrors {
            try Self.retryingWhileBusy { try database.withConnection { try SchemaMigrator.migrate($0, newServerGUID: makeGUID) } }
        }
    }

    /// Runs `body` again while the database is busy, for up to about 10 s: nodes opening a new
    /// SQLite file at the same moment can find it locked (switching it to WAL) even before the
    /// busy timeout applies.
    private static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        var attempts = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.isTransient && attempts < 100 {
                attempts += 1
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
    }

    // MARK: - Transactions

    /// Runs `body` in a write transaction that holds the server's ownership epoch for its length.
    /// Retries on lock conflicts; maps database errors to MAPI errors.
    func write<T>(_ body: (WriteTransaction) throws -> T) throws(MAPIError) -> T {
        guard let epoch = heldEpoch.withLock({ $0 }) else {
            throw MAPIError(.fenced, "node \(configuration.nodeName) does not own server \(configuration.serverName)")
        }
        return try withRetries {
            try database.withConnection { connection in
                try connection.transaction(.write) {
                    try Ownership.checkHeld(epoch, on: connection, server: configuration.serverName) {
                        self.fence(epoch)
                    }
                    try Ownership.register(connection, node: configuration.nodeName)
                    return try body(WriteTransaction(connection: connection, engine: self, now: clock()))
                }
            }
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot).
    func read<T>(_ body: (ReadTransaction) throws -> T) throws(MAPIError) -> T {
        try withRetries {
            try database.withConnection { connection in
                try connection.transaction(.read) { try body(ReadTransaction(connection: connection, engine: self)) }
            }
        }
    }

    /// Runs `body`, again after a lock conflict or deadlock (the transaction was rolled back).
    private func withRetries<T>(_ body: () throws -> T) throws(MAPIError) -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.isTransient && attempt < configuration.transientRetries {
                attempt += 1
                logger.debug("retrying transaction", metadata: ["store.attempt": "\(attempt)", "store.error": "\(error.code)"])
            } catch {
                throw Self.mapped(error)
            }
        }
    }

    /// Maps database errors to MAPI errors once, at the engine's edge.
    static func mapErrors<T>(_ body: () throws -> T) throws(MAPIError) -> T {
        do {
            return try body()
        } catch {
            throw mapped(error)
        }
    }

    static func mapped(_ error: any Error) -> MAPIError {
        switch error {
        case let error as MAPIError:
            return error
        case let error as DatabaseError:
            switch error.code {
            case .cannotConnect, .connectionLost: return MAPIError(.networkError, "database unreachable: \(error.message)")
            case .constraint: return MAPIError(.collision, "conflicting object: \(error.message)")
            case .busy, .deadlock: return MAPIError(.callFailed, "database busy: \(error.message)")
            default: return MAPIError(.callFailed, "database: \(error.message)")
            }
        case let error as BlobStoreError:
            switch error.code {
            case .tooBig: return MAPIError(.tooBig, "attachment too large: \(error)")
            case .unavailable: return MAPIError(.networkError, "blob store unreachable: \(error)")
            case .denied: return MAPIError(.noAccess, "blob store refused this node's access: \(error)")
            case .corrupt: return MAPIError(.corruptData, "\(error)")
            case .notFound, .io, .rejected: return MAPIError(.callFailed, "\(error)")
            }
        default:
            return MAPIError(.callFailed, "\(error)")
        }
    }
}
