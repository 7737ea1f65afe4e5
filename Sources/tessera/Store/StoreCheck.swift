import ArgumentParser
import Node

/// `tessera store check`: verifies a server's storage invariants (like fsck) and exits non-zero
/// when one is broken.
struct StoreCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check a server's storage invariants (blobs, counts, orphans).")

    @OptionGroup var server: ServerOptions

    @Flag(help: "Take the server and recover first (sweep temporary and orphaned blobs) — only when no node serves it.")
    var recover = false

    func run() throws {
        let engine = try server.openEngine(logger: makeLogger("tessera.store"), claim: recover)
        let report = try engine.checkConsistency()
        print("stores \(report.stores), folders \(report.folders), messages \(report.messages), blobs \(report.blobs)")
        for problem in report.problems { print("problem: \(problem)") }
        if !report.isConsistent { throw ExitCode(1) }
        print("consistent")
    }
}
