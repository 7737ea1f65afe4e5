/// Where something is in a TOML text: 1-based line and column. Columns count Unicode scalars,
/// not bytes, so they match what an editor shows (a tab counts as one).
public struct TOMLPosition: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int

    /// A position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The start of a text.
    public static let start = TOMLPosition(line: 1, column: 1)

    /// Document order: by line, then column.
    public static func < (a: TOMLPosition, b: TOMLPosition) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    /// `LINE:COLUMN`.
    public var description: String { "\(line):\(column)" }
}
