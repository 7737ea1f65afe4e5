import Database
import MAPI
import Node

/// Figure c: ICS export of 1,000 changes. A folder holds `changes` messages from before a sync
/// state; after it, every other one is changed (`setMessageProperties`) and as many new ones are
/// created, so `changes` changes wait. The store exports them with `contentChanges(of:since:batchSize:)`
/// until `hasMore` is false, each change a full message (properties, body, recipients).
///
/// The raw baseline reads the same rows in the same batches, ordered by change number: per
/// batch one SELECT of the message rows with their large properties (the body) and one of their
/// recipients, decoding nothing.
struct ChangeExport {
    struct Result {
        var batchSize: Int
        var store: Double
        var raw: Double
        var changes: Int
        var storeRate: Double { Double(changes) / store }
        var rawRate: Double { Double(changes) / raw }
    }

    let database: BenchDatabase
    let changes: Int
    let batchSizes: [Int]
    let repetitions: Int

    func run() throws -> [Result] {
        let engine = database.engine
        let store = try engine.createStore(owner: "ics", displayName: "ICS")
        let folder = store.folder(.inbox)
        // Before the state: `changes` messages. After it: every other one changed, and as many new.
        var ids: [EntryID] = []
        for n in 0..<changes {
            ids.append(try engine.createMessage(in: folder, SyntheticMail.message(2_000_000 + n, bodyBytes: 4_096)).entryID)
        }
        var state = SyncState.initial
        while true {
            let batch = try engine.contentChanges(of: folder, since: state, batchSize: 1_000)
            state = batch.state
            if !batch.hasMore { break }
        }
        let since = state
        for (index, id) in ids.enumerated() where index % 2 == 0 {
            try engine.setMessageProperties(id, [Property(id: PropertyTag.subject.id, value: .unicode("Changed \(index)"))])
        }
        for n in 0..<(changes - (changes + 1) / 2) {
            _ = try engine.createMessage(in: folder, SyntheticMail.message(3_000_000 + n, bodyBytes: 4_096))
        }
        let folderID = try database.withConnection { connection in
            try connection.queryFirst(
                "SELECT f.id FROM folders f JOIN stores s ON s.id = f.store_id WHERE s.owner = ? AND f.source_key = ?",
                [.text("ics"), .blob(folder.sourceKey!.bytes)])!.integer(0)
        }

        func storeExport(_ batchSize: Int) throws {
            var state = since
            var count = 0
            while true {
                let batch = try engine.contentChanges(of: folder, since: state, batchSize: batchSize)
                count += batch.changes.count
                state = batch.state
                if !batch.hasMore { break }
            }
            guard count == changes else { throw BenchError("ICS export found \(count) changes, expected \(changes)") }
        }
        func rawExport(_ batchSize: Int) throws {
            var state = since.changeNumber
            var count = 0
            try database.withConnection { connection in
                while true {
                    var last = state
                    var rows = 0
                    try connection.forEachRow(
                        """
                        SELECT m.id, m.source_key, m.change_num, m.sync_num, m.size, m.props, l.tag, l.value
                        FROM messages m LEFT JOIN large_props l ON l.message_id = m.id
                        WHERE m.folder_id = ? AND m.deleted = 0 AND m.sync_num > ? ORDER BY m.sync_num LIMIT ?
                        """, [.integer(folderID), .integer(state), .integer(Int64(batchSize))]
                    ) { row in
                        rows += 1
                        last = row[3].integer!
                    }
                    try connection.forEachRow(
                        """
                        SELECT r.message_id, r.row_id, r.props FROM recipients r JOIN messages m ON m.id = r.message_id
                        WHERE m.folder_id = ? AND m.deleted = 0 AND m.sync_num > ? AND m.sync_num <= ? ORDER BY m.sync_num, r.row_id
                        """, [.integer(folderID), .integer(state), .integer(last)]
                    ) { _ in }
                    count += rows
                    state = last
                    if rows < batchSize { break }
                }
            }
            guard count == changes else { throw BenchError("raw export found \(count) rows, expected \(changes)") }
        }

        var results: [Result] = []
        for batchSize in batchSizes {
            try storeExport(batchSize)
            try rawExport(batchSize)
            var storeRuns: [Double] = []
            var rawRuns: [Double] = []
            for _ in 0..<repetitions {
                storeRuns.append(try Measurement.seconds { try storeExport(batchSize) })
                rawRuns.append(try Measurement.seconds { try rawExport(batchSize) })
            }
            let result = Result(
                batchSize: batchSize, store: Measurement.median(storeRuns), raw: Measurement.median(rawRuns), changes: changes)
            progress(
                "  ICS export of \(changes) in batches of \(batchSize): store \(milliseconds(result.store)),"
                    + " raw \(milliseconds(result.raw))")
            results.append(result)
        }
        return results
    }
}
