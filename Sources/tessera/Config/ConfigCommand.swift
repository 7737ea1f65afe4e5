import ArgumentParser

/// `tessera config …`: check a configuration file, print an example.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check configuration files and print commented examples.",
        subcommands: [ConfigCheckCommand.self, ConfigExampleCommand.self])
}
