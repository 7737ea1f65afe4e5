import ArgumentParser
import Cluster
import Node

/// `tessera admin failover SERVER --to NODE`: NODE takes SERVER now, gracefully (the old
/// owner's write transactions in flight finish; its next writes are fenced and redirected).
struct AdminFailover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover", abstract: "Move a server to another node now, with the same fencing as an automatic failover.")
    @OptionGroup var options: AdminOptions
    @Argument(help: "The server to move.") var server: String
    @Option(help: "The node to take it (it must list the server in its [[server]] tables).") var to: String

    func run() async throws {
        let context = try options.load()
        let moves = try await FailoverRequests(context: context).move([server], to: { _ in to })
        try moves.print(json: options.json)
    }
}

/// `tessera admin drain NODE`: moves every server NODE serves to another node (the rendezvous
/// choice among the other live candidates, or `--to`), e.g. before maintenance.
struct AdminDrain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain", abstract: "Move every server a node serves to other nodes (before maintenance).")
    @OptionGroup var options: AdminOptions
    @Argument(help: "The node to drain.") var node: String
    @Option(help: "Move everything to this node instead of each server's rendezvous choice.") var to: String?

    func run() async throws {
        let context = try options.load()
        let requests = FailoverRequests(context: context)
        let snapshot = try await context.snapshot()
        let names = snapshot.nodeNames
        let served = snapshot.ownership.filter { names[$0.node] == node }.map(\.server)
        guard !served.isEmpty else {
            if options.json { return try AdminOutput.json([Any]()) }
            return Swift.print("\(node) serves no server")
        }
        let moves = try await requests.move(served, snapshot: snapshot) { server in
            if let to { return to }
            let candidates = snapshot.members.compactMap { member -> String? in
                guard member.status == .alive, let metadata = snapshot.metadata[member.id]?.metadata, metadata.role == .node,
                    metadata.name != node, metadata.serversReachable.contains(where: { $0.lowercased() == server.lowercased() })
                else { return nil }
                return metadata.name
            }
            return RendezvousChoice.choose(server: server, among: candidates)
        }
        try moves.print(json: options.json)
    }
}

/// Sends `POST /admin/failover?server=S` to the nodes that are to take servers.
struct FailoverRequests {
    let context: AdminContext

    struct Moves {
        var rows: [[String: String]] = []
        var failed = 0

        func print(json: Bool) throws {
            if json {
                try AdminOutput.json(rows)
            } else {
                let columns = ["server", "node", "epoch", "previous", "result"]
                AdminOutput.table(columns.map { $0.uppercased() }, rows.map { row in columns.map { row[$0] ?? "" } })
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }

    /// Asks, for each server, the node `target(server)` names to take it; nil: no candidate.
    func move(_ servers: [String], snapshot known: ClusterSnapshot? = nil, to target: (String) -> String?) async throws -> Moves {
        guard let node = context.node else {
            throw ValidationError("failover needs a node's configuration file (its session key signs the request)")
        }
        let signature = AdminSignature(keys: node.sessions.keys.rawKeys)
        let snapshot: ClusterSnapshot
        if let known { snapshot = known } else { snapshot = try await context.snapshot() }
        var moves = Moves()
        for server in servers {
            let before = snapshot.ownership.first { $0.server.lowercased() == server.lowercased() }
            var row = ["server": server, "previous": before.map { "\(snapshot.nodeNames[$0.node] ?? "\($0.node)") (epoch \($0.epoch))" } ?? "none"]
            guard let name = target(server) else {
                row["result"] = "no other live node can reach \(server)"
                moves.rows.append(row)
                moves.failed += 1
                continue
            }
            row["node"] = name
            guard let url = snapshot.endpoint(ofNode: name) else {
                row["result"] = "\(name) is not a live node of this cluster"
                moves.rows.append(row)
                moves.failed += 1
                continue
            }
            let client = try AdminClient(soapURL: url, signature: signature)
            do {
                let takeover: FailoverTakeover = try await client.post("/admin/failover?server=\(server)", NoBody())
                row["epoch"] = "\(takeover.epoch)"
                row["result"] = "moved"
            } catch {
                row["result"] = "\(error)"
                moves.failed += 1
            }
            await client.shutdown()
            moves.rows.append(row)
        }
        return moves
    }

    private struct NoBody: Encodable {}
}

extension ClusterSnapshot {
    /// Member names by id, from their metadata.
    var nodeNames: [MemberID: String] {
        metadata.mapValues(\.metadata.name)
    }

    /// The SOAP URL of the live node `name`.
    func endpoint(ofNode name: String) -> String? {
        members.first { member in
            member.status.isActive && metadata[member.id]?.metadata.name == name && metadata[member.id]?.metadata.role == .node
        }.flatMap { metadata[$0.id]?.metadata.soapEndpoint }
    }
}
