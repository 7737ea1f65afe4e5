extension TOMLParser {
    /// Any value, chosen by its first character. `depth` is the nesting level of the value
    /// (against ``TOMLLimits/maximumDepth``).
    mutating func parseValue(depth: Int) throws(TOMLError) -> TOMLNode {
        let position = cursor.position
        guard depth <= limits.maximumDepth else {
            throw TOMLError(.limitExceeded, "values are nested more than \(limits.maximumDepth) deep", at: position)
        }
        let value: TOMLValue
        switch cursor.peek() {
        case UInt8(ascii: "\"")?:
            value = .string(cursor.starts(with: "\"\"\"") ? try parseMultilineBasicString() : try parseBasicString())
        case UInt8(ascii: "'")?:
            value = .string(cursor.starts(with: "'''") ? try parseMultilineLiteralString() : try parseLiteralString())
        case UInt8(ascii: "t")?:
            value = .boolean(try parseKeyword("true"))
        case UInt8(ascii: "f")?:
            value = .boolean(try parseKeyword("false"))
        case UInt8(ascii: "[")?:
            value = .array(try parseArray(depth: depth))
        case UInt8(ascii: "{")?:
            value = .table(try parseInlineTable(depth: depth))
        case let byte? where byte.isDecimalDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "i") || byte == UInt8(ascii: "n"):
            value = try parseNumberOrDateTime()
        case let byte? where byte.isBareKeyCharacter:
            throw TOMLError(.syntax, "invalid value (strings need quotes)", at: position)
        default:
            throw unexpected("where a value should be")
        }
        return TOMLNode(value, at: position)
    }

    /// `true` or `false`, not followed by more letters; returns whether it was `true`.
    private mutating func parseKeyword(_ word: StaticString) throws(TOMLError) -> Bool {
        let position = cursor.position
        guard cursor.starts(with: word) else {
            throw TOMLError(.syntax, "invalid value (strings need quotes; booleans are true and false)", at: position)
        }
        cursor.advance(by: word.utf8CodeUnitCount)
        guard isValueEnd(cursor.peek()) else {
            throw TOMLError(.syntax, "invalid value (strings need quotes; booleans are true and false)", at: position)
        }
        return word.utf8CodeUnitCount == 4
    }

    /// Whether `byte` may follow a number, boolean or date-time.
    func isValueEnd(_ byte: UInt8?) -> Bool {
        guard let byte else { return true }
        switch byte {
        case 0x20, 0x09, UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"), UInt8(ascii: ","),
             UInt8(ascii: "]"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    /// `[ v, v, … ]`, over several lines if need be, with comments and a trailing comma allowed.
    private mutating func parseArray(depth: Int) throws(TOMLError) -> [TOMLNode] {
        cursor.advance()
        var elements: [TOMLNode] = []
        while true {
            try skipArraySpace()
            if cursor.consume(UInt8(ascii: "]")) { return elements }
            elements.append(try parseValue(depth: depth + 1))
            try skipArraySpace()
            if cursor.consume(UInt8(ascii: "]")) { return elements }
            guard cursor.consume(UInt8(ascii: ",")) else { throw unexpected("in an array (expected , or ])") }
        }
    }

    /// Blanks, newlines and comments between array elements.
    private mutating func skipArraySpace() throws(TOMLError) {
        while let byte = cursor.peek() {
            switch byte {
            case 0x20, 0x09, UInt8(ascii: "\n"): cursor.advance()
            case UInt8(ascii: "\r"):
                guard cursor.peek(1) == UInt8(ascii: "\n") else {
                    throw TOMLError(.invalidCharacter, "a carriage return must be followed by a line feed", at: cursor.position)
                }
                cursor.advance(by: 2)
            case UInt8(ascii: "#"): try skipComment()
            default: return
            }
        }
    }

    /// `{ k = v, k.l = v }`: on one line, no trailing comma (TOML 1.0); complete as written.
    private mutating func parseInlineTable(depth: Int) throws(TOMLError) -> TOMLTable {
        let table = TOMLTableBuilder(origin: .inline, position: cursor.position, depth: depth)
        cursor.advance()
        cursor.skipBlanks()
        if cursor.consume(UInt8(ascii: "}")) { return table.build() }
        while true {
            try parseKeyValue(into: table, section: -1)
            cursor.skipBlanks()
            if cursor.consume(UInt8(ascii: "}")) { return table.build() }
            guard cursor.consume(UInt8(ascii: ",")) else {
                throw unexpected("in an inline table (expected , or }; inline tables stay on one line)")
            }
            cursor.skipBlanks()
            if cursor.peek() == UInt8(ascii: "}") {
                throw TOMLError(.syntax, "an inline table cannot end with a comma", at: cursor.position)
            }
        }
    }
}
