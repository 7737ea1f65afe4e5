/// A configuration that cannot be used, with every problem found (not just the first).
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in file order.
    public var problems: [ConfigProblem]

    /// An error of these problems.
    public init(problems: [ConfigProblem]) {
        self.problems = problems.sorted(by: ConfigProblem.fileOrder)
    }

    /// The problems, one a line, for a file called `config`.
    public var description: String { lines(file: "config").joined(separator: "\n") }

    /// The problems, one a line, as `tessera config check` prints them.
    public func lines(file: String) -> [String] { problems.map { $0.formatted(file: file) } }
}
