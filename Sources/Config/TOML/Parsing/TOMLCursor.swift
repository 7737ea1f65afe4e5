/// A position in the input bytes that keeps its line and column as it moves. Every byte the
/// parser consumes goes through ``advance()``, so positions cost nothing to ask for.
struct TOMLCursor {
    let bytes: [UInt8]
    private(set) var index: Int
    private(set) var position = TOMLPosition.start

    init(bytes: [UInt8], start: Int = 0) {
        self.bytes = bytes
        self.index = start
    }

    var isAtEnd: Bool { index >= bytes.count }

    /// The byte `offset` ahead, nil past the end.
    func peek(_ offset: Int = 0) -> UInt8? {
        let i = index + offset
        return i < bytes.count ? bytes[i] : nil
    }

    /// Whether the input continues with `literal`.
    func starts(with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            (0..<count).allSatisfy { bytes[index + $0] == buffer[$0] }
        }
    }

    /// Consumes one byte. A line feed starts a new line; UTF-8 continuation bytes do not
    /// move the column.
    mutating func advance() {
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            position.line += 1
            position.column = 1
        } else if byte & 0xC0 != 0x80 {
            position.column += 1
        }
    }

    mutating func advance(by count: Int) {
        for _ in 0..<count { advance() }
    }

    /// Consumes the byte if it is `byte`.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        advance()
        return true
    }

    /// Consumes spaces and tabs.
    mutating func skipBlanks() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 { advance() }
    }

    /// The text of `bytes[from..<index]`.
    func text(from start: Int) -> String {
        String(decoding: bytes[start..<index], as: UTF8.self)
    }
}

extension UInt8 {
    /// A control character TOML forbids in strings and comments (tab is allowed).
    var isForbiddenControl: Bool { (self < 0x20 && self != 0x09) || self == 0x7F }
    var isDecimalDigit: Bool { self >= 0x30 && self <= 0x39 }
    /// A character of a bare key: `A-Z a-z 0-9 _ -`.
    var isBareKeyCharacter: Bool {
        isDecimalDigit || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || self == 0x5F || self == 0x2D
    }
}

/// Checks that `bytes` are well-formed UTF-8 (no overlong forms, surrogates or values past
/// U+10FFFF); returns the offset of the first bad byte, nil when all are good.
func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var i = 0
    while i < bytes.count {
        let lead = bytes[i]
        if lead < 0x80 { i += 1; continue }
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return i
        }
        guard i + length <= bytes.count else { return i }
        guard (low...high).contains(bytes[i + 1]) else { return i }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
        i += length
    }
    return nil
}
