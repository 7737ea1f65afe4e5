import ArgumentParser

/// `tessera store …`: work on one server's store database directly (no cluster).
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Work on one server's stores directly: a demo, a load drill, a consistency check.",
        subcommands: [StoreDemo.self, StoreLoad.self, StoreCheck.self])
}
