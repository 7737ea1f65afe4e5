extension TOMLParser {
    /// An integer, float or date-time: the characters up to the next delimiter, classified by
    /// their shape (a date-time has a `:` or starts with `dddd-`).
    mutating func parseNumberOrDateTime() throws(TOMLError) -> TOMLValue {
        let position = cursor.position
        let start = cursor.index
        skipToken()
        // A date and a time may be separated by a space: `1979-05-27 07:32:00`.
        if cursor.index - start == 10, isDateShape(start), cursor.peek() == 0x20,
           cursor.peek(1)?.isDecimalDigit == true, cursor.peek(2)?.isDecimalDigit == true, cursor.peek(3) == UInt8(ascii: ":") {
            cursor.advance()
            skipToken()
        }
        let token = Array(cursor.bytes[start..<cursor.index])
        guard isValueEnd(cursor.peek()) else {
            throw TOMLError(.syntax, "invalid value (strings need quotes)", at: position)
        }
        if token.contains(UInt8(ascii: ":")) || isDateShape(start) {
            var reader = TOMLDateTimeReader(token: token, position: position)
            return .dateTime(try reader.read())
        }
        return try parseNumber(token, at: position)
    }

    private mutating func skipToken() {
        while let byte = cursor.peek(),
              byte.isBareKeyCharacter || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":") {
            cursor.advance()
        }
    }

    /// Whether the input at `start` begins with `dddd-`.
    private func isDateShape(_ start: Int) -> Bool {
        let bytes = cursor.bytes
        guard start + 5 <= bytes.count else { return false }
        return (0..<4).allSatisfy { bytes[start + $0].isDecimalDigit } && bytes[start + 4] == UInt8(ascii: "-")
    }

    private func parseNumber(_ token: [UInt8], at position: TOMLPosition) throws(TOMLError) -> TOMLValue {
        func invalid(_ why: String) -> TOMLError {
            TOMLError(.invalidNumber, "invalid number \(String(decoding: token.prefix(40), as: UTF8.self)): \(why)", at: position)
        }
        var body = token[...]
        var sign: UInt8?
        if let first = body.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            sign = first
            body = body.dropFirst()
        }
        if body.elementsEqual("inf".utf8) { return .float(sign == UInt8(ascii: "-") ? -.infinity : .infinity) }
        if body.elementsEqual("nan".utf8) { return .float(sign == UInt8(ascii: "-") ? -.nan : .nan) }
        if body.count >= 2, body.first == UInt8(ascii: "0"), let radix = Self.radix(body[body.startIndex + 1]) {
            guard sign == nil else { throw invalid("hexadecimal, octal and binary integers take no sign") }
            let digits = body.dropFirst(2)
            guard Self.isDigitRun(digits, radix: radix) else { throw invalid("bad digits for base \(radix)") }
            var value: Int64 = 0
            for digit in digits where digit != UInt8(ascii: "_") {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: Int64(radix))
                let (sum, overflow2) = shifted.addingReportingOverflow(Int64(hexValue(digit)!))
                guard !overflow1, !overflow2 else { throw invalid("out of the 64-bit range") }
                value = sum
            }
            return .integer(value)
        }
        // Decimal: integer part, then an optional fraction and exponent.
        let integerEnd = body.firstIndex { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? body.endIndex
        let integerPart = body[..<integerEnd]
        guard Self.isDigitRun(integerPart, radix: 10) else { throw invalid("expected digits (single underscores may separate them)") }
        guard integerPart.first != UInt8(ascii: "0") || integerPart.count == 1 else { throw invalid("leading zeros are not allowed") }
        var rest = body[integerEnd...]
        let clean = String(decoding: token.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if rest.isEmpty {
            guard let value = Int64(clean) else { throw invalid("out of the 64-bit range") }
            return .integer(value)
        }
        if rest.first == UInt8(ascii: ".") {
            rest = rest.dropFirst()
            let fractionEnd = rest.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? rest.endIndex
            guard Self.isDigitRun(rest[..<fractionEnd], radix: 10) else { throw invalid("a decimal point needs digits on both sides") }
            rest = rest[fractionEnd...]
        }
        if let e = rest.first {
            precondition(e == UInt8(ascii: "e") || e == UInt8(ascii: "E"), "the integer part ends at . or e")
            rest = rest.dropFirst()
            if let s = rest.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { rest = rest.dropFirst() }
            guard Self.isDigitRun(rest, radix: 10) else { throw invalid("the exponent needs digits") }
        }
        guard let value = Double(clean) else { throw invalid("not a float") }
        return .float(value)
    }

    private static func radix(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "x"): 16
        case UInt8(ascii: "o"): 8
        case UInt8(ascii: "b"): 2
        default: nil
        }
    }

    /// One or more digits of `radix`, with single underscores only between digits.
    private static func isDigitRun(_ digits: ArraySlice<UInt8>, radix: Int) -> Bool {
        guard let first = digits.first, let last = digits.last, first != UInt8(ascii: "_"), last != UInt8(ascii: "_") else {
            return false
        }
        var previousUnderscore = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                if previousUnderscore { return false }
                previousUnderscore = true
                continue
            }
            previousUnderscore = false
            guard let value = hexValue(byte), Int(value) < radix else { return false }
        }
        return true
    }
}
