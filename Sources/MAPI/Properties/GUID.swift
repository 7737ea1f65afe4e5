/// A 16-byte GUID in MAPI's wire order (the first three fields little-endian, as in `MAPIUID`
/// and Windows `GUID` structures).
public struct GUID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 16 bytes as they are stored and sent.
    public let bytes: [UInt8]

    /// Wraps 16 bytes; nil for any other count.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        self.bytes = Array(bytes)
    }

    /// A random (version 4) GUID drawn from the given generator.
    public static func random(using generator: inout some RandomNumberGenerator) -> GUID {
        var b = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        b[7] = (b[7] & 0x0F) | 0x40  // version 4 (byte 7 is the high byte of field 3, little-endian)
        b[8] = (b[8] & 0x3F) | 0x80  // RFC 4122 variant
        return GUID(bytes: b)!
    }

    /// Parses `00062008-0000-0000-C000-000000000046` (the usual text form).
    public init?(_ text: String) {
        let hex = text.filter { $0 != "-" && $0 != "{" && $0 != "}" }
        guard hex.count == 32 else { return nil }
        var raw = [UInt8]()
        var index = hex.startIndex
        for _ in 0..<16 {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            raw.append(byte)
            index = next
        }
        // Text order is big-endian; the first three fields are stored little-endian.
        let stored = [raw[3], raw[2], raw[1], raw[0], raw[5], raw[4], raw[7], raw[6]] + raw[8...]
        self.bytes = stored
    }

    /// The canonical text form, upper-case.
    public var description: String {
        let b = bytes
        let text = [b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]] + b[8...]
        let hex = text.map { byte -> String in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }
        return hex[0..<4].joined() + "-" + hex[4..<6].joined() + "-" + hex[6..<8].joined() + "-"
            + hex[8..<10].joined() + "-" + hex[10..<16].joined()
    }

    /// Byte-wise order of the stored bytes.
    public static func < (lhs: GUID, rhs: GUID) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }
}
