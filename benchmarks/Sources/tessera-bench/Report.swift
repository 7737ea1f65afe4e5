import Foundation
import LoadGenerator

/// The results of the suite on one database.
struct BackendResults {
    var kind: BenchDatabase.Kind
    var description: String
    var creation: ItemCreation.Result?
    var pages: [ContentsPaging.Result]
    var exports: [ChangeExport.Result]
}

/// A cell of a figure the run left out on one database.
private let absent = ("—", "—", "—")

/// The results table of benchmarks/README.md: one row per figure, store / raw / ratio per database.
///
/// Ratios: for rates (items/s, changes/s) the store's rate over the raw rate (target ≥ 0.5 for
/// item creation); for page latencies the store's latency over the raw one ("×").
enum Report {
    static func markdown(_ results: [BackendResults]) -> String {
        var header = "| figure |"
        var rule = "|---|"
        for result in results {
            header += " \(result.kind.title) store | \(result.kind.title) raw | store/raw |"
            rule += "---:|---:|---:|"
        }
        var lines = [header, rule]
        func row(_ title: String, _ cell: (BackendResults) -> (String, String, String)) {
            var line = "| \(title) |"
            for result in results {
                let (store, raw, ratio) = cell(result)
                line += " \(store) | \(raw) | \(ratio) |"
            }
            lines.append(line)
        }
        if results.contains(where: { $0.creation != nil }) {
            row("a. items created per second (10 props, 1 recipient, 4 KB body; 1 transaction each)") {
                guard let creation = $0.creation else { return absent }
                return (rate(creation.store) + "/s", rate(creation.raw) + "/s", String(format: "%.2f", creation.ratio))
            }
            row("a. … then the search indexer: queued messages indexed per second (batches of 500; no raw counterpart)") {
                guard let creation = $0.creation else { return absent }
                return (rate(creation.indexedPerSecond) + "/s", "—", "—")
            }
        }
        let pages = results.first { !$0.pages.isEmpty }?.pages ?? []
        for (index, page) in pages.enumerated() {
            let folder = rate(Double(page.folderSize))
            row("b. 50-row page of \(folder), \(page.name): median (\(page.store.repetitions) × \(page.store.queriesPerRepetition) queries)") {
                guard index < $0.pages.count else { return absent }
                let page = $0.pages[index]
                return (milliseconds(page.store.median), milliseconds(page.raw.median), multiple(page.store.median / page.raw.median))
            }
            row("b. … same, p99") {
                guard index < $0.pages.count else { return absent }
                let page = $0.pages[index]
                return (milliseconds(page.store.p99), milliseconds(page.raw.p99), multiple(page.store.p99 / page.raw.p99))
            }
        }
        let exports = results.first { !$0.exports.isEmpty }?.exports ?? []
        for (index, export) in exports.enumerated() {
            row("c. ICS export of \(rate(Double(export.changes))) changes, batches of \(export.batchSize): total (changes/s)") {
                guard index < $0.exports.count else { return absent }
                let export = $0.exports[index]
                return (
                    "\(milliseconds(export.store)) (\(rate(export.storeRate))/s)", "\(milliseconds(export.raw)) (\(rate(export.rawRate))/s)",
                    String(format: "%.2f", export.storeRate / export.rawRate)
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The per-repetition figures behind the medians, to judge the noise.
    static func repetitions(_ results: [BackendResults]) -> String {
        results.compactMap { result in
            guard let creation = result.creation else { return nil }
            return "- \(result.kind.title) items/s per repetition (\(creation.itemsPerRepetition) items each): store "
                + creation.storeRuns.map(rate).joined(separator: ", ") + "; raw "
                + creation.rawRuns.map(rate).joined(separator: ", ")
        }.joined(separator: "\n") + "\n"
    }
}

/// A rate with thousands separators, no decimals.
func rate(_ value: Double) -> String { LoadReport.grouped(value) }

/// Seconds as milliseconds with sensible precision.
func milliseconds(_ seconds: Double) -> String {
    let ms = seconds * 1_000
    return ms < 10 ? String(format: "%.2f ms", ms) : String(format: "%.0f ms", ms)
}

/// A latency multiple: "3.1×".
func multiple(_ value: Double) -> String { String(format: "%.1f×", value) }

/// A progress line on standard error (standard output carries the report).
func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
