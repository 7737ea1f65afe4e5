import ArgumentParser
import Client

/// `tessera client folders`: the folder tree with counts.
struct ClientFolders: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "folders", abstract: "List your folders with their item counts.")

    @OptionGroup var connection: ClientConnectionOptions

    func run() async throws {
        let listing = try await connection.withServer { server in try await server.store.folders() }
        let paths = FolderPath.paths(of: listing)
        if connection.json {
            try ClientOutput.json(
                zip(paths, listing).map { path, folder in
                    [
                        "path": path.description, "name": folder.name, "entryID": folder.entryID.hex,
                        "items": Int(folder.properties[.contentCount] ?? 0), "unread": Int(folder.properties[.contentUnreadCount] ?? 0),
                        "class": folder.containerClass ?? "",
                    ] as [String: Any]
                })
            return
        }
        ClientOutput.table(
            ["FOLDER", "ITEMS", "UNREAD", "CLASS", "ENTRY ID"],
            zip(paths, listing).map { path, folder in
                [
                    String(repeating: "  ", count: path.components.count - 1) + folder.name,
                    String(folder.properties[.contentCount] ?? 0), String(folder.properties[.contentUnreadCount] ?? 0),
                    folder.containerClass ?? "", folder.entryID.hex,
                ]
            })
    }
}
