/// A parsed TOML 1.0 document: its root table, with the position of every key and value.
///
/// The parser is our own (no dependency, quick to build) and strict: it accepts exactly TOML
/// 1.0 and refuses everything else with a ``TOMLError`` that says what is wrong and where.
/// Input size, nesting depth and key count are bounded by ``TOMLLimits``.
public struct TOMLDocument: Hashable, Sendable {
    /// The top-level table.
    public var root: TOMLTable

    /// A document with this root.
    public init(root: TOMLTable = TOMLTable()) {
        self.root = root
    }

    /// Parses a TOML text.
    public init(parsing text: String, limits: TOMLLimits = TOMLLimits()) throws(TOMLError) {
        try self.init(parsing: Array(text.utf8), limits: limits)
    }

    /// Parses TOML bytes (UTF-8; a leading byte order mark is skipped).
    public init(parsing bytes: [UInt8], limits: TOMLLimits = TOMLLimits()) throws(TOMLError) {
        var parser = try TOMLParser(bytes: bytes, limits: limits)
        root = try parser.parseDocument()
    }

    /// Parses one value on its own, as it would stand after `key = ` (for environment
    /// overrides): `8080`, `"text"`, `[1, 2]`, `{ a = 1 }`. Positions are within `text`.
    public static func parseValue(_ text: String, limits: TOMLLimits = TOMLLimits()) throws(TOMLError) -> TOMLNode {
        var parser = try TOMLParser(bytes: Array(text.utf8), limits: limits)
        return try parser.parseStandaloneValue()
    }

    /// The node at a path of keys (through tables only), if there is one.
    public func node(at path: [String]) -> TOMLNode? {
        var node = TOMLNode(.table(root))
        for key in path {
            guard case .table(let table) = node.value, let entry = table[key] else { return nil }
            node = entry.value
        }
        return node
    }
}
