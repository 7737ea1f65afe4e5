import ArgumentParser
import Cluster

/// `tessera admin members`: every member the cluster knows, with its state and what it serves.
struct AdminMembers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "members", abstract: "List the cluster's members.")
    @OptionGroup var options: AdminOptions

    func run() async throws {
        let snapshot = try await options.load().snapshot()
        // Not this observer, nor earlier `tessera admin` observers.
        let others = snapshot.members.filter {
            $0.id != snapshot.localID && !(snapshot.metadata[$0.id]?.metadata.name.hasPrefix("admin-") ?? false)
        }
        let rows = others.map { member -> [String: String] in
            let metadata = snapshot.metadata[member.id]?.metadata
            return [
                "name": metadata?.name ?? "\(member.id)", "role": "\(member.role)", "state": "\(member.status)",
                "address": "\(member.address)", "url": metadata?.soapEndpoint ?? "",
                "serves": snapshot.ownership.filter { $0.node == member.id }.map(\.server).joined(separator: ","),
                "health": metadata.map { $0.health.ready ? "ready" : "not ready" } ?? "", "version": metadata?.version ?? "",
            ]
        }
        if options.json { return try AdminOutput.json(rows) }
        let columns = ["name", "role", "state", "address", "serves", "health", "url"]
        AdminOutput.table(columns.map { $0.uppercased() }, rows.map { row in columns.map { row[$0] ?? "" } })
    }
}
