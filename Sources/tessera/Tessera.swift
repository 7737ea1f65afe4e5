import ArgumentParser

/// The `tessera` executable: argument parsing and wiring only; the logic lives in the libraries.
@main
struct Tessera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Tessera: a horizontally scaled groupware storage cluster.",
        subcommands: [
            StoreCommand.self, DirectoryCommand.self, ClusterCommand.self, ConfigCommand.self, ClientCommand.self, NodeCommand.self,
            RouterCommand.self, AdminCommand.self, DevCommand.self,
        ])
}
