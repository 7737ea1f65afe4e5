import ArgumentParser
import Cluster

/// `tessera admin servers`: who serves what, at which epoch, and how that node is.
struct AdminServers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "servers", abstract: "Which node serves each server, with epoch and health.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        let snapshot = try await options.load().snapshot()
        let rows = snapshot.ownership.map { entry -> [String: String] in
            let member = snapshot.members.first { $0.id == entry.node }
            let metadata = snapshot.metadata[entry.node]?.metadata
            return [
                "server": entry.server, "node": metadata?.name ?? "\(entry.node)", "epoch": "\(entry.epoch)",
                "state": member.map { "\($0.status)" } ?? "unknown",
                "health": metadata.map { $0.health.ready && $0.health.databaseOK ? "ready" : "not ready" } ?? "", "url": metadata?.soapEndpoint ?? "",
            ]
        }
        if options.json { return try AdminOutput.json(rows) }
        let columns = ["server", "node", "epoch", "state", "health", "url"]
        AdminOutput.table(columns.map { $0.uppercased() }, rows.map { row in columns.map { row[$0] ?? "" } })
    }
}
