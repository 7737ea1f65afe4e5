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

    /// The database's clock in milliseconds since 1970, as SQL: every node compares lease ages
    /// on the database's clock, never its own.
    static func now(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)"
        case .mariadb: "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)"
        }
    }

    /// Sets `server`'s lease to `node` at `epoch`, renewed now.
    static func renewLease(on connection: any SQLConnection, server: String, node: String, epoch: Int64) throws {
        let now = now(connection.dialect)
        let upsert =
            connection.dialect == .mariadb
            ? "ON DUPLICATE KEY UPDATE node = VALUES(node), epoch = VALUES(epoch), renewed_at = VALUES(renewed_at)"
            : "ON CONFLICT (server) DO UPDATE SET node = excluded.node, epoch = excluded.epoch, renewed_at = excluded.renewed_at"
        try connection.execute(
            "INSERT INTO ownership_leases (server, node, epoch, renewed_at) VALUES (?, ?, ?, \(now)) \(upsert)",
            [.text(server), .text(node), .integer(epoch)])
    }

    /// Records, once per MariaDB connection, that `node` writes through it (``killConnections(of:on:)``).
    static func register(_ connection: any SQLConnection, node: String) throws {
        guard let mariadb = connection as? MariaDBConnection, mariadb.userTag != node else { return }
        try connection.execute(
            "REPLACE INTO node_connections (connection_id, node) VALUES (?, ?)", [.integer(Int64(mariadb.connectionID)), .text(node)])
        mariadb.userTag = node
    }

    /// Kills the MariaDB connections `node` writes through (a failover's, when gossip declared
    /// the owner dead): a frozen or half-dead owner may have a write transaction open, which holds
    /// the ownership row until the connection goes, so the takeover would wait for it. Killing
    /// rolls it back, unacknowledged. Returns how many were killed. A no-op on SQLite (a dead
    /// process's locks go with it; a frozen one's lock makes the takeover wait).
    @discardableResult
    static func killConnections(of node: String, on connection: any SQLConnection) throws -> Int {
        guard connection.dialect == .mariadb else { return 0 }
        let ids = try connection.query("SELECT connection_id FROM node_connections WHERE node = ?", [.text(node)]).map { try $0.integer(0) }
        let live = Set(try connection.query("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = CURRENT_USER() OR USER = SUBSTRING_INDEX(CURRENT_USER(), '@', 1)").map { try $0.integer(0) })
        var killed = 0
        for id in ids where live.contains(id) {
            do {
                try connection.execute("KILL CONNECTION \(id)", [])
                killed += 1
            } catch {
                // Gone meanwhile.
            }
        }
        try connection.execute("DELETE FROM node_connections WHERE node = ?", [.text(node)])
        return killed
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
                try renewLease(on: connection, server: server, node: node, epoch: expected + 1)
                return expected + 1
            }
            let inserted = try connection.execute(
                connection.dialect.insertOrIgnore + " INTO ownership (server, node, epoch, changed_at) VALUES (?, ?, 1, ?)",
                [.text(server), .text(node), .integer(now.rawValue)])
            guard inserted == 1 else { throw MAPIError(.collision, "server \(server) already has an owner") }
            try renewLease(on: connection, server: server, node: node, epoch: 1)
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

    /// Takes the server if its epoch is still `expectedEpoch` (nil: it has no owner yet). With
    /// `killing`, first kills the MariaDB connections that node wrote through (a failover from a
    /// node gossip declared dead: its open transactions would hold the takeover up); an
    /// operator's move leaves them, so that the old owner's writes in flight finish.
    @discardableResult
    public func takeOver(expectedEpoch: Int64?, killing previousOwner: String? = nil) throws(MAPIError) -> Int64 {
        let epoch = try Self.mapErrors {
            try database.withConnection { connection -> Int64 in
                if let previousOwner, previousOwner != configuration.nodeName {
                    let killed = try Ownership.killConnections(of: previousOwner, on: connection)
                    if killed > 0 {
                        logger.notice(
                            "killed the previous owner's database connections",
                            metadata: ["server.name": "\(configuration.serverName)", "previous.node": "\(previousOwner)", "connections": "\(killed)"])
                    }
                }
                return try Ownership.take(
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

    /// The server's lease: who renewed it, at which epoch, and how many milliseconds ago (on the
    /// database's clock); nil when nobody has held it since version 5.
    public func lease() throws(MAPIError) -> (node: String, epoch: Int64, age: Duration)? {
        try Self.mapErrors {
            try database.withConnection { connection in
                let sql = "SELECT node, epoch, \(Ownership.now(connection.dialect)) - renewed_at FROM ownership_leases WHERE server = ?"
                guard let row = try connection.queryFirst(sql, [.text(configuration.serverName)]) else { return nil }
                return (try row.text(0), try row.integer(1), .milliseconds(try row.integer(2)))
            }
        }
    }

    /// Renews this engine's lease of its server, in a write transaction (so a fenced engine
    /// learns it here: `FENCED`, and it stops serving).
    public func renewLease() throws(MAPIError) {
        let server = configuration.serverName, node = configuration.nodeName
        try write { tx in
            guard let epoch = ownershipEpoch else { return }
            try Ownership.renewLease(on: tx.connection, server: server, node: node, epoch: epoch)
        }
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
