import Database
import MAPI
import Node

/// Figure b: a 50-row page of a sorted contents table in a folder of 10,000 items.
///
/// The store answers `contents(of:_:)` with eight typical columns; the raw baseline runs the
/// page's SELECT … ORDER BY … LIMIT 50 OFFSET ? on the same `messages` table (the same WHERE,
/// the same order, the same selected columns) and decodes nothing. Each case runs a loop of
/// queries per repetition (store and raw alternating); a repetition's median and p99 are taken
/// over its queries, and the report shows the median of those over the repetitions.
struct ContentsPaging {
    /// One kind of page query.
    struct Case {
        var name: String
        var sort: [SortKey]
        var restriction: Restriction?
        /// The raw query's ORDER BY and extra WHERE.
        var rawOrder: String
        var rawFilter: String
        /// Rows the case's table has (to draw page offsets from).
        var rows: Int
        var firstPageOnly: Bool
    }

    struct Result {
        var name: String
        var folderSize: Int
        var store: LatencyFigure
        var raw: LatencyFigure
    }

    let database: BenchDatabase
    let folderSize: Int
    let queriesPerRepetition: Int
    let repetitions: Int

    /// The columns a mail client's contents table typically shows.
    static let columns: [PropertyTag] = [
        .entryID, .subject, .senderName, .messageDeliveryTime, .messageSize, .messageFlags, .importance, .hasAttachments,
    ]
    static let pageSize = 50

    /// Creates the store and fills its inbox with `folderSize` items through the store API.
    func fill() throws -> (EntryID, Int64) {
        let store = try database.engine.createStore(owner: "contents", displayName: "Contents")
        let inbox = store.folder(.inbox)
        let seconds = try Measurement.seconds {
            for n in 0..<folderSize {
                _ = try database.engine.createMessage(in: inbox, SyntheticMail.message(1_000_000 + n, bodyBytes: 4_096))
            }
        }
        progress("  filled a folder with \(folderSize) items in \(String(format: "%.1f", seconds)) s")
        let folderID = try database.withConnection { connection in
            try connection.queryFirst(
                "SELECT f.id FROM folders f JOIN stores s ON s.id = f.store_id WHERE s.owner = ? AND f.source_key = ?",
                [.text("contents"), .blob(inbox.sourceKey!.bytes)])!.integer(0)
        }
        return (inbox, folderID)
    }

    func cases() -> [Case] {
        let deliveryDescending = [SortKey(.messageDeliveryTime, ascending: false)]
        let unread = Restriction.bitmask(tag: .messageFlags, mask: MessageFlags.read.rawValue, test: .equalsZero)
        return [
            Case(
                name: "delivery time desc, first page", sort: deliveryDescending, restriction: nil,
                rawOrder: "delivery_time DESC, id ASC", rawFilter: "", rows: folderSize, firstPageOnly: true),
            Case(
                name: "delivery time desc, random page", sort: deliveryDescending, restriction: nil,
                rawOrder: "delivery_time DESC, id ASC", rawFilter: "", rows: folderSize, firstPageOnly: false),
            Case(
                name: "subject asc, random page", sort: [SortKey(.subject)], restriction: nil,
                rawOrder: "subject_key ASC, id ASC", rawFilter: "", rows: folderSize, firstPageOnly: false),
            Case(
                name: "unread only (bitmask), delivery desc, random page", sort: deliveryDescending, restriction: unread,
                rawOrder: "delivery_time DESC, id ASC", rawFilter: " AND COALESCE((flags & 1) = 0, 0)", rows: folderSize / 2,
                firstPageOnly: false),
        ]
    }

    func run() throws -> [Result] {
        let (inbox, folderID) = try fill()
        var results: [Result] = []
        for (index, testCase) in cases().enumerated() {
            // The same pages for store and raw, and for every repetition of a case.
            var random = SeededRandom(seed: 0xC0FFEE + UInt64(index))
            let pages = max(1, testCase.rows / Self.pageSize)
            let offsets = (0..<queriesPerRepetition).map { _ in
                testCase.firstPageOnly ? 0 : Int.random(in: 0..<pages, using: &random) * Self.pageSize
            }
            let rawSQL = """
                SELECT id, store_id, folder_id, parent_attachment, source_key, change_num, sync_num, deleted, size, props
                FROM messages WHERE folder_id = ? AND deleted = 0 AND COALESCE(flags & 64, 0) = 0\(testCase.rawFilter)
                ORDER BY \(testCase.rawOrder) LIMIT ? OFFSET ?
                """

            func storeQuery(_ offset: Int) throws {
                let query = TableQuery(
                    columns: Self.columns, restriction: testCase.restriction, sort: testCase.sort, offset: offset, limit: Self.pageSize)
                let result = try database.engine.contents(of: inbox, query)
                guard result.rows.count == Self.pageSize, result.totalCount == testCase.rows else {
                    throw BenchError("\(testCase.name): got \(result.rows.count) rows of \(result.totalCount) at offset \(offset)")
                }
            }
            func rawQuery(_ offset: Int) throws {
                var rows = 0
                try database.withConnection { connection in
                    try connection.forEachRow(
                        rawSQL, [.integer(folderID), .integer(Int64(Self.pageSize)), .integer(Int64(offset))]
                    ) { _ in rows += 1 }
                }
                guard rows == Self.pageSize else { throw BenchError("\(testCase.name): raw got \(rows) rows at offset \(offset)") }
            }
            func loop(_ query: (Int) throws -> Void) throws -> LatencySample {
                var latencies: [Double] = []
                latencies.reserveCapacity(offsets.count)
                for offset in offsets { latencies.append(try Measurement.seconds { try query(offset) }) }
                return LatencySample(latencies)
            }

            // Warm-up: a tenth of the loop each.
            for offset in offsets.prefix(max(10, offsets.count / 10)) {
                try storeQuery(offset)
                try rawQuery(offset)
            }
            var storeRuns: [LatencySample] = []
            var rawRuns: [LatencySample] = []
            for _ in 0..<repetitions {
                storeRuns.append(try loop(storeQuery))
                rawRuns.append(try loop(rawQuery))
            }
            let result = Result(
                name: testCase.name, folderSize: folderSize, store: LatencyFigure(storeRuns, queriesPerRepetition: offsets.count),
                raw: LatencyFigure(rawRuns, queriesPerRepetition: offsets.count))
            progress(
                "  page \(testCase.name): store median \(milliseconds(result.store.median)) p99 \(milliseconds(result.store.p99)),"
                    + " raw median \(milliseconds(result.raw.median)) p99 \(milliseconds(result.raw.p99))")
            results.append(result)
        }
        return results
    }
}
