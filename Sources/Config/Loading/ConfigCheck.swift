/// What `tessera config check FILE` prints, worked out without touching the terminal.
public struct ConfigCheckReport: Sendable, Hashable {
    /// Whether the configuration can be used.
    public var isValid: Bool
    /// The role checked (given, or read from the file's top table).
    public var role: ProcessRole?
    /// The lines to print: `FILE: ok (node configuration)` and a summary, or one line per
    /// problem (`FILE:LINE:COLUMN: key.path: message`) and a count.
    public var lines: [String]
}

/// `tessera config check`: parse, override from the environment, check, and report every
/// problem or a short summary (secrets never shown).
public enum ConfigCheck {
    /// Checks a configuration file's bytes. `role` nil: taken from the file's `[node]` or
    /// `[router]` table.
    public static func run(file: String, contents: [UInt8], role: ProcessRole?, environment: ConfigEnvironment) -> ConfigCheckReport {
        let document: TOMLDocument
        do {
            document = try parse(contents)
        } catch {
            return failure(file: file, role: role, error)
        }
        guard let role = role ?? ProcessRole(of: document) else {
            let both = ProcessRole.allCases.allSatisfy { document.root[$0.rawValue] != nil }
            let message = both
                ? "the file has both [node] and [router]; give --role node or --role router"
                : "the file has neither a [node] nor a [router] table, so its role is unknown; give --role node or --role router"
            return failure(file: file, role: nil, ConfigError(problems: [ConfigProblem(.missing, path: "", position: nil, message: message)]))
        }
        do {
            let summary = switch role {
            case .node: try NodeConfiguration(document: document, environment: environment).summary
            case .router: try RouterConfiguration(document: document, environment: environment).summary
            }
            return ConfigCheckReport(isValid: true, role: role, lines: ["\(file): ok (\(role.rawValue) configuration)"] + summary.map { "  " + $0 })
        } catch {
            return failure(file: file, role: role, error)
        }
    }

    private static func failure(file: String, role: ProcessRole?, _ error: ConfigError) -> ConfigCheckReport {
        let count = error.problems.count
        return ConfigCheckReport(
            isValid: false, role: role, lines: error.lines(file: file) + ["\(file): \(count) problem\(count == 1 ? "" : "s")"])
    }
}
