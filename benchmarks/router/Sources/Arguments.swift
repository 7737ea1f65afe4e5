import Foundation

/// The command line after the mode: `--name value` pairs and bare flags, read by name.
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Splits `arguments`; a `--name` followed by another `--name` (or nothing) is a flag.
    init(_ arguments: ArraySlice<String>) {
        var rest = arguments
        while let argument = rest.popFirst() {
            guard argument.hasPrefix("--") else { usageError("unexpected argument \(argument)") }
            let name = String(argument.dropFirst(2))
            if let next = rest.first, !next.hasPrefix("--") {
                values[name] = next
                rest = rest.dropFirst()
            } else {
                flags.insert(name)
            }
        }
    }

    /// The value of `--name`; exits when it is missing and there is no default.
    func string(_ name: String, default fallback: String? = nil) -> String {
        guard let value = values[name] ?? fallback else { usageError("--\(name) is required") }
        return value
    }

    /// A whole number at least `minimum`.
    func int(_ name: String, default fallback: Int? = nil, minimum: Int = 0) -> Int {
        guard let text = values[name] else {
            guard let fallback else { usageError("--\(name) is required") }
            return fallback
        }
        guard let number = Int(text), number >= minimum else { usageError("--\(name) needs a whole number ≥ \(minimum)") }
        return number
    }

    /// Whether the bare flag `--name` was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// Says what is wrong with the command line and exits (status 2).
func usageError(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tessera-router-bench: \(message)\n\(usage)\n".utf8))
    exit(2)
}
