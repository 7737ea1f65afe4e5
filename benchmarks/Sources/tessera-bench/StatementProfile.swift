import Database
import Foundation
import MAPI
import Node

/// Where the time of a store operation goes: every connection of a separate engine is wrapped
/// in a ``TimedConnection`` that adds up the time of each statement (by its SQL text), and the
/// time outside all statements is the engine's own (Swift) work. Not part of the headline
/// figures: the wrapper costs two clock reads per statement.
final class StatementTimes: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private let lock = NSLock()
    private var entries: [String: (calls: Int, seconds: Double)] = [:]

    func add(_ sql: String, _ seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        entries[sql, default: (0, 0)].calls += 1
        entries[sql, default: (0, 0)].seconds += seconds
    }

    func reset() {
        lock.lock()
        defer { lock.unlock() }
        entries = [:]
    }

    var snapshot: [(sql: String, calls: Int, seconds: Double)] {
        lock.lock()
        defer { lock.unlock() }
        return entries.map { ($0.key, $0.value.calls, $0.value.seconds) }.sorted { $0.seconds > $1.seconds }
    }
}

/// A connection that times every call and hands it on.
final class TimedConnection: SQLConnection {
    private let inner: any SQLConnection
    private let times: StatementTimes

    init(_ inner: any SQLConnection, times: StatementTimes) {
        self.inner = inner
        self.times = times
    }

    var dialect: SQLDialect { inner.dialect }
    var lastInsertID: Int64 { inner.lastInsertID }
    var isUsable: Bool { inner.isUsable }

    private func timed<T, E: Error>(_ label: String, _ body: () throws(E) -> T) throws(E) -> T {
        let start = Measurement.clock.now
        defer { times.add(label, (Measurement.clock.now - start).seconds) }
        return try body()
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws(DatabaseError) -> Int {
        try timed(sql) { () throws(DatabaseError) -> Int in try inner.execute(sql, parameters) }
    }

    func forEachRow(_ sql: String, _ parameters: [SQLValue], _ body: (SQLRow) throws -> Void) throws {
        try timed(sql) { () throws in try inner.forEachRow(sql, parameters, body) }
    }

    func executeScript(_ sql: String) throws(DatabaseError) { try inner.executeScript(sql) }

    func begin(_ mode: TransactionMode) throws(DatabaseError) {
        try timed(mode == .write ? "BEGIN (write)" : "BEGIN (read)") { () throws(DatabaseError) in try inner.begin(mode) }
    }

    func commit() throws(DatabaseError) {
        try timed("COMMIT") { () throws(DatabaseError) in try inner.commit() }
    }

    func rollback() { inner.rollback() }
}

/// The profile: per operation, each statement's calls and time, and the rest.
struct StatementProfile {
    let kind: BenchDatabase.Kind
    let items: Int
    let pages: Int

    func run() throws -> String {
        let times = StatementTimes()
        let database = try BenchDatabase(kind) { TimedConnection($0, times: times) }
        let engine = database.engine
        let store = try engine.createStore(owner: "profile", displayName: "Profile")
        let inbox = store.folder(.inbox)
        var out = "### Statement profile, \(kind.title)\n\n"

        for n in 0..<200 { _ = try engine.createMessage(in: inbox, SyntheticMail.message(n, bodyBytes: 4_096)) }
        times.reset()
        let messages = (200..<(200 + items)).map { SyntheticMail.message($0, bodyBytes: 4_096) }
        let createSeconds = try Measurement.seconds {
            for message in messages { _ = try engine.createMessage(in: inbox, message) }
        }
        out += table("`createMessage` (per item, \(items) items)", operations: items, total: createSeconds, times.snapshot)

        var raw = try RawItems(database)
        let now = FileTime(rawValue: 133_000_000_000_000_000)
        let forRaw = (0..<(200 + items)).map { SyntheticMail.message($0, bodyBytes: 4_096) }
        for message in forRaw.prefix(200) { try raw.insert(message, serverGUID: engine.serverGUID, now: now) }
        times.reset()
        let rawSeconds = try Measurement.seconds {
            for message in forRaw.dropFirst(200) { try raw.insert(message, serverGUID: engine.serverGUID, now: now) }
        }
        out += table("raw item insert (per item, \(items) items)", operations: items, total: rawSeconds, times.snapshot)

        var random = SeededRandom(seed: 7)
        let rows = 200 + items
        let query = { (offset: Int) in
            TableQuery(
                columns: ContentsPaging.columns, sort: [SortKey(.messageDeliveryTime, ascending: false)], offset: offset,
                limit: ContentsPaging.pageSize)
        }
        for _ in 0..<50 { _ = try engine.contents(of: inbox, query(Int.random(in: 0..<(rows - 50), using: &random))) }
        times.reset()
        let pageSeconds = try Measurement.seconds {
            for _ in 0..<pages { _ = try engine.contents(of: inbox, query(Int.random(in: 0..<(rows - 50), using: &random))) }
        }
        out += table(
            "`contents` page (per page: 50 rows, delivery time desc, random offset in \(rows) items, \(pages) pages)",
            operations: pages, total: pageSeconds, times.snapshot)

        times.reset()
        var changes = 0
        let exportSeconds = try Measurement.seconds {
            var state = SyncState.initial
            while true {
                let batch = try engine.contentChanges(of: inbox, since: state, batchSize: 512)
                changes += batch.changes.count
                state = batch.state
                if !batch.hasMore { break }
            }
        }
        out += table(
            "`contentChanges` (per change: \(changes) new messages in batches of 512)", operations: changes, total: exportSeconds,
            times.snapshot)
        if kind == .sqlite { out += try walPages() }
        return out
    }

    /// SQLite: the pages each item writes to the WAL (what a commit costs in I/O), store and raw,
    /// counted with automatic checkpoints off.
    private func walPages() throws -> String {
        let database = try BenchDatabase(.sqlite) { connection in
            try? connection.executeScript("PRAGMA wal_autocheckpoint = 0")
            return connection
        }
        let store = try database.engine.createStore(owner: "wal", displayName: "WAL")
        let inbox = store.folder(.inbox)
        var raw = try RawItems(database)
        let now = FileTime(rawValue: 133_000_000_000_000_000)
        let count = 200
        func frames(_ body: () throws -> Void) throws -> Double {
            try database.withConnection { try $0.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
            try body()
            let row = try database.withConnection { try $0.queryFirst("PRAGMA wal_checkpoint(PASSIVE)")! }
            return Double(try row.integer(1)) / Double(count)
        }
        for n in 0..<count { _ = try database.engine.createMessage(in: inbox, SyntheticMail.message(n, bodyBytes: 4_096)) }
        let storePages = try frames {
            for n in count..<(2 * count) { _ = try database.engine.createMessage(in: inbox, SyntheticMail.message(n, bodyBytes: 4_096)) }
        }
        let rawPages = try frames {
            for n in 0..<count { try raw.insert(SyntheticMail.message(n, bodyBytes: 4_096), serverGUID: database.engine.serverGUID, now: now) }
        }
        return String(format: "WAL pages (4 KiB) written per item: store %.1f, raw %.1f\n\n", storePages, rawPages)
    }

    /// Calls per operation: "1.00", or "1/512" for a statement run once per batch.
    private func callsPerOperation(_ calls: Int, _ operations: Int) -> String {
        let ratio = Double(calls) / Double(operations)
        return ratio >= 0.1 ? String(format: "%.2f", ratio) : String(format: "1/%.0f", 1 / ratio)
    }

    private func table(
        _ title: String, operations: Int, total: Double, _ entries: [(sql: String, calls: Int, seconds: Double)]
    ) -> String {
        let perOperation = total / Double(operations) * 1e6
        var out = "\(title): \(String(format: "%.1f", perOperation)) µs per operation\n\n"
        out += "| statement | calls per op | µs per call | µs per op | share |\n|---|---:|---:|---:|---:|\n"
        var inStatements = 0.0
        for entry in entries {
            inStatements += entry.seconds
            let sql = entry.sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            let short = sql.count > 110 ? String(sql.prefix(107)) + "…" : sql
            out += "| `\(short.replacingOccurrences(of: "|", with: "\\|"))` | "
                + callsPerOperation(entry.calls, operations) + " | "
                + String(format: "%.1f | %.1f | %.0f %%", entry.seconds / Double(entry.calls) * 1e6,
                    entry.seconds / Double(operations) * 1e6, entry.seconds / total * 100)
                + " |\n"
        }
        let outside = max(0, total - inStatements)
        out += "| (engine work outside SQL calls) | | | "
            + String(format: "%.1f | %.0f %%", outside / Double(operations) * 1e6, outside / total * 100) + " |\n\n"
        return out
    }
}
