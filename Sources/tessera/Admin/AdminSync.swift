import ArgumentParser
import Foundation
import HTTP
import Node

/// `tessera admin sync`: directory provisioning now, on the node(s) serving the servers named
/// (default: every server of this node's file), with a dry run and a progress bar.
struct AdminSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Run the directory sync now (create stores, orphan stores of departed users).")
    @OptionGroup var options: AdminOptions
    @Option(help: "Only this server (repeatable).") var server: [String] = []
    @Flag(help: "Show what would be done; change nothing.") var dryRun = false
    @Flag(help: "Apply even when more stores would be orphaned than [provisioning] max_orphan_share allows.") var force = false
    @Option(help: "Operations per request (the progress bar's step).") var batch = 100

    func run() async throws {
        let context = try options.load()
        guard let node = context.node else { throw ValidationError("sync needs a node's configuration file (its session key signs the request)") }
        let signature = AdminSignature(keys: node.sessions.keys.rawKeys)
        let servers = server.isEmpty ? node.servers.map(\.name) : server
        let snapshot = context.cluster == nil ? nil : try await context.snapshot()
        var reports: [[String: Any]] = []
        for name in servers {
            let url = snapshot.flatMap { snapshot -> String? in
                guard let entry = snapshot.ownership.filter({ $0.server.lowercased() == name.lowercased() }).max(by: { $0.epoch < $1.epoch })
                else { return nil }
                return snapshot.metadata[entry.node]?.metadata.soapEndpoint
            } ?? node.node.advertiseURL
            let client = try AdminClient(soapURL: url, signature: signature)
            defer { Task { await client.shutdown() } }
            let plan: AdminPlan = try await client.get("/admin/sync?server=\(name)")
            if !options.json {
                print("\(name) on \(url): create \(plan.create.count), orphan \(plan.orphan.count), restore \(plan.restore.count), homed elsewhere \(plan.homedElsewhere.count), unchanged \(plan.unchanged)")
                if let refusal = plan.refusal { print("  ! \(refusal)") }
                if dryRun {
                    for login in plan.create { print("  + store for \(login)") }
                    for owner in plan.orphan { print("  - orphan store of \(owner)") }
                    for owner in plan.restore { print("  ↺ restore store of \(owner)") }
                }
            }
            var applied = 0
            var failed = 0
            if !dryRun && plan.operations > 0 {
                if plan.refusal != nil && !force { throw ValidationError("\(name): not applied (see above); --force to apply anyway") }
                let progress = ProgressBar(total: plan.operations, quiet: options.json)
                while applied + failed < plan.operations {
                    let result: AdminApplyResult = try await client.post(
                        "/admin/sync?server=\(name)\(force ? "&force=1" : "")", AdminApplyRequest(limit: batch))
                    applied += result.applied
                    failed += result.failed
                    progress.update(applied + failed)
                    if result.applied + result.failed == 0 { break }
                }
                progress.finish()
            }
            reports.append(["server": name, "url": url, "create": plan.create, "orphan": plan.orphan, "restore": plan.restore,
                            "refusal": plan.refusal ?? NSNull(), "applied": applied, "failed": failed, "dryRun": dryRun])
        }
        if options.json { try AdminOutput.json(reports) }
    }
}

/// A progress bar on standard error: `[#####.....] 50/100`.
final class ProgressBar: @unchecked Sendable {
    let total: Int
    let quiet: Bool
    init(total: Int, quiet: Bool) { self.total = total; self.quiet = quiet }

    func update(_ done: Int) {
        guard !quiet, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total)".utf8))
    }

    func finish() { if !quiet { FileHandle.standardError.write(Data("\n".utf8)) } }
}
