import Foundation
import MAPI
import Node

// tessera-bench: the store engine benchmarks of benchmarks/README.md. Run it through
// benchmarks/run.sh, which builds it in release and starts the MariaDB server.
//
//   tessera-bench [--backends sqlite,mariadb,mariadb-durable] [--quick] [--profile] [--only PART] [--output FILE]
//
// --quick shrinks every loop (a smoke run, not figures); --profile adds the statement profile;
// --only create|pages|export runs one figure (to profile it, e.g. under valgrind).

/// The sizes of one run.
struct Scale {
    var createWarmUp = 200
    var createItems = 1_000
    var createRepetitions = 7
    var folderSize = 10_000
    var pageQueries = 500
    var pageRepetitions = 5
    var changes = 1_000
    var exportBatches = [100, 512]
    var exportRepetitions = 7
    var profileItems = 1_000
    var profilePages = 500
    /// Items per repetition on `mariadb-durable`, where every commit waits for a log flush.
    var durableItems = 300

    static let quick = Scale(
        createWarmUp: 20, createItems: 100, createRepetitions: 2, folderSize: 1_000, pageQueries: 50, pageRepetitions: 2,
        changes: 200, exportBatches: [100], exportRepetitions: 2, profileItems: 100, profilePages: 50, durableItems: 50)
}

let usage = "usage: tessera-bench [--backends sqlite,mariadb,mariadb-durable] [--quick] [--profile] [--only create|pages|export] [--output FILE]"

/// Says what is wrong with the command line and exits (status 2).
func usageError(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tessera-bench: \(message)\n\(usage)\n".utf8))
    exit(2)
}

var kinds: [BenchDatabase.Kind] = [.sqlite]
var scale = Scale()
var profile = false
var output: String?
var only: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--backends":
        guard let list = arguments.popFirst() else { usageError("--backends needs a list, e.g. sqlite,mariadb") }
        kinds = list.split(separator: ",").map { name in
            guard let kind = BenchDatabase.Kind(rawValue: String(name)) else { usageError("unknown backend \(name)") }
            return kind
        }
    case "--quick": scale = .quick
    case "--profile": profile = true
    case "--only":
        guard let part = arguments.popFirst(), ["create", "pages", "export"].contains(part) else {
            usageError("--only needs create, pages or export")
        }
        only = part
    case "--output":
        guard let path = arguments.popFirst() else { usageError("--output needs a file") }
        output = path
    case "--help", "-h":
        print(usage)
        exit(0)
    default:
        usageError("unknown argument \(argument)")
    }
}

// The item of figure a, checked rather than assumed.
let sample = SyntheticMail.message(0, bodyBytes: 4_096)
let sampleBody = sample.properties.first { $0.id == PropertyTag.body.id }?.value.string
guard sample.properties.count == 10, sample.recipients.count == 1, sample.attachments.isEmpty, sampleBody?.utf8.count == 4_096 else {
    fatalError("SyntheticMail.message no longer has 10 properties, one recipient and a 4 KB body")
}

var report = ""
do {
    var results: [BackendResults] = []
    for kind in kinds {
        progress("\(kind.title):")
        let database = try BenchDatabase(kind)
        let description = try database.describe()
        progress("  \(description)")
        // Durability changes what a commit costs, not what a read costs: the durable pass measures
        // item creation only.
        let durable = kind == .mariadbDurable
        let creation = try (only ?? "create") == "create"
            ? ItemCreation(
                database: database, itemsPerRepetition: durable ? scale.durableItems : scale.createItems,
                repetitions: scale.createRepetitions, warmUp: durable ? scale.durableItems / 5 : scale.createWarmUp
            ).run() : nil
        let pages = try (only ?? "pages") == "pages" && !durable
            ? ContentsPaging(
                database: database, folderSize: scale.folderSize, queriesPerRepetition: scale.pageQueries,
                repetitions: scale.pageRepetitions
            ).run() : []
        let exports = try (only ?? "export") == "export" && !durable
            ? ChangeExport(
                database: database, changes: scale.changes, batchSizes: scale.exportBatches, repetitions: scale.exportRepetitions
            ).run() : []
        results.append(BackendResults(kind: kind, description: description, creation: creation, pages: pages, exports: exports))
    }
    report += Report.markdown(results) + "\n"
    report += results.map { "- \($0.kind.title): \($0.description)" }.joined(separator: "\n") + "\n"
    report += Report.repetitions(results) + "\n"
    if profile {
        for kind in kinds where kind != .mariadbDurable {
            progress("statement profile, \(kind.title)")
            report += try StatementProfile(kind: kind, items: scale.profileItems, pages: scale.profilePages).run()
        }
    }
} catch {
    progress("benchmark failed: \(error)")
    exit(1)
}
print(report, terminator: "")
if let output {
    do {
        try Data(report.utf8).write(to: URL(fileURLWithPath: output))
    } catch {
        progress("cannot write \(output): \(error)")
        exit(1)
    }
}
