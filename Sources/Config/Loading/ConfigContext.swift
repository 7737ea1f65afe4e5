/// A checked value, normalised by its kind (durations in seconds, sizes in bytes, secrets
/// wrapped, key files read).
enum ConfigValue: Sendable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case seconds(Double)
    case bytes(Int64)
    case secret(Secret<String>)
    case keyFile(KeyFile)
    case array([ConfigValue])
}

/// The state of one load: what the checks found (values, tables, positions), which paths the
/// environment set, and every problem so far. One instance per load, never shared between
/// threads.
final class ConfigContext {
    struct Entry {
        var value: ConfigValue
        /// Where the value is written; nil for defaults.
        var position: TOMLPosition?
        /// Whether the file or the environment gave it (not a default).
        var explicit: Bool
    }

    let environment: ConfigEnvironment
    /// Checked values by full path (`server[0].database`).
    var values: [String: Entry] = [:]
    /// Tables that are there (written, implied by defaults, or created by the environment),
    /// with their position when they have one in the file.
    var tables: [String: TOMLPosition?] = [:]
    /// Where each written key is.
    var keyPositions: [String: TOMLPosition] = [:]
    /// Elements of each array of tables.
    var arrayCounts: [String: Int] = [:]
    /// Paths the environment set, and the variable that set each.
    var overrides: [String: String] = [:]
    /// Tables that only exist because an environment variable named a key in them.
    var syntheticTables: Set<String> = []
    private(set) var problems: [ConfigProblem] = []

    init(environment: ConfigEnvironment) {
        self.environment = environment
    }

    /// Records a problem. When the environment set `path` or a table above it, the problem
    /// names the variable instead of a position in the file.
    func report(_ kind: ConfigProblem.Kind, _ path: String, at position: TOMLPosition?, variable: String? = nil, _ message: String) {
        let variable = variable ?? self.variable(for: path)
        problems.append(ConfigProblem(kind, path: path, position: variable == nil ? position : nil, variable: variable, message: message))
    }

    /// The variable that set `path` or the nearest table above it.
    func variable(for path: String) -> String? {
        var current = Substring(path)
        while !current.isEmpty {
            if let variable = overrides[String(current)] { return variable }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            current = current[..<cut]
        }
        return nil
    }

    /// Where a problem about `path` is best shown: its value, else its key, else its table.
    func position(of path: String, table: String) -> TOMLPosition? {
        values[path]?.position ?? keyPositions[path] ?? tables[table] ?? nil
    }
}

/// `a.b` from `a` and `b`; just `b` at the top.
func joinPath(_ path: String, _ key: String) -> String {
    path.isEmpty ? key : path + "." + key
}
