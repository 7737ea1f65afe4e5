/// One journal entry as journald's native protocol carries it (systemd's "Native Journal
/// Protocol", docs/JOURNAL_NATIVE_PROTOCOL.md): fields in order, each a name and a value of any
/// bytes, serialized one after the other —
///
/// - `NAME=value\n` when the value holds no newline;
/// - otherwise `NAME\n`, the value's length as a 64-bit little-endian integer, the value, `\n`.
///
/// The same bytes go in a datagram or, when that is too large, in a sealed memfd
/// (``JournalSocket``). A name may appear more than once; journald keeps them all.
public struct JournalEntry: Sendable, Hashable {
    /// One field.
    public struct Field: Sendable, Hashable {
        /// Its name.
        public var name: JournalFieldName
        /// Its value, usually UTF-8 text.
        public var value: [UInt8]
    }

    /// The fields, in the order they are serialized.
    public private(set) var fields: [Field] = []

    /// An entry without fields.
    public init() {}

    /// Appends a field.
    public mutating func append(_ name: JournalFieldName, _ value: String) {
        fields.append(Field(name: name, value: Array(value.utf8)))
    }

    /// The value of the first field called `name`, as text.
    public func value(of name: JournalFieldName) -> String? {
        fields.first { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
    }

    /// The protocol's bytes.
    public func serialized() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + $1.name.rawValue.utf8.count + $1.value.count + 10 })
        for field in fields {
            bytes.append(contentsOf: field.name.rawValue.utf8)
            if field.value.contains(Self.newline) {
                bytes.append(Self.newline)
                withUnsafeBytes(of: UInt64(field.value.count).littleEndian) { bytes.append(contentsOf: $0) }
            } else {
                bytes.append(UInt8(ascii: "="))
            }
            bytes.append(contentsOf: field.value)
            bytes.append(Self.newline)
        }
        return bytes
    }

    private static let newline = UInt8(ascii: "\n")
}
