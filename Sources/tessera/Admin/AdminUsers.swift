import ArgumentParser
import Cluster
import Directory

/// `tessera admin users`: the directory's users with their home server and its serving node.
struct AdminUsers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "users", abstract: "List the directory's users and where each is served.")
    @OptionGroup var options: AdminOptions
    @Flag(help: "Do not ask the cluster who serves each home server.") var noCluster = false

    func run() async throws {
        let context = try options.load()
        let users = try await context.withDirectory { try await $0.cached.users(changedSince: nil).items }
        let snapshot = noCluster || context.cluster == nil ? nil : try await context.snapshot()
        let rows = users.sorted { $0.login < $1.login }.map { user -> [String: String] in
            var row = ["login": user.login, "id": user.id.rawValue, "name": user.displayName, "email": user.primaryAddress ?? "",
                       "home": user.homeServer ?? "", "status": "\(user.status)"]
            if let snapshot, let home = user.homeServer,
                let entry = snapshot.ownership.filter({ $0.server.lowercased() == home.lowercased() }).max(by: { $0.epoch < $1.epoch })
            {
                row["node"] = snapshot.metadata[entry.node]?.metadata.name ?? "\(entry.node)"
            }
            return row
        }
        if options.json { return try AdminOutput.json(rows) }
        let columns = ["login", "name", "email", "home", "node", "status"]
        AdminOutput.table(columns.map { $0.uppercased() }, rows.map { row in columns.map { row[$0] ?? "" } })
        print("(\(rows.count) users)")
    }
}
