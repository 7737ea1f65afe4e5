/// A distinguished name (RFC 4514) as a value: parsed into relative DNs, rendered with escaping,
/// compared in a normalised form (attribute types and values case-folded, escapes resolved).
///
/// Tessera never builds a DN by pasting user input into a string: values go through
/// ``escape(_:)``, so a login such as `alice,ou=admins` stays one attribute value. Case-folded
/// value comparison suits the attributes DNs are made of in practice (`cn`, `uid`, `ou`, `dc`,
/// all case-ignore in the standard schemas).
public struct DistinguishedName: Hashable, Sendable, CustomStringConvertible {
    /// One `type=value` pair.
    public struct Attribute: Hashable, Sendable {
        /// The attribute type (`cn`, `uid`, or a numeric OID).
        public var type: String
        /// The value, unescaped.
        public var value: String

        /// A pair.
        public init(type: String, value: String) {
            self.type = type
            self.value = value
        }
    }

    /// A relative DN: usually one pair, several for multi-valued RDNs (`cn=a+uid=b`).
    public struct RDN: Hashable, Sendable {
        /// The pairs, in the order written.
        public var attributes: [Attribute]

        /// An RDN of the given pairs (at least one).
        public init(_ attributes: [Attribute]) {
            precondition(!attributes.isEmpty, "an RDN has at least one attribute")
            self.attributes = attributes
        }

        /// An RDN of one pair.
        public init(type: String, value: String) { self.init([Attribute(type: type, value: value)]) }
    }

    /// The RDNs, most specific first (`uid=alice` of `uid=alice,ou=people,dc=example`).
    public var rdns: [RDN]

    /// A DN of these RDNs; the empty list is the root DSE's empty DN.
    public init(rdns: [RDN]) { self.rdns = rdns }

    /// Parses an RFC 4514 string. Spaces around separators are tolerated (RFC 2253 style); an
    /// unescaped special character, a dangling escape, an empty type or bad hex is an error.
    public init(parsing text: String) throws(DirectoryError) {
        var parser = DNParser(text)
        rdns = try parser.parse()
    }

    /// The RFC 4514 string form, values escaped.
    public var description: String {
        rdns.map { rdn in
            rdn.attributes.map { "\($0.type)=\(Self.escape($0.value))" }.joined(separator: "+")
        }.joined(separator: ",")
    }

    /// The form used for comparison: types and values lower-cased, multi-valued RDNs sorted.
    public var normalized: String {
        rdns.map { rdn in
            rdn.attributes.map { "\($0.type.lowercased())=\(Self.escape($0.value.lowercased()))" }
                .sorted().joined(separator: "+")
        }.joined(separator: ",")
    }

    public static func == (lhs: DistinguishedName, rhs: DistinguishedName) -> Bool { lhs.normalized == rhs.normalized }
    public func hash(into hasher: inout Hasher) { hasher.combine(normalized) }

    /// The DN one level up; nil for the empty DN.
    public var parent: DistinguishedName? {
        rdns.isEmpty ? nil : DistinguishedName(rdns: Array(rdns.dropFirst()))
    }

    /// A DN one level below this one.
    public func child(type: String, value: String) -> DistinguishedName {
        DistinguishedName(rdns: [RDN(type: type, value: value)] + rdns)
    }

    /// Whether this DN lies strictly below `ancestor`.
    public func isDescendant(of ancestor: DistinguishedName) -> Bool {
        rdns.count > ancestor.rdns.count
            && DistinguishedName(rdns: Array(rdns.suffix(ancestor.rdns.count))) == ancestor
    }

    /// Whether this DN is `base` or lies below it (the extent of a subtree search).
    public func isWithin(_ base: DistinguishedName) -> Bool { self == base || isDescendant(of: base) }

    /// Escapes an attribute value for a DN string (RFC 4514 §2.4): `"`, `+`, `,`, `;`, `<`, `>`,
    /// `\` and `=` get a backslash, NUL becomes `\00`, and a leading space or `#` and a trailing
    /// space are escaped too.
    public static func escape(_ value: String) -> String {
        var out = ""
        let scalars = Array(value.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"", "+", ",", ";", "<", ">", "\\", "=":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "\0": out += "\\00"
            case " " where index == 0 || index == scalars.count - 1: out += "\\ "
            case "#" where index == 0: out += "\\#"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// The RFC 4514 string reader behind ``DistinguishedName/init(parsing:)``.
private struct DNParser {
    private let bytes: [UInt8]
    private var index = 0
    private let text: String

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    mutating func parse() throws(DirectoryError) -> [DistinguishedName.RDN] {
        skipSpaces()
        if index == bytes.count { return [] }
        var rdns: [DistinguishedName.RDN] = []
        var attributes: [DistinguishedName.Attribute] = []
        while true {
            let type = try readType()
            let value = try readValue()
            attributes.append(.init(type: type, value: value))
            guard index < bytes.count else { break }
            let separator = bytes[index]
            index += 1
            if separator == UInt8(ascii: "+") { continue }
            rdns.append(.init(attributes))
            attributes = []
            if index >= bytes.count { throw fail("ends with a separator") }
        }
        rdns.append(.init(attributes))
        return rdns
    }

    private func fail(_ why: String) -> DirectoryError {
        DirectoryError(.invalidData, "malformed DN \"\(text)\": \(why)")
    }

    private mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
    }

    private mutating func readType() throws(DirectoryError) -> String {
        skipSpaces()
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "=") {
            let b = bytes[index]
            let ok = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: "-") || b == UInt8(ascii: ".")
            if !ok {
                if b == UInt8(ascii: " ") { break }
                throw fail("bad character in attribute type")
            }
            index += 1
        }
        let type = String(decoding: bytes[start..<index], as: UTF8.self)
        skipSpaces()
        guard !type.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
            throw fail("expected type=value")
        }
        guard let first = type.utf8.first, (first >= 0x30 && first <= 0x39) || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) else {
            throw fail("bad attribute type")
        }
        index += 1
        return type
    }

    private mutating func readValue() throws(DirectoryError) -> String {
        skipSpaces()
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
            // BER-encoded value: keep its text form, `#` and hex digits.
            let start = index
            index += 1
            while index < bytes.count, hexValue(bytes[index]) != nil { index += 1 }
            let hexCount = index - start - 1
            guard hexCount > 0, hexCount % 2 == 0 else { throw fail("bad #hex value") }
            let value = String(decoding: bytes[start..<index], as: UTF8.self)
            skipSpaces()
            guard index == bytes.count || isSeparator(bytes[index]) else { throw fail("junk after #hex value") }
            return value
        }
        var out: [UInt8] = []
        var trailingUnescapedSpaces = 0
        while index < bytes.count, !isSeparator(bytes[index]) {
            let b = bytes[index]
            if b == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { throw fail("dangling escape") }
                let c = bytes[index]
                if let high = hexValue(c) {
                    guard index + 1 < bytes.count, let low = hexValue(bytes[index + 1]) else {
                        throw fail("bad hex escape")
                    }
                    out.append(high << 4 | low)
                    index += 2
                } else if "\"+,;<>\\= #".utf8.contains(c) {
                    out.append(c)
                    index += 1
                } else {
                    throw fail("bad escape")
                }
                trailingUnescapedSpaces = 0
                continue
            }
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "=") || b == 0 {
                throw fail("unescaped special character")
            }
            trailingUnescapedSpaces = b == UInt8(ascii: " ") ? trailingUnescapedSpaces + 1 : 0
            out.append(b)
            index += 1
        }
        out.removeLast(trailingUnescapedSpaces)
        guard let value = String(validating: out, as: UTF8.self) else { throw fail("value is not UTF-8") }
        return value
    }

    private func isSeparator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: ",") || b == UInt8(ascii: "+") || b == UInt8(ascii: ";")
    }

    private func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x41...0x46: b - 0x41 + 10
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }
}
