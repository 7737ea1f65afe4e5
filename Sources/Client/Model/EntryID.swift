/// The entry id of a store, folder or item: opaque bytes the server issued, printed as hex.
///
/// The client never looks inside; it only hands entry ids back to the server.
public struct EntryID: Sendable, Hashable, CustomStringConvertible {
    /// The bytes as the server sent them.
    public let bytes: [UInt8]

    /// Wraps bytes the server sent.
    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses the hex form (either case, white space and an optional `0x` ignored); nil for
    /// anything else or for an empty id.
    public init?(hex: String) {
        var text = Substring(hex.filter { !$0.isWhitespace })
        if text.hasPrefix("0x") || text.hasPrefix("0X") { text = text.dropFirst(2) }
        guard !text.isEmpty, text.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2)
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.bytes = bytes
    }

    /// Upper-case hex, two digits per byte.
    public var hex: String {
        bytes.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// The hex form.
    public var description: String { hex }
}
