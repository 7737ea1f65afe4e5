import Database
import MAPI

/// The fencing primitive of ARCHITECTURE §3: the row `ownership(server, node, epoch)` in the
/// server's own database says which node may write. It changes only by a conditional update on
/// the epoch, and every write transaction re-reads it under a lock that a takeover must wait for:
///
/// - MariaDB: writers read the row `LOCK IN SHARE MODE` (shared: writers run concurrently); the
///   takeover's `UPDATE` needs the row exclusively, so it waits for running writers and every
///   writer after it sees the new epoch.
/// - SQLite: writers start with `BEGIN IMMEDIATE`, so the database write lock serialises them
///   with the takeover in the same way.
///
/// A writer that finds another epoch fails with `FENCED` and its transaction rolls back, so
/// nothing it tried after the takeover becomes visible.
enum Ownership {
    /// The current owner of `server`, if any.
    static func current(on connection: any SQLConnection, server: String) throws -> (node: String, epoch: Int64)? {
        guard let row = try connection.queryFirst("SELECT node, epoch FROM ownership WHERE server = ?", [.text(server)])
        else { return nil }
        return (try row.text(0), try row.integer(1))
    }

    /// Within a write transaction: throws `FENCED` (after calling `onFenced`) unless `epoch` is
    /// still the server's epoch. Holds the row shared until the transaction ends.
    static func checkHeld(
        _ epoch: Int64, on connection: any SQLConnection, server: String, onFenced: () -> Void
    ) throws {
        let sql =
            connection.dialect == .mariadb
            ? "SELECT epoch FROM ownership WHERE server = ? LOCK IN SHARE MODE"
            : "SELECT epoch FROM ownership WHERE server = ?"
        let current = try connection.queryFirst(sql, [.text(server)]).map { try $0.integer(0) }
        guard current == epoch else {
            onFenced()
            throw MAPIError(
                .fenced,
                "server \(server) is now at epoch \(current.map(String.init) ?? "none"), this node held \(epoch)")
        }
    }

    /// Moves `server` to `node` if its epoch is still `expected` (nil: the row must not exist yet).
    /// Returns the new epoch; `MAPI_E_COLLISION` when someone else changed it first.
    static func take(
        on connection: any SQLConnection, server: String, node: String, expected: Int64?, now: FileTime
    ) throws -> Int64 {
        try connection.transaction(.write) {
            if let expected {
                let changed = try connection.execute(
                    "UPDATE ownership SET node = ?, epoch = epoch + 1, changed_at = ? WHERE server = ? AND epoch = ?",
                    [.text(node), .integer(now.rawValue), .text(server), .integer(expected)])
                guard changed == 1 else {
                    throw MAPIError(.collision, "server \(server) is no longer at epoch \(expected)")
                }
                return expected + 1
            }
            let inserted = try connection.execute(
                connection.dialect.insertOrIgnore + " INTO ownership (server, node, epoch, changed_at) VALUES (?, ?, 1, ?)",
                [.text(server), .text(node), .integer(now.rawValue)])
            guard inserted == 1 else { throw MAPIError(.collision, "server \(server) already has an owner") }
            return 1
        }
    }
}

extension StoreEngine {
    /// The epoch this engine holds, or nil when it does not own its server (never claimed, or fenced).
    public var ownershipEpoch: Int64? { heldEpoch.withLock { $0 } }

    /// The server's current owner and epoch as the database says.
    public func currentOwner() throws(MAPIError) -> (node: String, epoch: Int64)? {
        try Self.mapErrors {
            try database.withConnection { try Ownership.current(on: $0, server: configuration.serverName) }
        }
    }

    /// Takes the server for this node, whoever held it: reads the epoch and moves it up by one with
    /// the conditional update. Use at start-up of the configured owner; a zombie copy of this node
    /// (same name, older epoch) is fenced by it too.
    @discardableResult
    public func claimOwnership() throws(MAPIError) -> Int64 {
        let current = try currentOwner()
        return try takeOver(expectedEpoch: current?.epoch)
    }

    /// Takes the server if its epoch is still `expectedEpoch` (nil: it has no owner yet).
    @discardableResult
    public func takeOver(expectedEpoch: Int64?) throws(MAPIError) -> Int64 {
        let epoch = try Self.mapErrors {
            try database.withConnection { connection in
                try Ownership.take(
                    on: connection, server: configuration.serverName, node: configuration.nodeName,
                    expected: expectedEpoch, now: clock())
            }
        }
        heldEpoch.withLock { $0 = epoch }
        try recoverAfterTakeover()
        logger.info(
            "took ownership", metadata: ["server.name": "\(configuration.serverName)", "server.epoch": "\(epoch)"])
        return epoch
    }

    /// Asks the database whether this engine still holds its server, and stops serving it if
    /// not (the lease check of a node that may have been cut off or paused while another took
    /// over). Returns whether it still holds it; false also when it never did.
    @discardableResult
    public func confirmOwnership() throws(MAPIError) -> Bool {
        guard let held = ownershipEpoch else { return false }
        let current = try currentOwner()
        if let current, current.epoch == held, current.node == configuration.nodeName { return true }
        fence(held)
        return false
    }

    /// Called when a write found another epoch: stop writing to this server.
    func fence(_ epoch: Int64) {
        let wasHeld = heldEpoch.withLock { held -> Bool in
            guard held == epoch else { return false }
            held = nil
            return true
        }
        if wasHeld {
            logger.warning(
                "fenced: another node took the server",
                metadata: ["server.name": "\(configuration.serverName)", "server.epoch": "\(epoch)"])
        }
    }
}
