import Foundation

/// A bounded pool of connections to one database, shared by threads.
///
/// Connections are made on demand up to `maximumConnections`; a caller that finds none free waits.
/// A connection that reports itself unusable after an error is closed and replaced, so a database
/// restart costs the requests in flight, not the process.
public final class DatabasePool: @unchecked Sendable {
    // @unchecked: `idle`, `open` and `closed` are guarded by `condition`; a connection is handed to
    // exactly one caller at a time, so the non-Sendable connections never cross threads concurrently.
    private let condition = NSCondition()
    private var idle: [any SQLConnection] = []
    private var open = 0
    private var closed = false
    private let connect: @Sendable () throws -> any SQLConnection

    /// The SQL flavour of this pool's connections.
    public let dialect: SQLDialect
    /// The most connections open at once.
    public let maximumConnections: Int

    /// A pool that opens connections with `connect`.
    public init(
        dialect: SQLDialect, maximumConnections: Int,
        connect: @escaping @Sendable () throws -> any SQLConnection
    ) {
        precondition(maximumConnections > 0, "a pool needs at least one connection")
        self.dialect = dialect
        self.maximumConnections = maximumConnections
        self.connect = connect
    }

    /// Runs `body` with a connection of its own. Blocks until one is free.
    public func withConnection<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        do {
            let result = try body(connection)
            checkIn(connection)
            return result
        } catch {
            checkIn(connection)
            throw error
        }
    }

    /// Closes every idle connection and refuses new work.
    public func close() {
        condition.lock()
        closed = true
        open -= idle.count
        idle.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    private func checkOut() throws -> any SQLConnection {
        condition.lock()
        while true {
            if closed {
                condition.unlock()
                throw DatabaseError(.cannotConnect, "the database pool is closed")
            }
            if let connection = idle.popLast() {
                condition.unlock()
                return connection
            }
            if open < maximumConnections {
                open += 1
                condition.unlock()
                do {
                    return try connect()
                } catch {
                    condition.lock()
                    open -= 1
                    condition.signal()
                    condition.unlock()
                    throw error
                }
            }
            condition.wait()
        }
    }

    private func checkIn(_ connection: any SQLConnection) {
        let usable = connection.isUsable
        condition.lock()
        if usable && !closed {
            idle.append(connection)
        } else {
            open -= 1
        }
        condition.signal()
        condition.unlock()
    }
}
