import ArgumentParser

/// `tessera client …`: a user's view of their store over SOAP, through the Client library.
struct ClientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client",
        abstract: "Work with your store over SOAP: folders, items, new items, sync.",
        discussion: """
            Every command logs on with --url and --user (or TESSERA_URL, TESSERA_USER); the password \
            comes from TESSERA_PASSWORD or is prompted for without echo, never from the command line.
            """,
        subcommands: [ClientFolders.self, ClientItems.self, ClientShow.self, ClientCreate.self, ClientSync.self])
}
