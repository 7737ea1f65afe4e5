import ArgumentParser
import Config

/// `tessera config example NAME`: prints a complete, commented example configuration (the
/// same text as `deploy/config/NAME.example.toml`).
struct ConfigExampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Print a commented example configuration: \(ConfigExample.allCases.map(\.rawValue).joined(separator: ", ")).")

    @Argument(help: "Which example: \(ConfigExample.allCases.map(\.rawValue).joined(separator: ", ")).")
    var name: String

    func validate() throws {
        guard ConfigExample(rawValue: name) != nil else {
            throw ValidationError("unknown example \(name); choose one of \(ConfigExample.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() {
        print(ConfigExample(rawValue: name)!.text, terminator: "")
    }
}
