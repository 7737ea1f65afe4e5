/// The header fields of a request or response, in order, names compared without regard to case
/// (RFC 9110 §5.1). Repeated names are kept as separate fields.
public struct HTTPHeaderFields: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// One field.
    public struct Field: Sendable, Hashable {
        /// The name as received or given.
        public var name: String
        /// The value, without surrounding whitespace.
        public var value: String

        /// A field.
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    private var fields: [Field]

    /// No fields.
    public init() { fields = [] }

    /// Fields in the given order.
    public init(_ pairs: [(String, String)]) { fields = pairs.map { Field(name: $0.0, value: $0.1) } }

    /// Fields in the literal's order.
    public init(dictionaryLiteral elements: (String, String)...) { self.init(elements) }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The first value of `name`, or `nil`.
    public subscript(name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }

    /// Whether a field `name` is present.
    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field (keeps fields of the same name).
    public mutating func add(_ name: String, _ value: String) { fields.append(Field(name: name, value: value)) }

    /// Replaces every field `name` by one with `value`.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Removes every field `name`.
    public mutating func remove(_ name: String) { fields.removeAll { $0.name.caseInsensitiveEquals(name) } }

    /// The comma-separated elements of every field `name` (RFC 9110 §5.6.1), trimmed, empty
    /// elements dropped: `Accept-Encoding: gzip, deflate;q=0.5` gives `["gzip", "deflate;q=0.5"]`.
    public func elements(_ name: String) -> [Substring] {
        values(name).flatMap { $0.split(separator: ",") }.map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty }
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && zip(utf8, other.utf8).allSatisfy { $0.asciiLowercased == $1.asciiLowercased }
    }
}

extension StringProtocol {
    func trimmingASCIIWhitespace() -> Substring {
        let s = self[...]
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = s.firstIndex(where: { !isSpace($0) }), let end = s.lastIndex(where: { !isSpace($0) }) else {
            return Substring()
        }
        return Substring(s[start...end])
    }
}

extension UInt8 {
    var asciiLowercased: UInt8 { (65...90).contains(self) ? self + 32 : self }
}
