import ArgumentParser
import Cluster
import Directory

/// `tessera admin where USER`: the user's home server, the node serving it, and how that was
/// decided (like `doveadm director status USER`).
struct AdminWhere: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "where", abstract: "Where a user's store lives and which node serves it.")
    @OptionGroup var options: AdminOptions
    @Argument(help: "A login name or e-mail address.") var user: String

    func run() async throws {
        let context = try options.load()
        guard let found = try await context.withDirectory({ try await $0.cached.resolve(user) }) else {
            throw ValidationError("no user \(user) in the directory")
        }
        let snapshot = try await context.snapshot()
        var answer: [String: String] = ["user": found.login, "id": found.id.rawValue]
        var steps: [String] = ["the directory resolves \(user) to \(found.login) (id \(found.id))"]
        guard let home = found.homeServer else {
            steps.append("the directory names no home server: a node's default server holds the store")
            return try report(answer, steps)
        }
        answer["homeServer"] = home
        steps.append("its home server is \(home)")
        let entries = snapshot.ownership.filter { $0.server.lowercased() == home.lowercased() }
        guard let entry = entries.max(by: { $0.epoch < $1.epoch }) else {
            steps.append("no node announces \(home): requests for it get MAPI_E_NETWORK_ERROR until one serves it")
            return try report(answer, steps)
        }
        let member = snapshot.members.first { $0.id == entry.node }
        let metadata = snapshot.metadata[entry.node]?.metadata
        answer["node"] = metadata?.name ?? "\(entry.node)"
        answer["epoch"] = "\(entry.epoch)"
        answer["url"] = metadata?.soapEndpoint ?? ""
        answer["state"] = member.map { "\($0.status)" } ?? "unknown"
        steps.append("gossip: \(home) is served by \(answer["node"]!) at epoch \(entry.epoch) (highest epoch wins), member \(answer["state"]!)")
        if let metadata { steps.append("routers forward to \(metadata.soapEndpoint)") }
        try report(answer, steps)
    }

    private func report(_ answer: [String: String], _ steps: [String]) throws {
        if options.json {
            var value: [String: Any] = answer
            value["decided"] = steps
            return try AdminOutput.json(value)
        }
        for key in ["user", "id", "homeServer", "node", "epoch", "state", "url"] where answer[key] != nil {
            print("\(key.padding(toLength: 11, withPad: " ", startingAt: 0)) \(answer[key]!)")
        }
        print("decided:")
        for step in steps { print("  - \(step)") }
    }
}
