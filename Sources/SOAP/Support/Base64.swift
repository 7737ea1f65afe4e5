/// Base64 (RFC 4648 §4, for `xs:base64Binary`) and base64url (§5, for session tokens), strict.
///
/// Own code rather than Foundation's: the XML form may contain white space (line breaks),
/// which must be skipped, while anything else that is not in the alphabet must be refused —
/// Foundation either refuses both or ignores both.
public enum Base64 {
    private static let standard = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let url = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let standardDecoding = decodingTable(standard)
    private static let urlDecoding = decodingTable(url)

    private static func decodingTable(_ alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }

    /// Standard base64 with `=` padding.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: standard, pad: true)
    }

    /// base64url without padding.
    public static func encodeURL(_ bytes: some Collection<UInt8>) -> String {
        encode(bytes, alphabet: url, pad: false)
    }

    /// Decodes standard base64; XML white space is skipped, padding is required to be correct
    /// when present. Nil for anything else.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(text.utf8, table: standardDecoding, allowWhitespace: true, allowPadding: true)
    }

    /// Decodes base64url without padding or white space. Nil for anything else.
    public static func decodeURL(_ text: some StringProtocol) -> [UInt8]? {
        decode(text.utf8, table: urlDecoding, allowWhitespace: false, allowPadding: false)
    }

    private static func encode(_ bytes: some Collection<UInt8>, alphabet: [UInt8], pad: Bool) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var iterator = bytes.makeIterator()
        while let b0 = iterator.next() {
            let b1 = iterator.next()
            let b2 = b1 == nil ? nil : iterator.next()
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | (b1 ?? 0) >> 4)])
            if let b1 {
                out.append(alphabet[Int((b1 & 0x0F) << 2 | (b2 ?? 0) >> 6)])
            } else if pad {
                out.append(UInt8(ascii: "="))
            }
            if let b2 {
                out.append(alphabet[Int(b2 & 0x3F)])
            } else if pad {
                out.append(UInt8(ascii: "="))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func decode(
        _ text: some Collection<UInt8>, table: [UInt8], allowWhitespace: Bool, allowPadding: Bool
    ) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(text.count / 4 * 3)
        var accumulator: UInt32 = 0
        var count = 0  // sextets in the accumulator
        var padding = 0
        for byte in text {
            if allowWhitespace && (byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D) { continue }
            if allowPadding && byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            let value = table[Int(byte)]
            guard value != 0xFF, padding == 0 else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            count += 1
            if count == 4 {
                out.append(UInt8(truncatingIfNeeded: accumulator >> 16))
                out.append(UInt8(truncatingIfNeeded: accumulator >> 8))
                out.append(UInt8(truncatingIfNeeded: accumulator))
                accumulator = 0
                count = 0
            }
        }
        switch count {
        case 0:
            guard padding == 0 else { return nil }
        case 2:
            guard padding == 0 || padding == 2, accumulator & 0x0F == 0 else { return nil }
            out.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case 3:
            guard padding == 0 || padding == 1, accumulator & 0x03 == 0 else { return nil }
            out.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            out.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        default:
            return nil
        }
        if allowPadding && padding > 0 && (count + padding) % 4 != 0 { return nil }
        return out
    }
}
