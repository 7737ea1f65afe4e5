/// One thing wrong with a configuration: which key, where, and what was expected.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The kinds of problem.
    public enum Kind: String, Sendable, Hashable {
        /// The file is not valid TOML.
        case syntax
        /// A key the schema does not know (usually a typo; the message suggests the key meant).
        case unknownKey
        /// A value of the wrong type (a string where a number belongs, …).
        case wrongType
        /// A number, duration, size or count outside what is allowed.
        case outOfRange
        /// A value of the right type that is still wrong (bad address, unknown choice, …).
        case invalidValue
        /// A required key or table is not there.
        case missing
        /// Keys that cannot go together, or a value that contradicts another.
        case conflict
        /// A file the configuration names cannot be read, or its content is wrong.
        case unreadableFile
    }

    /// What kind of problem.
    public var kind: Kind
    /// The full key path (`node.listen`, `server[1].database`); empty for syntax errors
    /// that concern no key.
    public var path: String
    /// Where in the file; nil when the key is missing from it or the value came from the
    /// environment.
    public var position: TOMLPosition?
    /// The environment variable the value came from, if it did.
    public var variable: String?
    /// What is wrong and what was expected, in one line. Never contains a secret.
    public var message: String

    /// A problem.
    public init(_ kind: Kind, path: String, position: TOMLPosition?, variable: String? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.position = position
        self.variable = variable
        self.message = message
    }

    /// One line, as `tessera config check` prints it:
    /// `FILE:LINE:COLUMN: key.path: message`, `FILE: key.path: message` when the key is not
    /// in the file, `TESSERA_VARIABLE: key.path: message` when it came from the environment.
    public func formatted(file: String) -> String {
        let place = if let variable {
            variable
        } else if let position {
            "\(file):\(position.line):\(position.column)"
        } else {
            file
        }
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }

    /// The problem formatted for a file called `config`.
    public var description: String { formatted(file: "config") }

    /// File order: positioned problems by position, then those without a position, then
    /// those from the environment, each group by path.
    static func fileOrder(_ a: ConfigProblem, _ b: ConfigProblem) -> Bool {
        func rank(_ p: ConfigProblem) -> Int { p.variable != nil ? 2 : p.position == nil ? 1 : 0 }
        if rank(a) != rank(b) { return rank(a) < rank(b) }
        if let pa = a.position, let pb = b.position, pa != pb { return pa < pb }
        if a.variable != b.variable { return (a.variable ?? "") < (b.variable ?? "") }
        return a.path < b.path
    }
}
