/// Property values as text: read from the command line by the type of the tag they are for,
/// and shown to people.
public enum PropertyValueText {
    /// The value of `text` for `tag`'s type; `invalidArgument` (naming `expression`) when it
    /// does not read as one.
    static func parse(_ text: Substring, as tag: PropertyTag, expression: String) throws(TesseraClientError) -> PropertyValue {
        func bad(_ what: String) -> TesseraClientError {
            FilterSyntax.invalid(expression, "\"\(text)\" is not \(what) (\(tag.name ?? tag.description))")
        }
        switch tag.type {
        case .unicode?: return .unicode(String(text))
        case .string8?: return .string8(String(text))
        case .long? where tag == .importance:
            guard let value = importance(text) ?? integer(text).flatMap(Int32.init(exactly:)) else { throw bad("low, normal or high") }
            return .long(value)
        case .long?:
            guard let value = integer(text).flatMap(Int32.init(exactly:)) else { throw bad("a 32-bit integer") }
            return .long(value)
        case .short?:
            guard let value = integer(text).flatMap(Int16.init(exactly:)) else { throw bad("a 16-bit integer") }
            return .short(value)
        case .i8?:
            guard let value = integer(text) else { throw bad("an integer") }
            return .i8(value)
        case .boolean?:
            guard let value = boolean(text) else { throw bad("true or false") }
            return .boolean(value)
        case .sysTime?:
            guard let value = DateText.parse(String(text)) else { throw bad("a date (2024-05-01 or 2024-05-01T10:30)") }
            return .sysTime(value)
        case .double?:
            guard let value = Double(text) else { throw bad("a number") }
            return .double(value)
        case .binary?:
            guard let value = EntryID(hex: String(text)) else { throw bad("hex bytes") }
            return .binary(value.bytes)
        default:
            throw FilterSyntax.invalid(expression, "\(tag.diagnosticName) cannot be compared on the command line")
        }
    }

    /// `true`/`yes`/`1` and `false`/`no`/`0`, any case.
    static func boolean(_ text: Substring) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "1": true
        case "false", "no", "0": false
        default: nil
        }
    }

    /// A decimal integer with an optional binary suffix: `1500`, `64k`, `2M`, `1G`.
    static func integer(_ text: Substring) -> Int64? {
        let multipliers: [Character: Int64] = ["k": 1 << 10, "K": 1 << 10, "m": 1 << 20, "M": 1 << 20, "g": 1 << 30, "G": 1 << 30]
        guard let last = text.last else { return nil }
        if let multiplier = multipliers[last] {
            guard let base = Int64(text.dropLast()) else { return nil }
            let (product, overflow) = base.multipliedReportingOverflow(by: multiplier)
            return overflow ? nil : product
        }
        return Int64(text)
    }

    /// PR_IMPORTANCE's names.
    static func importance(_ text: Substring) -> Int32? {
        switch text.lowercased() {
        case "low": 0
        case "normal": 1
        case "high": 2
        default: nil
        }
    }
}

extension PropertyValueText {
    /// A value as one line of text for people: strings as they are (line breaks shown as
    /// `⏎`), times as ``DateText``, binaries as hex (the first `maxBytes`, then `…`), lists
    /// in brackets.
    public static func display(_ value: PropertyValue, maxBytes: Int = 32) -> String {
        func hex(_ bytes: [UInt8]) -> String {
            EntryID(Array(bytes.prefix(maxBytes))).hex + (bytes.count > maxBytes ? "… (\(bytes.count) bytes)" : "")
        }
        func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
        switch value {
        case .string8(let s), .unicode(let s): return s.replacingLineBreaks()
        case .short(let v): return String(v)
        case .long(let v): return String(v)
        case .i8(let v): return String(v)
        case .currency(let v): return String(v)
        case .float(let v): return String(v)
        case .double(let v), .appTime(let v): return String(v)
        case .boolean(let v): return v ? "true" : "false"
        case .error(let code): return "error " + ServerFault(code: code, name: "", message: "").hexCode
        case .sysTime(let t): return DateText.format(t)
        case .clsid(let g): return g.description
        case .binary(let b): return hex(b)
        case .multiShort(let v): return list(v.map { String($0) })
        case .multiLong(let v): return list(v.map { String($0) })
        case .multiI8(let v), .multiCurrency(let v): return list(v.map { String($0) })
        case .multiFloat(let v): return list(v.map { String($0) })
        case .multiDouble(let v), .multiAppTime(let v): return list(v.map { String($0) })
        case .multiString8(let v), .multiUnicode(let v): return list(v.map { $0.replacingLineBreaks() })
        case .multiSysTime(let v): return list(v.map(DateText.format))
        case .multiClsid(let v): return list(v.map(\.description))
        case .multiBinary(let v): return list(v.map(hex))
        }
    }
}

extension String {
    /// Line breaks as `⏎`, so that a value stays on one line.
    func replacingLineBreaks() -> String {
        String(map { $0.isNewline ? "⏎" : $0 })
    }
}
