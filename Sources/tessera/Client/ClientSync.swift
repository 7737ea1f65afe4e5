import ArgumentParser
import Client

/// `tessera client sync FOLDER --state FILE`: what changed in a folder since the last run.
struct ClientSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Show what changed in a folder since the state kept in a file, and keep the new state.",
        discussion: """
            The first run (or --full) lists every item. The state is saved after the changes were printed, \
            so an interrupted run shows the same changes again rather than losing them. One file can keep \
            the states of several folders.
            """)

    @Argument(help: "The folder's path, e.g. Inbox.") var folder: String
    @Option(help: "The file that keeps sync states.") var state: String
    @Flag(help: "Ignore the kept state: list everything.") var full = false
    @OptionGroup var connection: ClientConnectionOptions

    func run() async throws {
        let states = SyncStateStore(path: state)
        try await connection.withServer { server in
            let folder = try await server.store.folder(path: folder)
            let key = folder.entryID.hex
            let previous = full ? nil : try await states.state(for: key)
            let result = try await folder.sync(state: previous)
            try report(result, first: previous == nil)
            try await states.save(result.state, for: key)
        }
    }

    private func report(_ result: SyncResult, first: Bool) throws {
        if connection.json {
            try ClientOutput.json([
                "changes": result.changes.map { change in
                    [
                        "kind": change.kind.rawValue, "sourceKey": EntryID(change.sourceKey).hex,
                        "properties": ClientOutput.jsonProperties(change.properties), "read": change.read as Any,
                        "hardDelete": change.hardDelete,
                    ] as [String: Any]
                },
                "state": result.state.base64,
            ] as [String: Any])
            return
        }
        ClientOutput.table(
            ["CHANGE", "SUBJECT", "SOURCE KEY"],
            result.changes.map { change in
                let what: String
                switch change.kind {
                case .upsert: what = "changed"
                case .delete: what = change.hardDelete ? "purged" : "deleted"
                case .readState: what = change.read == true ? "read" : "unread"
                }
                return [what, ClientItems.clip(change.properties[.subject] ?? "", 60), EntryID(change.sourceKey).hex]
            })
        ClientOutput.note("\(result.changes.count) change\(result.changes.count == 1 ? "" : "s")\(first ? " (first sync)" : ""); state kept in \(state)")
    }
}
