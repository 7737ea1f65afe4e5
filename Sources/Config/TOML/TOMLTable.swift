/// A TOML table: keys in the order they were written, each with the position of the key and
/// of its value.
public struct TOMLTable: Hashable, Sendable {
    /// The entries in document order.
    public private(set) var entries: [TOMLEntry]
    private var index: [String: Int]

    /// An empty table.
    public init() {
        entries = []
        index = [:]
    }

    /// The entry for `key`, if any.
    public subscript(key: String) -> TOMLEntry? {
        index[key].map { entries[$0] }
    }

    /// The keys in document order.
    public var keys: [String] { entries.map(\.key) }

    /// Whether the table has no key.
    public var isEmpty: Bool { entries.isEmpty }

    /// Sets `key` to `value`: replaces an existing entry in place, or appends one.
    public mutating func set(_ key: String, to value: TOMLNode, keyPosition: TOMLPosition? = nil) {
        if let i = index[key] {
            entries[i].value = value
            if let keyPosition { entries[i].keyPosition = keyPosition }
        } else {
            index[key] = entries.count
            entries.append(TOMLEntry(key: key, keyPosition: keyPosition ?? value.position, value: value))
        }
    }

    /// Removes `key` if present.
    public mutating func remove(_ key: String) {
        guard let i = index.removeValue(forKey: key) else { return }
        entries.remove(at: i)
        for j in i..<entries.count { index[entries[j].key] = j }
    }
}

/// One key of a table.
public struct TOMLEntry: Hashable, Sendable {
    /// The key (unquoted: `"a b"` is stored as `a b`).
    public var key: String
    /// Where the key is written (for a dotted key, this part of it).
    public var keyPosition: TOMLPosition
    /// The value.
    public var value: TOMLNode

    /// An entry.
    public init(key: String, keyPosition: TOMLPosition, value: TOMLNode) {
        self.key = key
        self.keyPosition = keyPosition
        self.value = value
    }
}
