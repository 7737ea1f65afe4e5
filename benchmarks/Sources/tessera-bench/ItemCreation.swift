import MAPI
import Node

/// Figure a: items created per second. The item is `SyntheticMail.message(n, bodyBytes: 4096)`:
/// ten properties (subject, 4 KB body, class, sender name and address, importance, delivery
/// time, message id, display-to, flags) and one recipient. The store creates each with
/// `createMessage` in its own transaction; the raw baseline is ``RawItems``.
///
/// Store and raw repetitions alternate, so that a change in the machine's load hits both.
struct ItemCreation {
    struct Result {
        var store: Double
        var raw: Double
        var storeRuns: [Double]
        var rawRuns: [Double]
        var itemsPerRepetition: Int
        /// Messages per second the search indexer takes off the queue afterwards (every item the
        /// store created, in batches of 500): the work deferred out of the write path.
        var indexedPerSecond: Double
        /// The median of the repetitions' store/raw ratios: each pair ran back to back, so a
        /// change in the machine's load hits both sides of a ratio alike.
        var ratio: Double { Measurement.median(zip(storeRuns, rawRuns).map { $0 / $1 }) }
    }

    let database: BenchDatabase
    let itemsPerRepetition: Int
    let repetitions: Int
    let warmUp: Int

    func run() throws -> Result {
        let store = try database.engine.createStore(owner: "create", displayName: "Create")
        let inbox = store.folder(.inbox)
        var raw = try RawItems(database)
        let now = FileTime(rawValue: 133_000_000_000_000_000)
        var next = 0
        func batch(_ count: Int) -> [NewMessage] {
            defer { next += count }
            return (next..<(next + count)).map { SyntheticMail.message($0, bodyBytes: 4_096) }
        }

        for message in batch(warmUp) { _ = try database.engine.createMessage(in: inbox, message) }
        for message in batch(warmUp) { try raw.insert(message, serverGUID: database.engine.serverGUID, now: now) }

        var storeRuns: [Double] = []
        var rawRuns: [Double] = []
        for repetition in 0..<repetitions {
            let forStore = batch(itemsPerRepetition)
            let storeSeconds = try Measurement.seconds {
                for message in forStore { _ = try database.engine.createMessage(in: inbox, message) }
            }
            let forRaw = batch(itemsPerRepetition)
            let rawSeconds = try Measurement.seconds {
                for message in forRaw { try raw.insert(message, serverGUID: database.engine.serverGUID, now: now) }
            }
            storeRuns.append(Double(itemsPerRepetition) / storeSeconds)
            rawRuns.append(Double(itemsPerRepetition) / rawSeconds)
            progress(
                "  create rep \(repetition + 1)/\(repetitions): store \(Int(storeRuns.last!)) items/s, raw \(Int(rawRuns.last!)) items/s")
        }
        var indexed = 0
        let indexSeconds = try Measurement.seconds {
            while true {
                let taken = try database.engine.indexPendingMessages(limit: 500)
                if taken == 0 { break }
                indexed += taken
            }
        }
        progress("  search indexer: \(indexed) queued messages in \(String(format: "%.2f", indexSeconds)) s")
        return Result(
            store: Measurement.median(storeRuns), raw: Measurement.median(rawRuns), storeRuns: storeRuns, rawRuns: rawRuns,
            itemsPerRepetition: itemsPerRepetition, indexedPerSecond: Double(indexed) / indexSeconds)
    }
}
