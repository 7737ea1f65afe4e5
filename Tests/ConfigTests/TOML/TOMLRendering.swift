import Config

/// A compact, deterministic rendering of a parsed document for comparing with expectations,
/// in the spirit of toml-test's tagged JSON: tables `{k=v,…}` with sorted keys, arrays
/// `[…]`, strings quoted with escapes, integers bare, floats `f:1.5`, booleans bare,
/// date-times `odt:` `ldt:` `ld:` `lt:` + text.
enum TOMLRendering {
    static func render(_ table: TOMLTable) -> String {
        "{" + table.keys.sorted().map { key in quoteKey(key) + "=" + render(table[key]!.value.value) }.joined(separator: ",") + "}"
    }

    static func render(_ value: TOMLValue) -> String {
        switch value {
        case .string(let s): return quote(s)
        case .integer(let i): return String(i)
        case .float(let d): return "f:" + (d.isNaN ? "nan" : String(describing: d))
        case .boolean(let b): return String(b)
        case .dateTime(let t):
            let tag = switch t.kind {
            case .offsetDateTime: "odt"
            case .localDateTime: "ldt"
            case .localDate: "ld"
            case .localTime: "lt"
            }
            return tag + ":" + t.text
        case .array(let elements): return "[" + elements.map { render($0.value) }.joined(separator: ",") + "]"
        case .table(let t): return render(t)
        }
    }

    static func quoteKey(_ key: String) -> String {
        !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
            ? key : quote(key)
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
