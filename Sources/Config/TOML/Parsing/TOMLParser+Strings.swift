extension TOMLParser {
    /// `"…"`: escapes resolved; ends on the same line.
    mutating func parseBasicString() throws(TOMLError) -> String {
        let start = cursor.position
        cursor.advance()
        var out: [UInt8] = []
        while true {
            guard let byte = cursor.peek(), !isLineEnd(byte) else {
                throw TOMLError(.unterminatedString, "unterminated string (opened at column \(start.column); basic strings end on their line)", at: cursor.position)
            }
            switch byte {
            case UInt8(ascii: "\""):
                cursor.advance()
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &out)
            default:
                try appendStringByte(byte, into: &out)
            }
        }
    }

    /// `"""…"""`: a newline right after the opening quotes is dropped; a backslash at the end
    /// of a line joins it to the next non-blank character; up to two quotes may stand before
    /// the closing three.
    mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        try parseMultilineString(quote: UInt8(ascii: "\""), escapes: true)
    }

    /// `'…'`: taken as written; ends on the same line.
    mutating func parseLiteralString() throws(TOMLError) -> String {
        let start = cursor.position
        cursor.advance()
        let first = cursor.index
        while true {
            guard let byte = cursor.peek(), !isLineEnd(byte) else {
                throw TOMLError(.unterminatedString, "unterminated literal string (opened at column \(start.column); literal strings end on their line)", at: cursor.position)
            }
            if byte == UInt8(ascii: "'") {
                let text = cursor.text(from: first)
                cursor.advance()
                return text
            }
            guard !byte.isForbiddenControl else { throw controlCharacter(byte) }
            cursor.advance()
        }
    }

    /// `'''…'''`: taken as written, newlines included (the first one dropped).
    mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        try parseMultilineString(quote: UInt8(ascii: "'"), escapes: false)
    }

    private mutating func parseMultilineString(quote: UInt8, escapes: Bool) throws(TOMLError) -> String {
        let start = cursor.position
        cursor.advance(by: 3)
        try skipNewline()
        var out: [UInt8] = []
        while true {
            guard let byte = cursor.peek() else {
                throw TOMLError(.unterminatedString, "unterminated multi-line string (opened at line \(start.line))", at: cursor.position)
            }
            switch byte {
            case quote:
                if try closeMultiline(quote: byte, into: &out) { return String(decoding: out, as: UTF8.self) }
            case UInt8(ascii: "\\") where escapes:
                if try !skipLineEndingBackslash() { try parseEscape(into: &out) }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try skipNewline()
                out.append(UInt8(ascii: "\n"))
            default:
                try appendStringByte(byte, into: &out)
            }
        }
    }

    /// At a quote inside a multi-line string: a run of one or two is content; three to five
    /// close the string (the first one or two being content); six or more are an error.
    private mutating func closeMultiline(quote: UInt8, into out: inout [UInt8]) throws(TOMLError) -> Bool {
        let position = cursor.position
        var run = 0
        while cursor.peek() == quote {
            cursor.advance()
            run += 1
        }
        if run < 3 {
            out.append(contentsOf: repeatElement(quote, count: run))
            return false
        }
        guard run <= 5 else {
            throw TOMLError(.syntax, "too many quotes in a row at the end of a multi-line string", at: position)
        }
        out.append(contentsOf: repeatElement(quote, count: run - 3))
        return true
    }

    /// A line feed or CR LF, if one is next.
    private mutating func skipNewline() throws(TOMLError) {
        if cursor.peek() == UInt8(ascii: "\n") {
            cursor.advance()
        } else if cursor.peek() == UInt8(ascii: "\r") {
            guard cursor.peek(1) == UInt8(ascii: "\n") else {
                throw TOMLError(.invalidCharacter, "a carriage return must be followed by a line feed", at: cursor.position)
            }
            cursor.advance(by: 2)
        }
    }

    /// At a backslash in a multi-line basic string: if only blanks follow it on its line,
    /// skips them, the newline and all blanks and newlines after; returns whether it did.
    private mutating func skipLineEndingBackslash() throws(TOMLError) -> Bool {
        var offset = 1
        while let byte = cursor.peek(offset), byte == 0x20 || byte == 0x09 { offset += 1 }
        let next = cursor.peek(offset)
        guard next == UInt8(ascii: "\n") || (next == UInt8(ascii: "\r") && cursor.peek(offset + 1) == UInt8(ascii: "\n")) else {
            return false
        }
        cursor.advance(by: offset)
        while let byte = cursor.peek() {
            if byte == 0x20 || byte == 0x09 {
                cursor.advance()
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                try skipNewline()
            } else {
                break
            }
        }
        return true
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`.
    private mutating func parseEscape(into out: inout [UInt8]) throws(TOMLError) {
        let position = cursor.position
        cursor.advance()
        guard let byte = cursor.peek() else {
            throw TOMLError(.unterminatedString, "unterminated string after a backslash", at: cursor.position)
        }
        let simple: UInt8?
        switch byte {
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "u"), UInt8(ascii: "U"): simple = nil
        default:
            throw TOMLError(.invalidEscape, "invalid escape \\\(describeEscapeCharacter(byte)) (TOML knows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)", at: position)
        }
        cursor.advance()
        if let simple {
            out.append(simple)
            return
        }
        let digits = byte == UInt8(ascii: "u") ? 4 : 8
        var code: UInt32 = 0
        for _ in 0..<digits {
            guard let digit = cursor.peek().flatMap(hexValue) else {
                throw TOMLError(.invalidEscape, "\\\(Character(Unicode.Scalar(byte))) needs exactly \(digits) hexadecimal digits", at: position)
            }
            code = code << 4 | UInt32(digit)
            cursor.advance()
        }
        guard let scalar = Unicode.Scalar(code) else {
            throw TOMLError(.invalidEscape, "escape \\\(Character(Unicode.Scalar(byte)))\(String(code, radix: 16, uppercase: true)) is not a Unicode scalar value", at: position)
        }
        out.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// A line feed, or a carriage return before one (a lone one is a control character).
    private func isLineEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && cursor.peek(1) == UInt8(ascii: "\n"))
    }

    private func describeEscapeCharacter(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? String(Character(Unicode.Scalar(byte))) : "followed by \(describeCurrent())"
    }

    /// Copies one byte of string content, refusing control characters (tab is allowed).
    private mutating func appendStringByte(_ byte: UInt8, into out: inout [UInt8]) throws(TOMLError) {
        guard !byte.isForbiddenControl else { throw controlCharacter(byte) }
        out.append(byte)
        cursor.advance()
    }

    private func controlCharacter(_ byte: UInt8) -> TOMLError {
        TOMLError(.invalidCharacter, "control character \(hex(byte)) in a string (write it as an escape)", at: cursor.position)
    }
}

/// The value of a hexadecimal digit.
func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
}
