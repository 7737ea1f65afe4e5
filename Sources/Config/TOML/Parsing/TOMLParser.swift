/// The TOML 1.0 parser: statements (key/value pairs, `[table]` and `[[array]]` headers) and
/// keys here; values, strings, numbers and date-times in the extensions beside it.
///
/// It reads UTF-8 bytes once, front to back, with one byte of look-ahead (a few more for
/// `"""` and date-times), and builds the tree in ``TOMLTableBuilder``s, which enforce TOML's
/// rules on defining tables. Every error carries the position of the offending character.
struct TOMLParser {
    var cursor: TOMLCursor
    let limits: TOMLLimits
    /// Keys created so far, against ``TOMLLimits/maximumKeys``.
    private var keyCount = 0
    /// The number of the current `[header]` section (0 before the first), which owns the
    /// tables its dotted keys create.
    private var section = 0

    /// One part of a dotted key.
    struct KeyPart {
        var name: String
        var position: TOMLPosition
    }

    init(bytes: [UInt8], limits: TOMLLimits) throws(TOMLError) {
        guard bytes.count <= limits.maximumBytes else {
            throw TOMLError(.limitExceeded, "the input has \(bytes.count) bytes, more than the \(limits.maximumBytes) allowed", at: .start)
        }
        if let bad = firstInvalidUTF8(bytes) {
            var probe = TOMLCursor(bytes: bytes)
            probe.advance(by: bad)
            throw TOMLError(.invalidUTF8, "the input is not valid UTF-8", at: probe.position)
        }
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.cursor = TOMLCursor(bytes: bytes, start: bom)
        self.limits = limits
    }

    // MARK: Document

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        let root = TOMLTableBuilder(origin: .header, position: .start, depth: 0)
        var current = root
        while true {
            cursor.skipBlanks()
            guard let byte = cursor.peek() else { break }
            switch byte {
            case UInt8(ascii: "#"), UInt8(ascii: "\n"), UInt8(ascii: "\r"): break
            case UInt8(ascii: "["): current = try parseHeader(root: root)
            default: try parseKeyValue(into: current, section: section)
            }
            try expectLineEnd()
        }
        return root.build()
    }

    /// A value alone, with nothing but blanks and a comment after it.
    mutating func parseStandaloneValue() throws(TOMLError) -> TOMLNode {
        cursor.skipBlanks()
        let value = try parseValue(depth: 1)
        cursor.skipBlanks()
        if cursor.peek() == UInt8(ascii: "#") { try skipComment() }
        guard cursor.isAtEnd else { throw unexpected("after the value") }
        return value
    }

    /// Blanks, an optional comment, then a newline or the end of the input.
    private mutating func expectLineEnd() throws(TOMLError) {
        cursor.skipBlanks()
        if cursor.peek() == UInt8(ascii: "#") { try skipComment() }
        guard let byte = cursor.peek() else { return }
        if byte == UInt8(ascii: "\n") {
            cursor.advance()
        } else if byte == UInt8(ascii: "\r") && cursor.peek(1) == UInt8(ascii: "\n") {
            cursor.advance(by: 2)
        } else if byte == UInt8(ascii: "\r") {
            throw TOMLError(.invalidCharacter, "a carriage return must be followed by a line feed", at: cursor.position)
        } else {
            throw unexpected("at the end of the line (one key/value pair or header per line)")
        }
    }

    /// Skips `# …` up to (not including) the line end; control characters are not allowed.
    mutating func skipComment() throws(TOMLError) {
        cursor.advance()
        while let byte = cursor.peek(), byte != UInt8(ascii: "\n") {
            if byte == UInt8(ascii: "\r") && cursor.peek(1) == UInt8(ascii: "\n") { return }
            guard !byte.isForbiddenControl else {
                throw TOMLError(.invalidCharacter, "control character \(hex(byte)) in a comment", at: cursor.position)
            }
            cursor.advance()
        }
    }

    // MARK: Keys

    /// `a`, `"quoted key"`, `'literal'`, `a.b . c`: bare and quoted parts joined by dots.
    mutating func parseKey() throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            cursor.skipBlanks()
            let position = cursor.position
            let name: String
            switch cursor.peek() {
            case UInt8(ascii: "\"")?:
                if cursor.starts(with: "\"\"\"") { throw TOMLError(.syntax, "a multi-line string cannot be a key", at: position) }
                name = try parseBasicString()
            case UInt8(ascii: "'")?:
                if cursor.starts(with: "'''") { throw TOMLError(.syntax, "a multi-line string cannot be a key", at: position) }
                name = try parseLiteralString()
            case let byte? where byte.isBareKeyCharacter:
                let start = cursor.index
                while let b = cursor.peek(), b.isBareKeyCharacter { cursor.advance() }
                name = cursor.text(from: start)
            default:
                throw unexpected(parts.isEmpty ? "where a key should be" : "after the dot of a dotted key")
            }
            parts.append(KeyPart(name: name, position: position))
            guard parts.count <= limits.maximumDepth else {
                throw TOMLError(.limitExceeded, "the key has more than \(limits.maximumDepth) parts", at: position)
            }
            cursor.skipBlanks()
            guard cursor.consume(UInt8(ascii: ".")) else { return parts }
        }
    }

    // MARK: Key/value pairs

    /// `key = value` into `table` (the current section, or an inline table being built).
    mutating func parseKeyValue(into table: TOMLTableBuilder, section: Int) throws(TOMLError) {
        let key = try parseKey()
        guard cursor.consume(UInt8(ascii: "=")) else {
            throw unexpected("after the key \(dotted(key.map(\.name))) (expected =)")
        }
        cursor.skipBlanks()
        guard let byte = cursor.peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r"), byte != UInt8(ascii: "#") else {
            throw TOMLError(.syntax, "the key \(dotted(key.map(\.name))) has no value", at: cursor.position)
        }
        let value = try parseValue(depth: table.depth + key.count)
        try insert(value, at: key, into: table, section: section)
    }

    /// Stores a value under a dotted key, creating the tables before its last part.
    private mutating func insert(_ value: TOMLNode, at key: [KeyPart], into base: TOMLTableBuilder, section: Int) throws(TOMLError) {
        var table = base
        var path: [String] = []
        for part in key.dropLast() {
            path.append(part.name)
            switch table[part.name] {
            case nil:
                let child = try makeTable(.dotted(section: section), at: part.position, in: table)
                table.insert(part.name, .table(child), keyPosition: part.position)
                table = child
            case .table(let child):
                switch child.origin {
                case .header:
                    throw redefinition("table [\(dotted(path))] is defined by a header at line \(child.position.line); dotted keys cannot add to it", part, path)
                case .dotted(let owner) where owner != section:
                    throw redefinition("table \(dotted(path)) was defined by dotted keys at line \(child.position.line); it cannot be extended from another section", part, path)
                case .implicit:
                    child.origin = .dotted(section: section)
                default:
                    break
                }
                table = child
            case .tableArray(let array):
                throw redefinition("\(dotted(path)) is an array of tables (line \(array.position.line)); dotted keys cannot add to it", part, path)
            case .value(let node):
                throw redefinition("\(dotted(path)) \(describeValueSlot(node)); it cannot be extended", part, path)
            }
        }
        let last = key[key.count - 1]
        path.append(last.name)
        if let existing = table[last.name] {
            let line = table.keyPosition(last.name)?.line ?? 0
            let what: String
            if case .value = existing { what = "duplicate key \(dotted(path))" } else { what = "\(dotted(path)) is already a table" }
            throw TOMLError(.duplicateKey, "\(what) (first defined at line \(line))", at: last.position, key: dotted(path))
        }
        try countKey(at: last.position)
        table.insert(last.name, .value(value), keyPosition: last.position)
    }

    // MARK: Headers

    /// `[a.b]` or `[[a.b]]`; returns the table that the following key/value pairs go into.
    private mutating func parseHeader(root: TOMLTableBuilder) throws(TOMLError) -> TOMLTableBuilder {
        let start = cursor.position
        cursor.advance()
        let isArray = cursor.consume(UInt8(ascii: "["))
        let key = try parseKey()
        guard cursor.consume(UInt8(ascii: "]")) else { throw unexpected("in a table header (expected ])") }
        if isArray && !cursor.consume(UInt8(ascii: "]")) { throw unexpected("in an array-of-tables header (expected ]])") }
        section += 1
        var table = root
        var path: [String] = []
        for part in key.dropLast() {
            path.append(part.name)
            switch table[part.name] {
            case nil:
                let child = try makeTable(.implicit, at: start, in: table)
                table.insert(part.name, .table(child), keyPosition: part.position)
                table = child
            case .table(let child):
                table = child
            case .tableArray(let array):
                table = array.tables[array.tables.count - 1]
            case .value(let node):
                throw redefinition("\(dotted(path)) \(describeValueSlot(node)); a header cannot add to it", part, path)
            }
        }
        let last = key[key.count - 1]
        path.append(last.name)
        let name = dotted(path)
        if isArray {
            let array: TOMLTableArrayBuilder
            switch table[last.name] {
            case nil:
                array = TOMLTableArrayBuilder(position: start)
                table.insert(last.name, .tableArray(array), keyPosition: last.position)
            case .tableArray(let existing):
                array = existing
            case .table(let child):
                throw redefinition("\(name) is already a table (line \(child.position.line)); it cannot also be an array of tables", last, path)
            case .value(let node):
                throw redefinition("\(name) \(describeValueSlot(node)); [[\(name)]] cannot add to it", last, path)
            }
            let element = try makeTable(.header, at: start, in: table)
            array.tables.append(element)
            return element
        }
        switch table[last.name] {
        case nil:
            let child = try makeTable(.header, at: start, in: table)
            table.insert(last.name, .table(child), keyPosition: last.position)
            return child
        case .table(let child):
            switch child.origin {
            case .implicit:
                child.origin = .header
                child.position = start
                return child
            case .header:
                throw redefinition("table [\(name)] is defined twice (first at line \(child.position.line))", last, path)
            case .dotted, .inline:
                throw redefinition("table \(name) was already defined by dotted keys at line \(child.position.line)", last, path)
            }
        case .tableArray(let array):
            throw redefinition("\(name) is an array of tables (line \(array.position.line)); [\(name)] cannot redefine it", last, path)
        case .value(let node):
            throw redefinition("\(name) \(describeValueSlot(node))", last, path)
        }
    }

    // MARK: Helpers

    /// A new table under `parent`, within the depth and key limits.
    mutating func makeTable(_ origin: TOMLTableBuilder.Origin, at position: TOMLPosition, in parent: TOMLTableBuilder) throws(TOMLError) -> TOMLTableBuilder {
        guard parent.depth < limits.maximumDepth else {
            throw TOMLError(.limitExceeded, "tables are nested more than \(limits.maximumDepth) deep", at: position)
        }
        try countKey(at: position)
        return TOMLTableBuilder(origin: origin, position: position, depth: parent.depth + 1)
    }

    private mutating func countKey(at position: TOMLPosition) throws(TOMLError) {
        keyCount += 1
        guard keyCount <= limits.maximumKeys else {
            throw TOMLError(.limitExceeded, "the document has more than \(limits.maximumKeys) keys", at: position)
        }
    }

    private func redefinition(_ message: String, _ part: KeyPart, _ path: [String]) -> TOMLError {
        TOMLError(.tableRedefinition, message, at: part.position, key: dotted(path))
    }

    private func describeValueSlot(_ node: TOMLNode) -> String {
        switch node.value {
        case .table: "is an inline table (line \(node.position.line)), complete as written"
        case .array: "is a static array (line \(node.position.line))"
        default: "already holds a \(node.value.typeName) (line \(node.position.line))"
        }
    }

    /// "unexpected X <context>", naming the character at the cursor.
    func unexpected(_ context: String) -> TOMLError {
        TOMLError(.syntax, "unexpected \(describeCurrent()) \(context)", at: cursor.position)
    }

    /// The character at the cursor, for messages: `'x'`, `end of line`, `end of input`.
    func describeCurrent() -> String {
        guard let byte = cursor.peek() else { return "end of input" }
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "end of line"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x20: return "space"
        case 0x09: return "tab"
        case 0x80...: return "character"
        default: return "control character \(hex(byte))"
        }
    }

    func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// Keys joined with dots, quoting those that are not bare.
func dotted(_ parts: [String]) -> String {
    parts.map { part in
        !part.isEmpty && part.utf8.allSatisfy(\.isBareKeyCharacter) ? part : "\"\(part)\""
    }.joined(separator: ".")
}
